// Properties that must hold for any universe: budgets, bounds, groups, frontier shape.
#include <gtest/gtest.h>

#include <random>

#include "finance/portfolio/efficient_frontier.hpp"
#include "finance/portfolio/hrp.hpp"
#include "finance/portfolio/portfolio_json.hpp"
#include "finance/portfolio/risk_parity.hpp"

namespace finchat::portfolio {
namespace {

struct RandomUniverse {
  Eigen::VectorXd mu;
  Eigen::MatrixXd cov;
};

RandomUniverse random_universe(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd factors(n, 3), noise(n, n);
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k) factors(i, k) = 0.1 * normal(rng);
  }
  RandomUniverse u;
  u.cov = factors * factors.transpose();
  for (int i = 0; i < n; ++i) u.cov(i, i) += 0.01 + 0.04 * std::abs(normal(rng));
  u.mu.resize(n);
  for (int i = 0; i < n; ++i)
    u.mu(i) = 0.03 + 0.5 * std::sqrt(u.cov(i, i)) * (1 + 0.3 * normal(rng));
  return u;
}

void expect_feasible(const Eigen::VectorXd& w, const WeightConstraints& c) {
  EXPECT_NEAR(w.sum(), 1.0, 1e-9);
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    EXPECT_GE(w(i), c.lower(i) - 1e-9);
    EXPECT_LE(w(i), c.upper(i) + 1e-9);
  }
  for (const auto& g : c.groups) {
    double s = 0;
    for (Eigen::Index m : g.members) s += w(m);
    EXPECT_LE(s, g.upper + 1e-9) << g.name;
    EXPECT_GE(s, g.lower - 1e-9) << g.name;
  }
}

class FrontierProperties : public ::testing::TestWithParam<unsigned> {};

TEST_P(FrontierProperties, OptimisersRespectBoundsAndGroups) {
  const int n = 8 + static_cast<int>(GetParam() % 5);
  RandomUniverse u = random_universe(n, GetParam());
  WeightConstraints c = WeightConstraints::long_only(n, 0.3);
  c.lower(0) = 0.02;
  c.groups.push_back({"tech", {0, 1, 2}, -kUnbounded, 0.35});
  c.groups.push_back({"defensive", {3, 4}, 0.1, kUnbounded});
  auto ef = EfficientFrontier::create(u.mu, u.cov, c);
  ASSERT_TRUE(ef.ok()) << ef.error().message;
  auto sharpe = ef->max_sharpe(0.02);
  auto minvol = ef->min_volatility();
  ASSERT_TRUE(sharpe.ok()) << sharpe.error().message;
  ASSERT_TRUE(minvol.ok()) << minvol.error().message;
  expect_feasible(*sharpe, c);
  expect_feasible(*minvol, c);
  const auto ps = portfolio_performance(*sharpe, u.mu, u.cov, 0.02);
  const auto pm = portfolio_performance(*minvol, u.mu, u.cov, 0.02);
  EXPECT_LE(pm.volatility, ps.volatility + 1e-12);
  EXPECT_GE(ps.sharpe, pm.sharpe - 1e-9);

  const double target = 0.5 * (pm.expected_return + ps.expected_return);
  auto er = ef->efficient_return(target);
  ASSERT_TRUE(er.ok());
  expect_feasible(*er, c);
  EXPECT_GE(u.mu.dot(*er), target - 1e-9);

  const double vol_target = 0.5 * (pm.volatility + ps.volatility);
  auto risk = ef->efficient_risk(vol_target);
  ASSERT_TRUE(risk.ok());
  expect_feasible(*risk, c);
  EXPECT_NEAR(std::sqrt(risk->dot(u.cov * *risk)), vol_target, 1e-8);
  EXPECT_FALSE(ef->efficient_risk(pm.volatility * 0.9).ok());
}

TEST_P(FrontierProperties, FrontierIsMonotoneAndNoPointBeatsTangency) {
  const int n = 10;
  RandomUniverse u = random_universe(n, GetParam());
  WeightConstraints c = WeightConstraints::long_only(n, 0.4);
  auto ef = EfficientFrontier::create(u.mu, u.cov, c);
  ASSERT_TRUE(ef.ok());
  auto frontier = ef->frontier(15, 0.02);
  ASSERT_TRUE(frontier.ok()) << frontier.error().message;
  ASSERT_EQ(frontier->size(), 15u);
  const double tangency = portfolio_performance(*ef->max_sharpe(0.02), u.mu, u.cov, 0.02).sharpe;
  for (size_t i = 0; i < frontier->size(); ++i) {
    const auto& p = (*frontier)[i];
    expect_feasible(p.weights, c);
    EXPECT_LE(p.performance.sharpe, tangency + 1e-7);
    if (i == 0) continue;
    EXPECT_GT(p.performance.expected_return, (*frontier)[i - 1].performance.expected_return);
    EXPECT_GT(p.performance.volatility, (*frontier)[i - 1].performance.volatility - 1e-12);
  }
  EXPECT_FALSE(ef->efficient_return(u.mu.maxCoeff() + 0.01).ok());
  nlohmann::json j = to_json(*frontier);
  ASSERT_EQ(j.size(), 15u);
  EXPECT_DOUBLE_EQ(j[3]["performance"]["volatility"].get<double>(),
                   (*frontier)[3].performance.volatility);
}

