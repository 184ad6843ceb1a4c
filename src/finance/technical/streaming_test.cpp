// Streaming forms agree with batch forms bar for bar, plus direct checks of the definitions.
#include <gtest/gtest.h>

#include <cmath>

#include "finance/technical/directional.hpp"
#include "finance/technical/momentum.hpp"
#include "finance/technical/moving_average.hpp"
#include "finance/technical/registry.hpp"
#include "finance/technical/statistic.hpp"
#include "finance/technical/test_support.hpp"
#include "finance/technical/volatility.hpp"
#include "finance/technical/volume.hpp"

namespace finchat::technical {
namespace {

void expect_stream_matches_batch(const std::string& name, const Params& params,
                                 const testing::Columns& bars) {
  SCOPED_TRACE(name + " " + describe(*Registry::instance().find(name), params));
  auto batch = Registry::instance().compute(name, params, bars.view());
  ASSERT_TRUE(batch.ok()) << batch.error().message;
  auto stream = Registry::instance().make_stream(name, params);
  ASSERT_TRUE(stream.ok());
  std::size_t compared = 0;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const bool ready = (*stream)->update(bars.bar(i));
    for (std::size_t k = 0; k < batch->size(); ++k) {
      const Series& s = (*batch)[k].series;
      ASSERT_EQ(ready, s.has(i)) << "output " << (*batch)[k].output << " bar " << i;
      if (!ready) continue;
      const double want = s.at_bar(i);
      const double got = (*stream)->values()[k];
      ASSERT_NEAR(got, want, 1e-9 * std::max(1.0, std::fabs(want)))
          << "output " << (*batch)[k].output << " bar " << i;
      ++compared;
    }
  }
  EXPECT_GT(compared, 0u);
}

TEST(Streaming, EveryRegisteredIndicatorMatchesBatchOnRandomSeries) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    const auto bars = testing::random_bars(600, seed);
    for (const IndicatorInfo* info : Registry::instance().list()) {
      expect_stream_matches_batch(info->name, {}, bars);
    }
  }
}

TEST(Streaming, NonDefaultParametersMatchBatch) {
  const auto bars = testing::random_bars(400, 9);
  expect_stream_matches_batch("macd", {{"fast", 5}, {"slow", 35}, {"signal", 5}}, bars);
  expect_stream_matches_batch("stoch", {{"fastk", 14}, {"slowk", 1}, {"slowd", 5}}, bars);
  expect_stream_matches_batch("bbands", {{"period", 20}, {"nbdevup", 1.5}}, bars);
  expect_stream_matches_batch("adx", {{"period", 5}}, bars);
  expect_stream_matches_batch("adxr", {{"period", 2}}, bars);
  expect_stream_matches_batch("aroon", {{"period", 25}}, bars);
  expect_stream_matches_batch("atr", {{"period", 1}}, bars);
  expect_stream_matches_batch("wma", {{"period", 3}}, bars);
  expect_stream_matches_batch("correl", {{"period", 10}}, bars);
}

TEST(Definitions, RsiOfRisingSeriesIs100AndFallingIs0) {
  std::vector<double> up, down;
  for (int i = 0; i < 40; ++i) {
    up.push_back(10.0 + i);
    down.push_back(100.0 - i);
  }
  EXPECT_DOUBLE_EQ(rsi(up).values.back(), 100.0);
  EXPECT_DOUBLE_EQ(rsi(down).values.back(), 0.0);
}

