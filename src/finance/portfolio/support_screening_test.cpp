#include "finance/portfolio/support_screening.hpp"

#include <gtest/gtest.h>

#include <random>

#include "finance/portfolio/efficient_frontier.hpp"

namespace finchat::portfolio {
namespace {

struct Problem {
  Eigen::VectorXd mu;
  Eigen::MatrixXd cov;
};

// Factor-model covariance: a realistic spectrum where optimal portfolios hold few assets.
Problem random_problem(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> z(0, 1);
  Eigen::MatrixXd b(n, 3);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < 3; ++k) b(i, k) = 0.1 * z(rng);
  Eigen::VectorXd idio(n), mu(n);
  for (int i = 0; i < n; ++i) {
    idio(i) = 0.01 + 0.04 * std::abs(z(rng));
    mu(i) = 0.03 + 0.1 * std::abs(z(rng));
  }
  Eigen::MatrixXd cov = b * b.transpose();
  cov.diagonal() += idio;
  return {mu, cov};
}

// A group over everything with no limits disables screening: the full active-set solve.
WeightConstraints unscreened(int n, double cap) {
  auto c = WeightConstraints::long_only(n, cap);
  std::vector<Eigen::Index> all(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) all[static_cast<size_t>(i)] = i;
  c.groups.push_back({"all", all, -kUnbounded, kUnbounded});
  return c;
}

TEST(SupportScreening, MaxSharpeMatchesFullSolve) {
  for (unsigned seed : {1u, 2u, 3u}) {
    auto p = random_problem(120, seed);
    auto fast =
        EfficientFrontier::create(p.mu, p.cov, WeightConstraints::long_only(120))->max_sharpe(0.02);
    auto full = EfficientFrontier::create(p.mu, p.cov, unscreened(120, 1.0))->max_sharpe(0.02);
    ASSERT_TRUE(fast.ok() && full.ok());
    EXPECT_LT((*fast - *full).cwiseAbs().maxCoeff(), 1e-8) << "seed " << seed;
  }
}

TEST(SupportScreening, FrontierMatchesFullSolveWithCaps) {
  for (double cap : {1.0, 0.08}) {
    auto p = random_problem(100, 7);
    auto fast = EfficientFrontier::create(p.mu, p.cov, WeightConstraints::long_only(100, cap))
                    ->frontier(12);
    auto full = EfficientFrontier::create(p.mu, p.cov, unscreened(100, cap))->frontier(12);
    ASSERT_TRUE(fast.ok() && full.ok());
    ASSERT_EQ(fast->size(), full->size());
    for (size_t i = 0; i < fast->size(); ++i) {
      EXPECT_LT(((*fast)[i].weights - (*full)[i].weights).cwiseAbs().maxCoeff(), 1e-7)
          << "cap " << cap << " point " << i;
    }
  }
}

TEST(SupportScreening, GrowsABadSeedToTheOptimum) {
  auto p = random_problem(60, 11);
  const Eigen::VectorXd upper = Eigen::VectorXd::Ones(60);
  auto w = screened_min_variance(p.mu, p.cov, upper, std::nullopt, {0, 1});
  ASSERT_TRUE(w.has_value());
  auto full = EfficientFrontier::create(p.mu, p.cov, unscreened(60, 1.0))->min_volatility();
  EXPECT_LT((*w - *full).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_NEAR(w->sum(), 1.0, 1e-12);
  EXPECT_GE(w->minCoeff(), -1e-12);
}

}  // namespace
}  // namespace finchat::portfolio
