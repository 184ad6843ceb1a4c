// Parity with TA-Lib's regression vectors (shared/data/talib). Every one of the 80 expected
// values is checked through the registry in both batch and streaming form.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "finance/technical/registry.hpp"
#include "finance/technical/test_support.hpp"

namespace finchat::technical {
namespace {

struct Spec {
  std::string name;
  Params params;
  std::string output;
};

// TA-Lib's test label -> our registry call.
const std::map<std::string, Spec>& label_table() {
  static const std::map<std::string, Spec> table = {
      {"SMA(2) close", {"sma", {{"period", 2}}, "value"}},
      {"SMA(30) close", {"sma", {{"period", 30}}, "value"}},
      {"EMA(2) close", {"ema", {{"period", 2}}, "value"}},
      {"EMA(10) close", {"ema", {{"period", 10}}, "value"}},
      {"RSI(14) close", {"rsi", {{"period", 14}}, "value"}},
      {"MACD(12,26,9) macd", {"macd", {}, "macd"}},
      {"MACD(12,26,9) signal", {"macd", {}, "signal"}},
      {"MACD(12,26,9) hist", {"macd", {}, "hist"}},
      {"BBANDS(20,2,2,SMA) upper", {"bbands", {{"period", 20}}, "upper"}},
      {"BBANDS(20,2,2,SMA) middle", {"bbands", {{"period", 20}}, "middle"}},
      {"BBANDS(20,2,2,SMA) lower", {"bbands", {{"period", 20}}, "lower"}},
      {"TRANGE", {"trange", {}, "value"}},
      {"ATR(14)", {"atr", {{"period", 14}}, "value"}},
      {"PLUS_DM(14)", {"plus_dm", {{"period", 14}}, "value"}},
      {"MINUS_DM(14)", {"minus_dm", {{"period", 14}}, "value"}},
      {"PLUS_DI(14)", {"plus_di", {{"period", 14}}, "value"}},
      {"MINUS_DI(14)", {"minus_di", {{"period", 14}}, "value"}},
      {"DX(14)", {"dx", {{"period", 14}}, "value"}},
      {"ADX(14)", {"adx", {{"period", 14}}, "value"}},
      {"ADXR(14)", {"adxr", {{"period", 14}}, "value"}},
      {"STOCH(5,3,SMA,3,SMA) slowK", {"stoch", {{"slowd", 3}}, "slowk"}},
      {"STOCH(5,3,SMA,3,SMA) slowD", {"stoch", {{"slowd", 3}}, "slowd"}},
      {"STOCH(5,3,SMA,4,SMA) slowK", {"stoch", {{"slowd", 4}}, "slowk"}},
      {"STOCH(5,3,SMA,4,SMA) slowD", {"stoch", {{"slowd", 4}}, "slowd"}},
      {"AD", {"ad", {}, "value"}},
      {"MFI(14)", {"mfi", {{"period", 14}}, "value"}},
      {"WILLR(14)", {"willr", {{"period", 14}}, "value"}},
      {"CCI(11)", {"cci", {{"period", 11}}, "value"}},
  };
  return table;
}

class TalibParity : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = testing::shared_dir() + "/data/talib/";
    if (!std::filesystem::exists(dir + "expected_values_checked.json")) {
      GTEST_SKIP() << "shared TA-Lib data not found at " << dir;
    }
    bars_ = testing::load_talib_bars(dir + "ta_regtest_252bars.csv");
    std::ifstream in(dir + "expected_values_checked.json");
    expected_ = nlohmann::json::parse(in);
  }

  const Series& batch_output(const Spec& spec) {
    const std::string key =
        spec.name + describe(*Registry::instance().find(spec.name), spec.params) + spec.output;
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    auto result = Registry::instance().compute(spec.name, spec.params, bars_.view());
    EXPECT_TRUE(result.ok());
    Series s;
    if (result.ok()) {
      for (auto& ns : *result) {
        if (ns.output == spec.output) s = ns.series;
      }
    }
    return cache_[key] = s;
  }

  // Streams all bars and returns the value at `bar` (NaN when not ready).
  double streaming_value(const Spec& spec, std::size_t bar) {
    auto stream = Registry::instance().make_stream(spec.name, spec.params);
    EXPECT_TRUE(stream.ok());
    if (!stream.ok()) return std::nan("");
    for (std::size_t i = 0; i <= bar; ++i) (*stream)->update(bars_.bar(i));
    return (*stream)->ready() ? (*stream)->value(spec.output) : std::nan("");
  }

  testing::Columns bars_;
  nlohmann::json expected_;
  std::map<std::string, Series> cache_;
};

TEST_F(TalibParity, AllEightyExpectedValuesMatch) {
  ASSERT_EQ(bars_.size(), 252u);
  ASSERT_EQ(expected_.size(), 80u);
  int checked = 0;
  for (const auto& e : expected_) {
    const std::string label = e.at("indicator");
    const auto bar = e.at("bar_index").get<std::size_t>();
    const auto out_index = e.at("out_index").get<std::size_t>();
    SCOPED_TRACE(label + " bar " + std::to_string(bar));
    auto it = label_table().find(label);
    ASSERT_NE(it, label_table().end()) << "no mapping for " << label;
    const Series& s = batch_output(it->second);
    // out_index k of an indicator whose first output is at bar b refers to bar b+k.
    ASSERT_EQ(s.begin + out_index, bar);
    ASSERT_TRUE(s.has(bar));
    const double got = s.values[out_index];
    EXPECT_NEAR(got, e.at("expected").get<double>(), 0.01);
    EXPECT_NEAR(got, e.at("computed").get<double>(), 1e-4);
    EXPECT_NEAR(streaming_value(it->second, bar), got, 1e-9 * std::max(1.0, std::fabs(got)));
    ++checked;
  }
  EXPECT_EQ(checked, 80);
}

TEST_F(TalibParity, FirstOutputBarsMatchTalibLookbacks) {
  const std::map<std::string, std::size_t> first_bar = {
      {"sma", 29},    {"ema", 29},  {"rsi", 14},     {"macd", 33},  {"atr", 14},   {"adx", 27},
      {"adxr", 40},   {"dx", 14},   {"plus_dm", 13}, {"stoch", 8},  {"willr", 13}, {"mfi", 14},
      {"obv", 0},     {"ad", 0},    {"trange", 1},   {"aroon", 14}, {"bbands", 4}, {"wma", 29},
      {"dema", 58},   {"tema", 87}, {"roc", 10},     {"mom", 10},   {"stddev", 4}, {"beta", 5},
      {"correl", 29}, {"cci", 13},  {"natr", 14}};
  for (const auto& [name, bar] : first_bar) {
    auto r = Registry::instance().compute(name, {}, bars_.view());
    ASSERT_TRUE(r.ok()) << name;
    EXPECT_EQ(r->front().series.begin, bar) << name;
    EXPECT_EQ(r->front().series.end(), bars_.size()) << name;
  }
}

}  // namespace
}  // namespace finchat::technical
