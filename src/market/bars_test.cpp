// Tick validation, tick store, bar aggregation and the market state hub.
#include <gtest/gtest.h>

#include <cmath>

#include "market/bar_aggregator.hpp"
#include "market/market_state.hpp"
#include "market/tick_store.hpp"
#include "market/tick_validator.hpp"

namespace finchat::market {
namespace {

// 2026-01-05 14:30:00 UTC = NYSE open.
constexpr int64_t kOpen = 1767623400000;

Tick tick(const char* sym, double price, double size, int64_t ts, uint64_t seq = 0) {
  return Tick{sym, price, size, ts, seq, "test"};
}

TEST(TickValidator, DropsAndCountsBadTicksByReason) {
  TickValidator v;
  EXPECT_EQ(v.check(tick("A", 10, 1, kOpen, 1)), TickVerdict::accepted);
  EXPECT_EQ(v.check(tick("A", 10, 1, kOpen, 1)), TickVerdict::duplicate);
  EXPECT_EQ(v.check(tick("A", 10, 1, kOpen + 5, 3)), TickVerdict::accepted);
  EXPECT_EQ(v.check(tick("A", 10, 1, kOpen + 6, 2)), TickVerdict::out_of_order);
  EXPECT_EQ(v.check(tick("A", -1, 1, kOpen + 7, 4)), TickVerdict::malformed);
  EXPECT_EQ(v.check(tick("A", NAN, 1, kOpen + 7, 4)), TickVerdict::malformed);
  EXPECT_EQ(v.check(tick("", 1, 1, kOpen + 7, 4)), TickVerdict::malformed);
  EXPECT_EQ(v.check(tick("A", 1, -5, kOpen + 7, 4)), TickVerdict::malformed);
  // Unsequenced: older timestamps are out of order, exact repeats duplicates.
  EXPECT_EQ(v.check(tick("B", 5, 1, kOpen + 10)), TickVerdict::accepted);
  EXPECT_EQ(v.check(tick("B", 5, 1, kOpen + 10)), TickVerdict::duplicate);
  EXPECT_EQ(v.check(tick("B", 5, 2, kOpen + 10)), TickVerdict::accepted);
  EXPECT_EQ(v.check(tick("B", 5, 1, kOpen + 9)), TickVerdict::out_of_order);
  auto c = v.counts();
  EXPECT_EQ(c["accepted"], 4u);
  EXPECT_EQ(c["duplicate"], 2u);
  EXPECT_EQ(c["out_of_order"], 2u);
  EXPECT_EQ(c["malformed"], 4u);
}

TEST(TickStore, KeepsTheNewestTicksPerSymbol) {
  TickStore store(3);
  for (int i = 0; i < 5; ++i) store.add(tick("A", 10 + i, 1, kOpen + i));
  store.add(tick("B", 1, 1, kOpen));
  auto r = store.recent("A", 10);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r.front().price, 12);
  EXPECT_EQ(r.back().price, 14);
  EXPECT_EQ(store.recent("A", 1).front().price, 14);
  EXPECT_EQ(store.size("B"), 1u);
  EXPECT_TRUE(store.recent("C", 5).empty());
}

TEST(BarAggregator, BuildsOhlcvAtEveryInterval) {
  BarAggregator agg;
  const double prices[] = {100, 102, 99, 101, 103};
  for (int i = 0; i < 5; ++i) agg.on_tick(tick("A", prices[i], 10, kOpen + i * 20'000));
  // 0s, 20s, 40s fall in minute 0; 60s, 80s in minute 1.
  auto m1 = agg.bars("A", Interval::m1);
  ASSERT_EQ(m1.size(), 2u);
  EXPECT_EQ(m1[0].open, 100);
  EXPECT_EQ(m1[0].high, 102);
  EXPECT_EQ(m1[0].low, 99);
  EXPECT_EQ(m1[0].close, 99);
  EXPECT_EQ(m1[0].volume, 30);
  EXPECT_EQ(m1[0].trades, 3u);
  EXPECT_EQ(m1[1].close, 103);
  auto d1 = agg.bars("A", Interval::d1);
  ASSERT_EQ(d1.size(), 1u);
  EXPECT_EQ(d1[0].high, 103);
  EXPECT_EQ(d1[0].volume, 50);
  EXPECT_EQ(format_date(d1[0].session), "2026-01-05");
  EXPECT_EQ(agg.bars("A", Interval::s1).size(), 5u);
  EXPECT_EQ(agg.bars("A", Interval::m1, false).size(), 1u);
}

TEST(BarAggregator, DailyBarsFollowTheExchangeDateNotUtc) {
  BarAggregator agg;
  // 20:59 UTC on Jan 5 is still Jan 5 in New York; 05:00 UTC Jan 6 is Jan 6 00:00 ET.
  agg.on_tick(tick("A", 10, 1, kOpen + 6 * 3600000LL));
  agg.on_tick(tick("A", 11, 1, kOpen + 14 * 3600000LL + 30 * 60000LL));
  auto d = agg.bars("A", Interval::d1);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(format_date(d[0].session), "2026-01-05");
  EXPECT_EQ(format_date(d[1].session), "2026-01-06");
}

TEST(BarAggregator, FlushClosesFinishedBarsAndStaleDataIsIgnored) {
  BarAggregator agg;
  std::vector<ClosedBar> closed = agg.on_tick(tick("A", 10, 1, kOpen));
  EXPECT_TRUE(closed.empty());
  closed = agg.flush(kOpen + 60'000);
  // 1s and 1m closed; 5m, 1h and 1d still open.
  ASSERT_EQ(closed.size(), 2u);
  EXPECT_EQ(closed[0].interval, Interval::s1);
  EXPECT_EQ(closed[1].interval, Interval::m1);
  Bar old;
  old.start_ms = kOpen - 3600'000;
  old.open = old.high = old.low = old.close = 1;
  agg.add_bar("A", Interval::m1, old);
  EXPECT_EQ(agg.bars("A", Interval::m1).back().close, 10);
  EXPECT_GT(agg.stale_updates(), 0u);
}

TEST(MarketState, BadTicksNeverReachBarsAndIndicatorsUpdateOnClose) {
  MarketStateOptions o;
  o.indicator_interval = Interval::m1;
  o.indicators = {{"sma", {{"period", 2}}}};
  auto state = MarketState::create(MarketCalendar{}, o);
  ASSERT_TRUE(state.ok());
  std::vector<ClosedBar> seen;
  (*state)->on_bar([&](const ClosedBar& c) { seen.push_back(c); });
  auto& s = **state;
  EXPECT_EQ(s.on_tick(tick("A", 100, 1, kOpen, 1)), TickVerdict::accepted);
  EXPECT_EQ(s.on_tick(tick("A", 1e9, 1, kOpen + 1, 1)), TickVerdict::duplicate);
  EXPECT_EQ(s.on_tick(tick("A", -3, 1, kOpen + 2, 2)), TickVerdict::malformed);
  EXPECT_EQ(s.on_tick(tick("A", 104, 1, kOpen + 60'000, 3)), TickVerdict::accepted);
  EXPECT_EQ(s.on_tick(tick("A", 1, 1, kOpen + 30'000, 2)), TickVerdict::out_of_order);
  EXPECT_EQ(s.on_tick(tick("A", 106, 1, kOpen + 120'000, 4)), TickVerdict::accepted);
  auto m1 = s.bars("A", Interval::m1);
  ASSERT_EQ(m1.size(), 3u);
  for (const Bar& b : m1) {
    EXPECT_GE(b.low, 100);
    EXPECT_LE(b.high, 106);
  }
  auto ind = s.indicators("A");
  ASSERT_EQ(ind.count("sma(period=2).value"), 1u);
  EXPECT_DOUBLE_EQ(ind["sma(period=2).value"], 102.0);  // closed minutes 100 and 104
  EXPECT_EQ(s.tick_counts()["malformed"], 1u);
  EXPECT_FALSE(seen.empty());
  EXPECT_EQ(s.last_tick("A")->price, 106);
}

TEST(MarketState, RejectsBadIndicatorRequests) {
  MarketStateOptions o;
  o.indicators = {{"rsi", {{"period", 0}}}};
  auto state = MarketState::create(MarketCalendar{}, o);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().field, "period");
}

}  // namespace
}  // namespace finchat::market
