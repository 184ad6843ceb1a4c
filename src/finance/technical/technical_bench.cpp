// Streaming updates per second and batch throughput for representative indicators.
#include <benchmark/benchmark.h>

#include <random>

#include "finance/technical/registry.hpp"

namespace {

using namespace finchat::technical;

struct Data {
  std::vector<double> open, high, low, close, volume, bench;
  std::vector<int64_t> session;
  explicit Data(std::size_t n) {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> step(0, 1);
    double p = 100;
    for (std::size_t i = 0; i < n; ++i) {
      const double o = p;
      p = std::max(1.0, p + step(rng));
      open.push_back(o);
      high.push_back(std::max(o, p) + 0.5);
      low.push_back(std::min(o, p) - 0.5);
      close.push_back(p);
      volume.push_back(1000 + i % 500);
      bench.push_back(50 + 0.5 * p);
      session.push_back(static_cast<int64_t>(i / 390));
    }
  }
  OhlcvView view() const { return {open, high, low, close, volume, session, bench}; }
};

const Data& data() {
  static const Data d(100000);
  return d;
}

const char* const kNames[] = {"sma", "ema", "rsi",   "macd", "stoch", "willr", "cci",    "bbands",
                              "atr", "adx", "aroon", "mfi",  "vwap",  "beta",  "correl", "tema"};

void BM_Streaming(benchmark::State& state) {
  const char* name = kNames[state.range(0)];
  state.SetLabel(name);
  const Data& d = data();
  auto stream = Registry::instance().make_stream(name, {});
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % d.close.size();
    BarInput b{d.open[k], d.high[k], d.low[k], d.close[k], d.volume[k], d.session[k], d.bench[k]};
    benchmark::DoNotOptimize((*stream)->update(b));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Streaming)->DenseRange(0, sizeof(kNames) / sizeof(kNames[0]) - 1);

void BM_Batch(benchmark::State& state) {
  const char* name = kNames[state.range(0)];
  state.SetLabel(name);
  const Data& d = data();
  for (auto _ : state) {
    auto r = Registry::instance().compute(name, {}, d.view());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.close.size()));
}
BENCHMARK(BM_Batch)
    ->DenseRange(0, sizeof(kNames) / sizeof(kNames[0]) - 1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