TEST(Definitions, SmaWmaEmaOnKnownValues) {
  std::vector<double> x = {1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(sma(x, 3).values.back(), 4.0);
  EXPECT_DOUBLE_EQ(wma(x, 3).values.back(), (3 * 1 + 4 * 2 + 5 * 3) / 6.0);
  // EMA(3): seed 2 at bar 2, then k = 0.5.
  EXPECT_DOUBLE_EQ(ema(x, 3).values[0], 2.0);
  EXPECT_DOUBLE_EQ(ema(x, 3).values[1], 3.0);
  EXPECT_DOUBLE_EQ(ema(x, 3).values[2], 4.0);
  EXPECT_EQ(sma(x, 6).values.size(), 0u);
  EXPECT_EQ(sma(x, 6).begin, x.size());
}

TEST(Definitions, StddevIsPopulationDeviation) {
  std::vector<double> x = {2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_NEAR(stddev(x, 8).values.back(), 2.0, 1e-12);
  std::vector<double> flat(10, 3.0);
  EXPECT_EQ(stddev(flat, 5).values.back(), 0.0);
}

TEST(Definitions, CorrelAndBetaOfScaledSeries) {
  const auto bars = testing::random_bars(200, 4);
  std::vector<double> doubled;
  for (double c : bars.close) doubled.push_back(2 * c + 5);
  EXPECT_NEAR(correl(bars.close, doubled, 30).values.back(), 1.0, 1e-9);
  // Asset returns exactly twice the benchmark's: beta 2.
  std::vector<double> bench = {100}, asset = {100};
  for (int i = 1; i < 50; ++i) {
    const double r = 0.01 * std::sin(i * 1.3);
    bench.push_back(bench.back() * (1 + r));
    asset.push_back(asset.back() * (1 + 2 * r));
  }
  EXPECT_NEAR(beta(asset, bench, 10).values.back(), 2.0, 1e-9);
}

TEST(Definitions, VwapRestartsEachSession) {
  std::vector<double> h = {11, 12, 21}, l = {9, 10, 19}, c = {10, 11, 20}, v = {100, 300, 50};
  std::vector<int64_t> session = {1, 1, 2};
  Series s = vwap(h, l, c, v, session);
  EXPECT_DOUBLE_EQ(s.values[1], (10.0 * 100 + 11.0 * 300) / 400.0);
  EXPECT_DOUBLE_EQ(s.values[2], 20.0);
}

TEST(Definitions, ObvAddsOnUpDaysSubtractsOnDownDays) {
  std::vector<double> c = {10, 11, 10.5, 10.5}, v = {5, 7, 3, 9};
  Series s = obv(c, v);
  EXPECT_EQ(s.values, (std::vector<double>{5, 12, 9, 9}));
}

TEST(Definitions, AroonCountsBarsSinceExtremeWithNewestTieWinning) {
  std::vector<double> high = {1, 5, 2, 5, 3}, low = {1, 0, 2, 3, 3};
  AroonSeries a = aroon(high, low, 4);
  ASSERT_EQ(a.up.values.size(), 1u);
  EXPECT_DOUBLE_EQ(a.up.values[0], 100.0 / 4 * (4 - 1));    // the 5 at bar 3 wins the tie
  EXPECT_DOUBLE_EQ(a.down.values[0], 100.0 / 4 * (4 - 3));  // low 0 at bar 1
}

TEST(Definitions, MacdSwapsFastAndSlowLikeTalib) {
  const auto bars = testing::random_bars(120, 5);
  auto a = macd(bars.close, 12, 26, 9);
  auto b = macd(bars.close, 26, 12, 9);
  EXPECT_EQ(a.macd.values, b.macd.values);
}

TEST(Definitions, ShortInputYieldsEmptySeriesNotCrash) {
  std::vector<double> x = {1, 2};
  EXPECT_TRUE(rsi(x).values.empty());
  EXPECT_TRUE(adx(x, x, x).values.empty());
  EXPECT_TRUE(macd(x).signal.values.empty());
  EXPECT_TRUE(stoch(x, x, x).slow_d.values.empty());
  EXPECT_TRUE(mfi(x, x, x, x).values.empty());
  EXPECT_TRUE(beta(x, x).values.empty());
  std::vector<double> none;
  EXPECT_TRUE(obv(none, none).values.empty());
}

}  // namespace
}  // namespace finchat::technical
