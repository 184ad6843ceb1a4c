#include "market/analysis.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "market/calendar.hpp"
#include "market/trend.hpp"

namespace finchat::market {
namespace {

std::vector<Bar> bars_from(const std::vector<double>& closes, int64_t first_day = 19000) {
  std::vector<Bar> out;
  MarketCalendar cal;
  int64_t day = first_day;
  for (std::size_t i = 0; i < closes.size(); ++i) {
    while (!cal.is_trading_day(day)) ++day;
    const double open = i ? closes[i - 1] : closes[i];
    Bar b;
    b.session = day;
    b.start_ms = cal.day_start_ms(day);
    b.open = open;
    b.close = closes[i];
    b.high = std::max(open, closes[i]) + 0.2;
    b.low = std::min(open, closes[i]) - 0.2;
    b.volume = 1000 + 10 * (i % 7);
    out.push_back(b);
    ++day;
  }
  return out;
}

SymbolSnapshot snapshot(const std::string& sym, const std::string& sector, std::vector<Bar> d) {
  SymbolSnapshot s;
  s.symbol = sym;
  s.sector = sector;
  s.daily = std::move(d);
  s.as_of_ms = 1'700'000'000'000;
  s.source = "simulated";
  return s;
}

std::vector<double> trend(double start, double step, int n, double wiggle = 0.3) {
  std::vector<double> v;
  v.reserve(n);
  for (int i = 0; i < n; ++i) v.push_back(start + step * i + wiggle * std::sin(i * 1.7));
  return v;
}

const nlohmann::json& value(const std::vector<Fact>& f, const std::string& name) {
  const Fact* x = find_fact(f, name);
  EXPECT_NE(x, nullptr) << name;
  static const nlohmann::json kNull;
  return x ? x->value : kNull;
}

TEST(Analysis, SteadyRiseIsAnOverboughtUptrend) {
  auto s = snapshot("NOVA", "Technology", bars_from(trend(50, 0.5, 260)));
  auto facts = analyze_symbol(s);
  EXPECT_EQ(value(facts, "regime"), "uptrend");
  EXPECT_EQ(value(facts, "rsi_14_signal"), "overbought");
  EXPECT_GT(value(facts, "rsi_14").get<double>(), 70);
  EXPECT_EQ(value(facts, "price_vs_sma_50"), "above");
  EXPECT_EQ(value(facts, "ma_structure"), "sma50_above_sma200");
  EXPECT_EQ(value(facts, "adx_14_signal"), "strong_trend");
  EXPECT_EQ(value(facts, "trend_direction"), "bullish");
  const auto& d = s.daily;
  const double expected_1d = (d.back().close / d[d.size() - 2].close - 1) * 100;
  EXPECT_NEAR(value(facts, "change_1d").get<double>(), expected_1d, 1e-4);
  EXPECT_NEAR(value(facts, "last_price").get<double>(), d.back().close, 1e-4);
  // Every fact carries unit, time and source.
  for (const Fact& f : facts) {
    auto j = to_json(f);
    EXPECT_TRUE(j.contains("name") && j.contains("value") && j.contains("unit"));
    EXPECT_EQ(j["as_of"], 1'700'000'000'000);
    EXPECT_EQ(j["source"], "simulated");
    EXPECT_EQ(j["subject"], "NOVA");
  }
}

TEST(Analysis, SteadyFallIsAnOversoldDowntrend) {
  auto facts = analyze_symbol(snapshot("X", "S", bars_from(trend(300, -0.5, 260))));
  EXPECT_EQ(value(facts, "regime"), "downtrend");
  EXPECT_EQ(value(facts, "rsi_14_signal"), "oversold");
  EXPECT_EQ(value(facts, "price_vs_sma_200"), "below");
}

TEST(Analysis, SupportAndResistanceComeFromSwingPoints) {
  std::vector<double> c;
  c.reserve(150);
  for (int i = 0; i < 150; ++i) c.push_back(100 + 10 * std::sin(i * 2 * M_PI / 30));
  c.push_back(100);
  auto facts = analyze_symbol(snapshot("X", "S", bars_from(c)));
  const auto& res = value(facts, "resistance_levels");
  const auto& sup = value(facts, "support_levels");
  ASSERT_FALSE(res.empty());
  ASSERT_FALSE(sup.empty());
  // Swing highs sit near 110 (+ the 0.2 wick), swing lows near 90.
  EXPECT_NEAR(res[0].get<double>(), 110.2, 0.6);
  EXPECT_NEAR(sup[0].get<double>(), 89.8, 0.6);
  EXPECT_LE(res.size(), 3u);
  EXPECT_TRUE(find_fact(facts, "pivot_point") != nullptr);
}

TEST(Analysis, DetectsGapsAndBreakouts) {
  auto c = trend(100, 0.0, 60, 0.5);
  auto d = bars_from(c);
  // A 5% gap up five sessions ago that never filled, closing above the 20-session high.
  const std::size_t g = d.size() - 5;
  for (std::size_t i = g; i < d.size(); ++i) {
    d[i].open = d[g - 1].close * 1.05 + (i - g);
    d[i].close = d[i].open + 0.5;
    d[i].low = d[i].open - 0.1;
    d[i].high = d[i].close + 0.1;
  }
  auto facts = analyze_symbol(snapshot("X", "S", d));
  const auto& gaps = value(facts, "recent_gaps");
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0]["direction"], "up");
  EXPECT_NEAR(gaps[0]["size_pct"].get<double>(), 5.0, 1e-3);
  EXPECT_EQ(gaps[0]["filled"], false);
  EXPECT_EQ(gaps[0]["date"], format_date(d[g].session));
  const auto& br = value(facts, "recent_breakouts");
  ASSERT_FALSE(br.empty());
  EXPECT_EQ(br[0]["type"], "breakout_high");
}