TEST_P(FrontierProperties, HrpAndRiskParityAreFullyInvestedAndPositive) {
  RandomUniverse u = random_universe(9, GetParam());
  for (Linkage m : {Linkage::single, Linkage::complete, Linkage::average, Linkage::ward}) {
    auto hrp = hrp_from_covariance(u.cov, m);
    ASSERT_TRUE(hrp.ok());
    EXPECT_NEAR(hrp->weights.sum(), 1.0, 1e-12);
    EXPECT_GT(hrp->weights.minCoeff(), 0.0);
    std::vector<Eigen::Index> sorted = hrp->order;
    std::sort(sorted.begin(), sorted.end());
    for (Eigen::Index i = 0; i < 9; ++i) EXPECT_EQ(sorted[static_cast<size_t>(i)], i);
  }
  auto erc = risk_parity(u.cov);
  ASSERT_TRUE(erc.ok());
  EXPECT_NEAR(erc->sum(), 1.0, 1e-12);
  Eigen::VectorXd rc = risk_contributions(*erc, u.cov);
  EXPECT_LT((rc.array() - 1.0 / 9).abs().maxCoeff(), 1e-10);
}

INSTANTIATE_TEST_SUITE_P(Seeds, FrontierProperties, ::testing::Values(1u, 2u, 3u, 5u, 8u, 13u));

TEST(EfficientFrontier, RejectsBadInputs) {
  Eigen::VectorXd mu = Eigen::VectorXd::Constant(3, 0.1);
  Eigen::MatrixXd cov = Eigen::MatrixXd::Identity(3, 3) * 0.04;
  EXPECT_FALSE(EfficientFrontier::create(mu, Eigen::MatrixXd::Identity(2, 2),
                                         WeightConstraints::long_only(3))
                   .ok());
  EXPECT_FALSE(EfficientFrontier::create(mu, cov, WeightConstraints::long_only(3, 0.3)).ok());
  Eigen::VectorXd nan_mu = mu;
  nan_mu(1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(EfficientFrontier::create(nan_mu, cov, WeightConstraints::long_only(3)).ok());
  auto ef = EfficientFrontier::create(mu, cov, WeightConstraints::long_only(3));
  ASSERT_TRUE(ef.ok());
  auto sharpe = ef->max_sharpe(0.2);  // every asset below the risk-free rate
  ASSERT_FALSE(sharpe.ok());
  EXPECT_EQ(sharpe.error().field, "risk_free_rate");
  EXPECT_FALSE(ef->frontier(1).ok());
}

TEST(EfficientFrontier, IdenticalAssetsSplitEvenly) {
  Eigen::VectorXd mu = Eigen::VectorXd::Constant(4, 0.1);
  Eigen::MatrixXd cov = Eigen::MatrixXd::Identity(4, 4) * 0.04;
  auto ef = EfficientFrontier::create(mu, cov, WeightConstraints::long_only(4));
  ASSERT_TRUE(ef.ok());
  auto w = ef->min_volatility();
  ASSERT_TRUE(w.ok());
  for (Eigen::Index i = 0; i < 4; ++i) EXPECT_NEAR((*w)(i), 0.25, 1e-12);
  auto s = ef->max_sharpe(0.02);
  ASSERT_TRUE(s.ok());
  for (Eigen::Index i = 0; i < 4; ++i) EXPECT_NEAR((*s)(i), 0.25, 1e-12);
}

TEST(RiskParity, BudgetedContributionsMatchBudget) {
  Eigen::Matrix3d cov{{0.04, 0.006, 0.0}, {0.006, 0.09, 0.01}, {0.0, 0.01, 0.0225}};
  Eigen::Vector3d budget(0.5, 0.3, 0.2);
  auto w = risk_parity(cov, budget);
  ASSERT_TRUE(w.ok());
  Eigen::VectorXd rc = risk_contributions(*w, cov);
  EXPECT_LT((rc - budget).cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_FALSE(risk_parity(cov, Eigen::Vector3d(1, -1, 1)).ok());
}

TEST(Hrp, TwoUncorrelatedAssetsGetInverseVarianceWeights) {
  Eigen::Matrix2d cov{{0.04, 0}, {0, 0.01}};
  auto hrp = hrp_from_covariance(cov);
  ASSERT_TRUE(hrp.ok());
  EXPECT_NEAR(hrp->weights(0), 0.2, 1e-12);
  EXPECT_NEAR(hrp->weights(1), 0.8, 1e-12);
}

TEST(Hrp, SingleLinkageMergesClosestFirst) {
  Eigen::Matrix3d d{{0, 0.1, 0.5}, {0.1, 0, 0.3}, {0.5, 0.3, 0}};
  auto steps = hierarchical_linkage(d, Linkage::single);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].left, 0);
  EXPECT_EQ(steps[0].right, 1);
  EXPECT_DOUBLE_EQ(steps[1].distance, 0.3);  // single: min(0.5, 0.3)
  EXPECT_EQ(steps[1].left, 2);
  EXPECT_EQ(steps[1].right, 3);
  auto complete = hierarchical_linkage(d, Linkage::complete);
  EXPECT_DOUBLE_EQ(complete[1].distance, 0.5);
  EXPECT_EQ(quasi_diagonal_order(steps, 3), (std::vector<Eigen::Index>{2, 0, 1}));
}

}  // namespace
}  // namespace finchat::portfolio
