// Optimiser benchmarks on a synthetic 500-asset, 2,520-day (10-year) factor-model market.
// What each case includes is in its name: "Estimate" = returns + mean + sample covariance
// from prices; "MaxSharpe"/"Frontier" = the QP solves only, given mu and S.
#include <benchmark/benchmark.h>

#include <random>

#include "finance/portfolio/efficient_frontier.hpp"
#include "finance/portfolio/estimation.hpp"
#include "finance/portfolio/hrp.hpp"
#include "finance/portfolio/risk_parity.hpp"

namespace finchat::portfolio {
namespace {

constexpr int kAssets = 500;
constexpr int kDays = 2520;

const PriceMatrix& synthetic_prices() {
  static const PriceMatrix prices = [] {
    std::mt19937 rng(42);
    std::normal_distribution<double> normal(0.0, 1.0);
    const int factors = 5;
    Eigen::MatrixXd loadings(kAssets, factors);
    Eigen::VectorXd drift(kAssets), idio(kAssets);
    for (int i = 0; i < kAssets; ++i) {
      for (int k = 0; k < factors; ++k) loadings(i, k) = 0.006 * normal(rng);
      drift(i) = (0.02 + 0.12 * std::abs(normal(rng))) / 252;
      idio(i) = 0.008 + 0.01 * std::abs(normal(rng));
    }
    PriceMatrix p;
    p.values.resize(kDays + 1, kAssets);
    p.values.row(0).setConstant(100.0);
    Eigen::VectorXd f(factors);
    for (int t = 1; t <= kDays; ++t) {
      for (int k = 0; k < factors; ++k) f(k) = normal(rng);
      for (int i = 0; i < kAssets; ++i) {
        const double r = drift(i) + loadings.row(i).dot(f) + idio(i) * normal(rng);
        p.values(t, i) = p.values(t - 1, i) * (1.0 + r);
      }
    }
    p.dates.resize(kDays + 1);  // ascending day labels
    for (int t = 0; t <= kDays; ++t) p.dates[static_cast<size_t>(t)] = std::to_string(100000 + t);
    p.tickers.resize(kAssets);
    for (int i = 0; i < kAssets; ++i) p.tickers[static_cast<size_t>(i)] = std::to_string(i);
    return p;
  }();
  return prices;
}

struct Estimates {
  Eigen::VectorXd mu;
  Eigen::MatrixXd cov;
};

const Estimates& estimates() {
  static const Estimates e{mean_historical_return(synthetic_prices()),
                           sample_cov(synthetic_prices())};
  return e;
}

EfficientFrontier frontier(double max_weight) {
  return *EfficientFrontier::create(estimates().mu, estimates().cov,
                                    WeightConstraints::long_only(kAssets, max_weight));
}

// The same problem with a no-op group over all assets: that turns off support screening, so
// these cases time the plain full active-set solve (the baseline the screening is measured
// against).
EfficientFrontier full_active_set(double max_weight) {
  auto c = WeightConstraints::long_only(kAssets, max_weight);
  std::vector<Eigen::Index> all(kAssets);
  for (int i = 0; i < kAssets; ++i) all[static_cast<size_t>(i)] = i;
  c.groups.push_back({"all", all, -kUnbounded, kUnbounded});
  return *EfficientFrontier::create(estimates().mu, estimates().cov, c);
}

void BM_Estimate_MeanAndSampleCov(benchmark::State& state) {
  const PriceMatrix& p = synthetic_prices();
  for (auto _ : state) {
    Eigen::VectorXd mu = mean_historical_return(p);
    Eigen::MatrixXd cov = sample_cov(p);
    benchmark::DoNotOptimize(mu.data());
    benchmark::DoNotOptimize(cov.data());
  }
}

void BM_MaxSharpe_SolveOnly(benchmark::State& state) {
  const EfficientFrontier ef = frontier(1.0);
  int active = 0;
  for (auto _ : state) {
    auto w = ef.max_sharpe(0.02);
    active = static_cast<int>((w->array() > 1e-9).count());
    benchmark::DoNotOptimize(w->data());
  }
  state.counters["holdings"] = active;
}

void BM_MaxSharpe_FullActiveSet(benchmark::State& state) {
  const EfficientFrontier ef = full_active_set(1.0);
  for (auto _ : state) {
    auto w = ef.max_sharpe(0.02);
    benchmark::DoNotOptimize(w->data());
  }
}

void BM_MaxSharpe_EstimateAndSolve(benchmark::State& state) {
  const PriceMatrix& p = synthetic_prices();
  for (auto _ : state) {
    auto ef = EfficientFrontier::create(mean_historical_return(p), sample_cov(p),
                                        WeightConstraints::long_only(kAssets));
    auto w = ef->max_sharpe(0.02);
    benchmark::DoNotOptimize(w->data());
  }
}

void BM_MinVolatility_Capped5pct(benchmark::State& state) {
  const EfficientFrontier ef = frontier(0.05);
  for (auto _ : state) {
    auto w = ef.min_volatility();
    benchmark::DoNotOptimize(w->data());
  }
}

void BM_Frontier50Points(benchmark::State& state) {
  const EfficientFrontier ef = frontier(1.0);
  for (auto _ : state) {
    auto points = ef.frontier(50, 0.02);
    benchmark::DoNotOptimize(points->data());
  }
}

void BM_Frontier50Points_FullActiveSet(benchmark::State& state) {
  const EfficientFrontier ef = full_active_set(1.0);
  for (auto _ : state) {
    auto points = ef.frontier(50, 0.02);
    benchmark::DoNotOptimize(points->data());
  }
}

void BM_Frontier50Points_Capped5pct(benchmark::State& state) {
  const EfficientFrontier ef = frontier(0.05);
  for (auto _ : state) {
    auto points = ef.frontier(50, 0.02);
    benchmark::DoNotOptimize(points->data());
  }
}

void BM_Hrp_Single(benchmark::State& state) {
  for (auto _ : state) {
    auto h = hrp_from_covariance(estimates().cov, Linkage::single);
    benchmark::DoNotOptimize(h->weights.data());
  }
}

void BM_EqualRiskContribution(benchmark::State& state) {
  for (auto _ : state) {
    auto w = risk_parity(estimates().cov);
    benchmark::DoNotOptimize(w->data());
  }
}

BENCHMARK(BM_Estimate_MeanAndSampleCov)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MaxSharpe_SolveOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MaxSharpe_FullActiveSet)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MaxSharpe_EstimateAndSolve)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MinVolatility_Capped5pct)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frontier50Points)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frontier50Points_FullActiveSet)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Frontier50Points_Capped5pct)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Hrp_Single)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EqualRiskContribution)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace finchat::portfolio

BENCHMARK_MAIN();
