#include "market/vendor.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace finchat::market {
namespace {

struct Line {
  std::string dir;
  nlohmann::json frame;
};

std::vector<Line> load(const std::string& file) {
  std::vector<Line> out;
  std::ifstream in(std::string(FINCHAT_SHARED_DIR) + "/data/market_streams/" + file);
  std::string s;
  while (std::getline(in, s)) {
    if (s.empty()) continue;
    auto j = nlohmann::json::parse(s);
    out.push_back({j["_dir"], j["frame"]});
  }
  return out;
}

bool have_samples() {
  return std::filesystem::exists(std::string(FINCHAT_SHARED_DIR) +
                                 "/data/market_streams/alpaca_v2_stocks.jsonl");
}

ParsedFrame parse_all(Vendor v, const std::vector<Line>& lines) {
  ParsedFrame all;
  for (const auto& l : lines) {
    if (l.dir != "recv") continue;
    auto f = parse_frame(v, l.frame.dump());
    EXPECT_TRUE(f.ok());
    if (!f.ok()) continue;
    all.trades.insert(all.trades.end(), f->trades.begin(), f->trades.end());
    all.quotes.insert(all.quotes.end(), f->quotes.begin(), f->quotes.end());
    all.bars.insert(all.bars.end(), f->bars.begin(), f->bars.end());
    all.control.insert(all.control.end(), f->control.begin(), f->control.end());
    all.skipped.insert(all.skipped.end(), f->skipped.begin(), f->skipped.end());
  }
  return all;
}

TEST(Vendor, AlpacaSampleFrames) {
  if (!have_samples()) GTEST_SKIP() << "shared market_streams missing";
  auto lines = load("alpaca_v2_stocks.jsonl");
  auto f = parse_all(Vendor::alpaca, lines);
  ASSERT_EQ(f.trades.size(), 1u);
  EXPECT_EQ(f.trades[0].symbol, "AAPL");
  EXPECT_EQ(f.trades[0].price, 189.05);
  EXPECT_EQ(f.trades[0].size, 100);
  EXPECT_EQ(f.trades[0].ts_ms, *parse_rfc3339_ms("2026-01-05T14:30:00.123Z"));
  EXPECT_EQ(f.trades[0].source, "alpaca");
  ASSERT_EQ(f.quotes.size(), 1u);
  EXPECT_EQ(f.quotes[0].bid, 189.04);
  EXPECT_EQ(f.quotes[0].ask_size, 3);
  ASSERT_EQ(f.bars.size(), 1u);
  EXPECT_EQ(f.bars[0].bar.volume, 15230);
  EXPECT_EQ(f.bars[0].bar.trades, 210u);
  std::vector<std::string> kinds;
  for (const auto& c : f.control) kinds.push_back(c.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"connected", "authenticated", "subscribed", "error"}));
  EXPECT_EQ(f.control.back().code, 406);
  EXPECT_TRUE(f.skipped.empty());
  // Builders reproduce the documented client messages.
  EXPECT_EQ(nlohmann::json::parse(alpaca_auth_message("<KEY_ID>", "<SECRET>")), lines[1].frame);
  EXPECT_EQ(nlohmann::json::parse(alpaca_subscribe_message({"AAPL"}, {"AAPL"}, {"*"})),
            lines[3].frame);
}

TEST(Vendor, PolygonSampleFrames) {
  if (!have_samples()) GTEST_SKIP() << "shared market_streams missing";
  auto lines = load("polygon_massive_stocks.jsonl");
  auto f = parse_all(Vendor::polygon, lines);
  ASSERT_EQ(f.trades.size(), 1u);
  EXPECT_EQ(f.trades[0].price, 192.31);
  EXPECT_EQ(f.trades[0].ts_ms, 1748476801234);
  EXPECT_EQ(f.trades[0].sequence, 1063u);
  ASSERT_EQ(f.quotes.size(), 1u);
  EXPECT_EQ(f.quotes[0].sequence, 1064u);
  ASSERT_EQ(f.bars.size(), 1u);
  EXPECT_EQ(f.bars[0].bar.start_ms, 1748476740000);
  EXPECT_EQ(f.bars[0].bar.high, 192.34);
  std::vector<std::string> kinds;
  for (const auto& c : f.control) kinds.push_back(c.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"connected", "authenticated", "subscribed"}));
  EXPECT_EQ(nlohmann::json::parse(polygon_auth_message("<API_KEY>")), lines[1].frame);
  EXPECT_EQ(nlohmann::json::parse(polygon_subscribe_message({"T.AAPL", "Q.AAPL", "AM.AAPL"})),
            lines[3].frame);
}

