#include "market/alerts.hpp"

#include <gtest/gtest.h>

namespace finchat::market {
namespace {

Bar bar(double close, int64_t session, int64_t start) {
  Bar b;
  b.open = b.high = b.low = b.close = close;
  b.session = session;
  b.start_ms = start;
  b.volume = 100;
  return b;
}

AlertRule rule(const char* json) {
  auto r = parse_alert_rule(std::string(json));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : AlertRule{};
}

TEST(AlertParse, BadSpecsNameTheField) {
  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {"not json", "spec"},
      {"[]", "spec"},
      {R"({"symbol":"A","type":"price_cross","direction":"above","level":1})", "id"},
      {R"({"id":"a","type":"price_cross","direction":"above","level":1})", "symbol"},
      {R"({"id":"a","symbol":"A","type":"teleport"})", "type"},
      {R"({"id":"a","symbol":"A","type":"price_cross","direction":"sideways","level":1})",
       "direction"},
      {R"({"id":"a","symbol":"A","type":"price_cross","direction":"above","level":"1"})", "level"},
      {R"({"id":"a","symbol":"A","type":"price_cross","direction":"above"})", "level"},
      {R"({"id":"a","symbol":"A","type":"price_cross","direction":"above","level":1,"interval":"7m"})",
       "interval"},
      {R"({"id":"a","symbol":"A","type":"indicator","indicator":"nope","op":">","value":1})",
       "indicator"},
      {R"({"id":"a","symbol":"A","type":"indicator","indicator":"rsi","params":{"period":0},"op":">","value":70})",
       "params.period"},
      {R"({"id":"a","symbol":"A","type":"indicator","indicator":"rsi","params":{"length":3},"op":">","value":70})",
       "params.length"},
      {R"({"id":"a","symbol":"A","type":"indicator","indicator":"rsi","op":"!=","value":70})",
       "op"},
      {R"({"id":"a","symbol":"A","type":"indicator","indicator":"macd","output":"line","op":">","value":0})",
       "output"},
      {R"({"id":"a","symbol":"A","type":"pct_move","pct":0})", "pct"},
  };
  for (const auto& c : cases) {
    auto r = parse_alert_rule(std::string(c.json));
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().field, c.field) << c.json;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  }
}

TEST(AlertParse, RoundTripsThroughJson) {
  auto r = rule(
      R"({"id":"r","symbol":"NOVA","type":"indicator","indicator":"rsi","params":{"period":14},"op":">","value":70})");
  EXPECT_EQ(r.interval, Interval::d1);
  auto again = parse_alert_rule(to_json(r));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(to_json(*again), to_json(r));
}

TEST(AlertEngine, PriceCrossFiresOncePerCrossing) {
  AlertEngine e;
  ASSERT_TRUE(
      e.add(rule(R"({"id":"x","symbol":"A","type":"price_cross","direction":"above","level":100})"))
          .ok());
  EXPECT_FALSE(e.add(rule(R"({"id":"x","symbol":"A","type":"pct_move","pct":1})")).ok());
  std::vector<double> closes = {99, 101, 102, 98, 100.5, 50};
  std::vector<std::size_t> fired;
  for (std::size_t i = 0; i < closes.size(); ++i) {
    auto ev = e.on_bar("A", Interval::m1, bar(closes[i], 1, static_cast<int64_t>(i)));
    if (!ev.empty()) fired.push_back(i);
  }
  EXPECT_EQ(fired, (std::vector<std::size_t>{1, 4}));
  // Other symbols and intervals are not evaluated by this rule.
  EXPECT_TRUE(e.on_bar("B", Interval::m1, bar(200, 1, 9)).empty());
  EXPECT_TRUE(e.on_bar("A", Interval::d1, bar(200, 1, 9)).empty());
}

TEST(AlertEngine, FirstBarAboveLevelIsNotACross) {
  AlertEngine e;
  ASSERT_TRUE(
      e.add(rule(R"({"id":"x","symbol":"A","type":"price_cross","direction":"below","level":100})"))
          .ok());
  EXPECT_TRUE(e.on_bar("A", Interval::m1, bar(90, 1, 0)).empty());
  EXPECT_TRUE(e.on_bar("A", Interval::m1, bar(95, 1, 1)).empty());
  EXPECT_TRUE(e.on_bar("A", Interval::m1, bar(105, 1, 2)).empty());
  EXPECT_EQ(e.on_bar("A", Interval::m1, bar(99, 1, 3)).size(), 1u);
}

TEST(AlertEngine, IndicatorThresholdUsesStreamingIndicator) {
  AlertEngine e;
  ASSERT_TRUE(
      e
          .add(rule(
              R"({"id":"rsi","symbol":"A","type":"indicator","indicator":"rsi","params":{"period":3},"op":">","value":70})"))
          .ok());
  std::vector<double> closes = {10, 9, 8, 9, 10, 11, 12, 11, 10, 9, 10, 11, 12};
  std::vector<AlertEvent> events;
  for (std::size_t i = 0; i < closes.size(); ++i) {
    auto ev = e.on_bar("A", Interval::d1,
                       bar(closes[i], static_cast<int64_t>(i), static_cast<int64_t>(i)));
    events.insert(events.end(), ev.begin(), ev.end());
  }
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].bar_start_ms, 5);
  EXPECT_GT(events[0].value, 70);
  EXPECT_EQ(events[0].type, "indicator");
  EXPECT_EQ(to_json(events[0])["rule_id"], "rsi");
}

TEST(AlertEngine, PercentMoveFiresOncePerSession) {
  AlertEngine e;
  ASSERT_TRUE(
      e.add(rule(R"({"id":"m","symbol":"A","type":"pct_move","pct":5,"direction":"down"})")).ok());
  EXPECT_TRUE(e.on_bar("A", Interval::m1, bar(100, 1, 0)).empty());  // no reference yet
  EXPECT_TRUE(e.on_bar("A", Interval::m1, bar(94, 1, 1)).empty());   // still session 1
  auto ev = e.on_bar("A", Interval::m1, bar(89, 2, 2));              // -5.3% vs 94
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NEAR(ev[0].value, (89.0 / 94.0 - 1) * 100, 1e-9);
  EXPECT_TRUE(e.on_bar("A", Interval::m1, bar(80, 2, 3)).empty());
  EXPECT_TRUE(e.on_bar("A", Interval::m1, bar(100, 3, 4)).empty());  // up move, rule is "down"
  EXPECT_TRUE(e.remove("m"));
  EXPECT_FALSE(e.remove("m"));
}

}  // namespace
}  // namespace finchat::market
