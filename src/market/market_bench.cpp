// Throughput of tick ingest (validation + store + bars + indicators), bar aggregation alone,
// history generation, vendor frame parsing and symbol analysis.
#include <benchmark/benchmark.h>

#include "market/analysis.hpp"
#include "market/market_state.hpp"
#include "market/simulator.hpp"
#include "market/snapshot.hpp"
#include "market/vendor.hpp"

namespace {

using namespace finchat::market;

constexpr int64_t kMidSession = 1767628800000;

// Ticks for the whole universe, 100 ms apart per round, during one session.
const std::vector<Tick>& ticks() {
  static const std::vector<Tick> t = [] {
    auto sim = MarketSimulator::create({});
    sim->generate_history(kMidSession - 3'600'000, 0);
    std::vector<Tick> out;
    for (int i = 1; i <= 6000; ++i) {
      auto batch = sim->advance_to(kMidSession - 3'600'000 + i * 100LL);
      out.insert(out.end(), batch.begin(), batch.end());
    }
    return out;
  }();
  return t;
}

void BM_TickIngest(benchmark::State& state) {
  const auto& t = ticks();
  for (auto _ : state) {
    state.PauseTiming();
    auto ms = MarketState::create(MarketCalendar{});
    state.ResumeTiming();
    for (const Tick& x : t) benchmark::DoNotOptimize((*ms)->on_tick(x));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(t.size()));
}
BENCHMARK(BM_TickIngest)->Unit(benchmark::kMillisecond);

void BM_BarAggregatorOnly(benchmark::State& state) {
  const auto& t = ticks();
  for (auto _ : state) {
    BarAggregator agg;
    for (const Tick& x : t) benchmark::DoNotOptimize(agg.on_tick(x));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(t.size()));
}
BENCHMARK(BM_BarAggregatorOnly)->Unit(benchmark::kMillisecond);

void BM_HistoryTwoYears(benchmark::State& state) {
  for (auto _ : state) {
    auto sim = MarketSimulator::create({});
    auto h = sim->generate_history(kMidSession, 504);
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(BM_HistoryTwoYears)->Unit(benchmark::kMillisecond);

void BM_ParseAlpacaTrade(benchmark::State& state) {
  const std::string frame =
      R"([{"T":"t","S":"AAPL","i":96921,"x":"V","p":189.05,"s":100,"c":["@"],"z":"C","t":"2026-01-05T14:30:00.123456789Z"}])";
  for (auto _ : state) benchmark::DoNotOptimize(parse_frame(Vendor::alpaca, frame));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAlpacaTrade);

void BM_AnalyzeSymbol(benchmark::State& state) {
  auto sim = MarketSimulator::create({});
  auto st = MarketState::create(sim->calendar());
  load_history(**st, sim->generate_history(kMidSession, 504));
  auto snap = make_snapshot(**st, "NOVA", sim->find("NOVA"), kMidSession, "simulated");
  for (auto _ : state) benchmark::DoNotOptimize(analyze_symbol(snap));
}
BENCHMARK(BM_AnalyzeSymbol)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