TEST(Vendor, FinnhubSampleFrames) {
  if (!have_samples()) GTEST_SKIP() << "shared market_streams missing";
  auto lines = load("finnhub_trades.jsonl");
  auto f = parse_all(Vendor::finnhub, lines);
  ASSERT_EQ(f.trades.size(), 2u);
  EXPECT_EQ(f.trades[1].symbol, "TSLA");
  EXPECT_EQ(f.trades[1].ts_ms, 1672348887195);
  EXPECT_EQ(f.trades[0].size, 1);
  ASSERT_EQ(f.control.size(), 1u);
  EXPECT_EQ(f.control[0].kind, "ping");
  EXPECT_EQ(nlohmann::json::parse(finnhub_subscribe_message("AAPL")), lines[0].frame);
  EXPECT_EQ(nlohmann::json::parse(finnhub_unsubscribe_message("AAPL")), lines[3].frame);
}

TEST(Vendor, MalformedFramesAndItems) {
  EXPECT_FALSE(parse_frame(Vendor::alpaca, "{not json").ok());
  EXPECT_EQ(parse_frame(Vendor::polygon, "42").error().field, "frame");
  EXPECT_FALSE(parse_frame(Vendor::finnhub, "[]").ok());
  // A bad item is skipped; good items in the same frame survive.
  auto f = parse_frame(Vendor::alpaca,
                       R"([{"T":"t","S":"A","p":"x","s":1,"t":"2026-01-05T14:30:00Z"},
                           {"T":"t","S":"B","p":2.5,"s":1,"t":"2026-01-05T14:30:00Z"},
                           {"T":"t","S":"C","p":2.5,"s":1,"t":"yesterday"}])");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->trades.size(), 1u);
  EXPECT_EQ(f->trades[0].symbol, "B");
  EXPECT_EQ(f->skipped.size(), 2u);
  auto fh = parse_frame(Vendor::finnhub, R"({"type":"trade","data":[{"s":"A","p":1}]})");
  ASSERT_TRUE(fh.ok());
  EXPECT_TRUE(fh->trades.empty());
  EXPECT_EQ(fh->skipped.size(), 1u);
}

TEST(Vendor, Rfc3339) {
  EXPECT_EQ(*parse_rfc3339_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*parse_rfc3339_ms("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(*parse_rfc3339_ms("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(*parse_rfc3339_ms("2026-01-05T14:30:00.123456789Z"), 1767623400123);
  EXPECT_FALSE(parse_rfc3339_ms("2026-01-05T14:30:00").ok());
  EXPECT_FALSE(parse_rfc3339_ms("2026-01-05 25:30:00Z").ok());
  EXPECT_FALSE(parse_rfc3339_ms("2026-01-05T14:30:00.Z").ok());
}

TEST(Vendor, SequenceGapDetection) {
  SequenceGapDetector d;
  EXPECT_FALSE(d.observe("AAPL", 1063));
  EXPECT_FALSE(d.observe("AAPL", 1064));
  auto gap = d.observe("AAPL", 1070);
  ASSERT_TRUE(gap);
  EXPECT_EQ(gap->expected, 1065u);
  EXPECT_EQ(gap->missing(), 5u);
  auto back = d.observe("AAPL", 1068);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->regression);
  EXPECT_FALSE(d.observe("MSFT", 5));  // keys are independent
  EXPECT_FALSE(d.observe("MSFT", 0));  // unsequenced
  EXPECT_EQ(d.gap_count(), 1u);
  EXPECT_EQ(d.missing_total(), 5u);
  EXPECT_EQ(d.regressions(), 1u);
}

}  // namespace
}  // namespace finchat::market
