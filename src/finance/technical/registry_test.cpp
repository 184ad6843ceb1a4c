#include "finance/technical/registry.hpp"

#include <gtest/gtest.h>

#include "finance/technical/test_support.hpp"

namespace finchat::technical {
namespace {

const Registry& reg() { return Registry::instance(); }

TEST(Registry, FindsIndicatorsCaseInsensitively) {
  for (const char* name :
       {"sma",   "ema", "wma", "dema",   "tema",   "rsi",  "macd",  "stoch",   "willr",
        "cci",   "roc", "mom", "bbands", "atr",    "natr", "adx",   "plus_di", "minus_di",
        "aroon", "obv", "mfi", "vwap",   "stddev", "beta", "correl"}) {
    EXPECT_NE(reg().find(name), nullptr) << name;
  }
  ASSERT_NE(reg().find("RSI"), nullptr);
  EXPECT_EQ(reg().find("RSI")->name, "rsi");
  EXPECT_EQ(reg().find("nope"), nullptr);
}

TEST(Registry, FillsDefaults) {
  auto p = reg().validate("macd", {});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->at("fast"), 12);
  EXPECT_EQ(p->at("slow"), 26);
  EXPECT_EQ(p->at("signal"), 9);
  EXPECT_EQ(describe(*reg().find("rsi"), *reg().validate("rsi", {})), "rsi(period=14)");
}

TEST(Registry, BadParametersNameTheField) {
  auto unknown = reg().validate("rsi", {{"length", 14}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "length");
  EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_argument);

  auto fractional = reg().validate("rsi", {{"period", 14.5}});
  ASSERT_FALSE(fractional.ok());
  EXPECT_EQ(fractional.error().field, "period");

  auto too_small = reg().validate("sma", {{"period", 0}});
  ASSERT_FALSE(too_small.ok());
  EXPECT_EQ(too_small.error().field, "period");

  auto order = reg().validate("macd", {{"fast", 30}, {"slow", 10}});
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().field, "fast");

  auto missing = reg().validate("bogus", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  EXPECT_EQ(missing.error().field, "name");
}

TEST(Registry, ParsesQueryStrings) {
  auto ok = reg().parse("bbands", {{"period", "20"}, {"nbdevup", "2.5"}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->at("period"), 20);
  EXPECT_EQ(ok->at("nbdevup"), 2.5);
  auto bad = reg().parse("bbands", {{"period", "20x"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "period");
  auto empty = reg().parse("rsi", {{"period", ""}});
  ASSERT_FALSE(empty.ok());
}

TEST(Registry, MismatchedColumnsAreRejectedByName) {
  const auto bars = testing::random_bars(50, 1);
  OhlcvView view = bars.view();
  view.low = view.low.first(10);
  auto r = reg().compute("atr", {}, view);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "low");
}

TEST(Registry, ComputeReturnsNamedOutputs) {
  const auto bars = testing::random_bars(100, 2);
  auto r = reg().compute("macd", {}, bars.view());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].output, "macd");
  EXPECT_EQ((*r)[2].output, "hist");
  EXPECT_EQ((*r)[0].series.begin, 33u);
}

TEST(Registry, StreamRejectsBadParamsToo) {
  auto s = reg().make_stream("adx", {{"period", 1}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "period");
}

TEST(Registry, ResultJsonListsOnlyExistingValues) {
  const auto bars = testing::random_bars(30, 3);
  std::vector<int64_t> times;
  for (std::size_t i = 0; i < bars.size(); ++i) times.push_back(1000 * static_cast<int64_t>(i));
  auto params = *reg().validate("sma", {{"period", 10}});
  auto r = reg().compute("sma", params, bars.view());
  ASSERT_TRUE(r.ok());
  auto j = result_to_json(*reg().find("sma"), params, *r, times);
  EXPECT_EQ(j["indicator"], "sma");
  EXPECT_EQ(j["params"]["period"], 10);
  EXPECT_EQ(j["first_bar"], 9);
  ASSERT_EQ(j["outputs"]["value"].size(), 21u);
  EXPECT_EQ(j["outputs"]["value"][0]["t"], 9000);
  EXPECT_DOUBLE_EQ(j["outputs"]["value"][0]["v"].get<double>(), (*r)[0].series.values[0]);
  auto tail = result_to_json(*reg().find("sma"), params, *r, times, 5);
  EXPECT_EQ(tail["outputs"]["value"].size(), 5u);
  EXPECT_EQ(tail["outputs"]["value"][4]["t"], 29000);
}

}  // namespace
}  // namespace finchat::technical
