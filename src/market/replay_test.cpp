#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/clock.hpp"
#include "market/bar_aggregator.hpp"
#include "market/csv_import.hpp"
#include "market/replay_feed.hpp"

namespace finchat::market {
namespace {

std::string prices_dir() { return std::string(FINCHAT_SHARED_DIR) + "/data/prices/"; }

#define REQUIRE_SHARED(file)                                          \
  if (!std::filesystem::exists(prices_dir() + (file))) {              \
    GTEST_SKIP() << "shared data missing: " << prices_dir() + (file); \
  }

TEST(CsvImport, AppleFileIsAdjustedByAdjCloseRatio) {
  REQUIRE_SHARED("finance-charts-apple.csv");
  MarketCalendar cal;
  auto raw = load_ohlcv_csv(prices_dir() + "finance-charts-apple.csv", cal, {false});
  auto adj = load_ohlcv_csv(prices_dir() + "finance-charts-apple.csv", cal, {true});
  ASSERT_TRUE(raw.ok()) << raw.error().message;
  ASSERT_TRUE(adj.ok());
  ASSERT_EQ(raw->size(), 506u);
  EXPECT_EQ(format_date(raw->front().session), "2015-02-17");
  EXPECT_EQ(format_date(raw->back().session), "2017-02-16");
  // First row: close 127.830002, adjusted 122.905254.
  EXPECT_DOUBLE_EQ(raw->front().close, 127.830002);
  EXPECT_NEAR(adj->front().close, 122.905254, 1e-9);
  const double ratio = 122.905254 / 127.830002;
  EXPECT_NEAR(adj->front().open, 127.489998 * ratio, 1e-9);
  EXPECT_NEAR(adj->front().volume, 63152400 / ratio, 1e-6);
  for (const Bar& b : *adj) {
    EXPECT_GE(b.high, std::max(b.open, b.close) - 1e-9);
    EXPECT_LE(b.low, std::min(b.open, b.close) + 1e-9);
  }
}

TEST(CsvImport, WideCloseMatrix) {
  REQUIRE_SHARED("stockdata.csv");
  auto m = load_close_matrix(prices_dir() + "stockdata.csv");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->closes.size(), 5u);
  ASSERT_EQ(m->days.size(), 2306u);
  EXPECT_EQ(format_date(m->days.front()), "2007-01-03");
  EXPECT_DOUBLE_EQ(m->closes.at("MSFT").front(), 23.950705);
  EXPECT_DOUBLE_EQ(m->closes.at("GSPC").back(), 1978.349976);
  auto bars = m->bars("AAPL", MarketCalendar{});
  EXPECT_EQ(bars.size(), 2306u);
}

TEST(CsvImport, BadInputNamesLineAndField) {
  MarketCalendar cal;
  auto missing = parse_ohlcv_csv("Date,Open,High,Low,Close\n", cal);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "volume");
  auto bad_number = parse_ohlcv_csv(
      "Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,x,0.5,1.5,100\n",
      cal, {}, "f.csv");
  ASSERT_FALSE(bad_number.ok());
  EXPECT_EQ(bad_number.error().field, "high");
  EXPECT_NE(bad_number.error().message.find("f.csv:3"), std::string::npos);
  auto bad_date =
      parse_ohlcv_csv("Date,Open,High,Low,Close,Volume\n2020-13-02,1,2,0.5,1.5,1\n", cal);
  EXPECT_EQ(bad_date.error().field, "date");
  auto inverted =
      parse_ohlcv_csv("Date,Open,High,Low,Close,Volume\n2020-01-02,1,0.9,0.5,1.5,1\n", cal);
  EXPECT_EQ(inverted.error().field, "high");
  auto dup = parse_ohlcv_csv(
      "Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,1\n2020-01-02,1,2,0.5,1.5,1\n", cal);
  EXPECT_EQ(dup.error().field, "date");
  EXPECT_EQ(load_ohlcv_csv("/nonexistent.csv", cal).error().kind, ErrorKind::not_found);
  // Descending files are sorted; an Adj Close column named that way is recognised.
  auto desc = parse_ohlcv_csv(
      "date,open,high,low,close,volume,Adj "
      "Close\n2020-01-03,2,2,2,2,10,1\n2020-01-02,1,1,1,1,10,1\n",
      cal);
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(format_date(desc->front().session), "2020-01-02");
  EXPECT_DOUBLE_EQ(desc->back().close, 1.0);
  EXPECT_DOUBLE_EQ(desc->back().volume, 20.0);
}

TEST(Replay, TicksRebuildTheDailyBarsExactly) {
  REQUIRE_SHARED("finance-charts-apple.csv");
  MarketCalendar cal;
  auto bars = load_ohlcv_csv(prices_dir() + "finance-charts-apple.csv", cal);
  ASSERT_TRUE(bars.ok());
  auto ticks = replay_ticks({{"AAPL", *bars}}, cal);
  ASSERT_EQ(ticks.size(), 4 * bars->size());
  BarAggregator agg(cal);
  for (const Tick& t : ticks) {
    EXPECT_EQ(t.source, "replay");
    EXPECT_TRUE(cal.is_open(t.ts_ms));
    agg.on_tick(t);
  }
  auto daily = agg.bars("AAPL", Interval::d1);
  ASSERT_EQ(daily.size(), bars->size());
  for (std::size_t i = 0; i < daily.size(); ++i) {
    EXPECT_EQ(daily[i].session, (*bars)[i].session);
    EXPECT_DOUBLE_EQ(daily[i].open, (*bars)[i].open);
    EXPECT_DOUBLE_EQ(daily[i].high, (*bars)[i].high);
    EXPECT_DOUBLE_EQ(daily[i].low, (*bars)[i].low);
    EXPECT_DOUBLE_EQ(daily[i].close, (*bars)[i].close);
    EXPECT_NEAR(daily[i].volume, (*bars)[i].volume, 1e-6);
  }
}

TEST(Replay, FeedPacesTicksBySpeed) {
  REQUIRE_SHARED("stockdata.csv");
  MarketCalendar cal;
  auto m = load_close_matrix(prices_dir() + "stockdata.csv");
  ASSERT_TRUE(m.ok());
  std::vector<ReplaySeries> series{{"MSFT", m->bars("MSFT", cal)}, {"IBM", m->bars("IBM", cal)}};
  ManualClock clock(1'000'000);
  // One market day per clock second.
  ReplayFeed feed(series, cal, clock, 86'400.0);
  std::size_t got = 0;
  int64_t last_ts = 0;
  bool ordered = true;
  feed.subscribe([&](const Tick& t) {
    ++got;
    ordered = ordered && t.ts_ms >= last_ts;
    last_ts = t.ts_ms;
  });
  EXPECT_EQ(feed.pump(clock.now_ms()), 2u);  // both symbols' first open tick
  clock.advance(std::chrono::milliseconds(1000));
  const std::size_t after_one_second = feed.pump(clock.now_ms());
  // The first session's remaining ticks plus the next day's open: 2 * 3 + 2.
  EXPECT_EQ(after_one_second, 8u);
  clock.advance(std::chrono::hours(24 * 10));
  feed.pump(clock.now_ms());
  EXPECT_TRUE(feed.finished());
  EXPECT_EQ(got, feed.total_ticks());
  EXPECT_TRUE(ordered);
}

}  // namespace
}  // namespace finchat::market