TEST(Analysis, ShortHistoryYieldsFewerFactsNotErrors) {
  auto facts = analyze_symbol(snapshot("X", "S", bars_from({10, 11})));
  EXPECT_TRUE(find_fact(facts, "last_price"));
  EXPECT_FALSE(find_fact(facts, "rsi_14"));
  EXPECT_EQ(value(facts, "regime"), "insufficient_history");
  auto none = analyze_symbol(snapshot("X", "S", {}));
  EXPECT_EQ(value(none, "data_available"), false);
}

TEST(Labels, Thresholds) {
  EXPECT_STREQ(rsi_label(70), "overbought");
  EXPECT_STREQ(rsi_label(50), "neutral");
  EXPECT_STREQ(rsi_label(30), "oversold");
  EXPECT_STREQ(adx_label(30), "strong_trend");
  EXPECT_STREQ(adx_label(22), "developing_trend");
  EXPECT_STREQ(adx_label(10), "no_trend");
  EXPECT_STREQ(regime_label(110, 100, 90, 30), "uptrend");
  EXPECT_STREQ(regime_label(110, 100, 90, 10), "range");
}

TEST(MarketTrend, BreadthSectorsAndMovers) {
  std::vector<SymbolSnapshot> u;
  u.push_back(snapshot("UP1", "Tech", bars_from(trend(50, 0.5, 260))));
  u.push_back(snapshot("UP2", "Tech", bars_from(trend(50, 0.8, 260))));
  u.push_back(snapshot("UP3", "Energy", bars_from(trend(50, 0.1, 260))));
  u.push_back(snapshot("DN1", "Energy", bars_from(trend(300, -0.5, 260))));
  u.push_back(snapshot("DN2", "Utilities", bars_from(trend(300, -0.2, 260, 0.0))));
  auto idx = snapshot("IDX", "Index", bars_from(trend(500, -3, 260)));
  idx.is_index = true;
  u.push_back(idx);
  auto facts = analyze_market(u);
  // 1d changes depend on the wiggle; count them directly.
  int adv = 0;
  for (int i = 0; i < 5; ++i) {
    const auto& d = u[i].daily;
    adv += d.back().close > d[d.size() - 2].close;
  }
  EXPECT_EQ(find_fact(facts, "advancers")->value, adv);
  EXPECT_EQ(find_fact(facts, "advancers")->value.get<int>() +
                find_fact(facts, "decliners")->value.get<int>() +
                find_fact(facts, "unchanged")->value.get<int>(),
            5);
  EXPECT_EQ(find_fact(facts, "pct_above_sma_50")->value, 60.0);
  EXPECT_EQ(find_fact(facts, "leading_sector")->value, "Tech");
  EXPECT_EQ(find_fact(facts, "lagging_sector")->value, "Utilities");
  EXPECT_EQ(find_fact(facts, "regime", "IDX")->value, "downtrend");
  EXPECT_EQ(find_fact(facts, "regime", "UP1")->value, "uptrend");
  EXPECT_EQ(find_fact(facts, "regime", "DN1")->value, "downtrend");
  int uptrends = 0;
  for (const Fact& f : facts)
    uptrends += f.name == "regime" && f.subject != "IDX" && f.value == "uptrend";
  EXPECT_EQ(find_fact(facts, "regime_count", "uptrend")->value, uptrends);
  const Fact* top = find_fact(facts, "top_gainer");
  ASSERT_NE(top, nullptr);
  EXPECT_NE(top->subject, "IDX");
  EXPECT_TRUE(find_fact(facts, "volatility_regime"));
  auto tech = analyze_market(u, TrendOptions{"Tech"});
  EXPECT_EQ(find_fact(tech, "symbols_analyzed")->value, 2);
  EXPECT_EQ(find_fact(tech, "pct_above_sma_200")->value, 100.0);
}

}  // namespace
}  // namespace finchat::market
