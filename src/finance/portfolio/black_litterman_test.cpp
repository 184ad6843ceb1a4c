#include "finance/portfolio/black_litterman.hpp"

#include <gtest/gtest.h>

namespace finchat::portfolio {
namespace {

BlackLittermanInput two_asset_input() {
  BlackLittermanInput in;
  in.cov = Eigen::Matrix2d{{0.04, 0.01}, {0.01, 0.09}};
  in.prior = Eigen::Vector2d(0.06, 0.08);
  in.tau = 0.05;
  return in;
}

TEST(BlackLitterman, HeLittermanAbsoluteViewMovesHalfway) {
  // With omega = tau p S p', a single absolute view moves that asset halfway to the view.
  BlackLittermanInput in = two_asset_input();
  in.views = {absolute_view(2, 0, 0.10)};
  auto post = black_litterman(in);
  ASSERT_TRUE(post.ok()) << post.error().message;
  EXPECT_NEAR(post->posterior_returns(0), 0.08, 1e-12);
  // The other asset moves by its regression on the first: 0.02 * 0.01 / 0.04.
  EXPECT_NEAR(post->posterior_returns(1), 0.08 + 0.02 * 0.25, 1e-12);
  EXPECT_NEAR(post->omega(0, 0), 0.05 * 0.04, 1e-15);
  // Posterior covariance = S + tau S - tau S p'(p tau S p' + omega)^-1 p tau S.
  EXPECT_NEAR(post->posterior_cov(0, 0), 0.04 + 0.002 - 0.002 * 0.002 / 0.004, 1e-12);
}

TEST(BlackLitterman, IdzorekFullConfidenceIsExact) {
  BlackLittermanInput in = two_asset_input();
  in.omega_method = OmegaMethod::idzorek;
  in.views = {relative_view(2, 1, 0, 0.05, 1.0)};
  auto post = black_litterman(in);
  ASSERT_TRUE(post.ok());
  EXPECT_NEAR(post->posterior_returns(1) - post->posterior_returns(0), 0.05, 1e-12);
  in.views[0].confidence = 0.0;  // no confidence: the prior survives
  post = black_litterman(in);
  ASSERT_TRUE(post.ok());
  EXPECT_NEAR(post->posterior_returns(0), 0.06, 1e-6);
  in.views[0].confidence = 1.5;
  auto bad = black_litterman(in);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "views[0].confidence");
}

TEST(BlackLitterman, HigherConfidenceMovesFurther) {
  BlackLittermanInput in = two_asset_input();
  in.omega_method = OmegaMethod::idzorek;
  double previous = in.prior(0);
  for (double c : {0.2, 0.5, 0.8}) {
    in.views = {absolute_view(2, 0, 0.12, c)};
    auto post = black_litterman(in);
    ASSERT_TRUE(post.ok());
    EXPECT_GT(post->posterior_returns(0), previous);
    previous = post->posterior_returns(0);
  }
}

TEST(BlackLitterman, WeightsAndPriorsAreConsistent) {
  // Reverse optimisation: the prior implied by market weights gives back those weights.
  Eigen::Matrix2d cov{{0.04, 0.01}, {0.01, 0.09}};
  auto pi = market_implied_prior_returns(Eigen::Vector2d(3, 1), 2.5, cov, 0.0);
  ASSERT_TRUE(pi.ok());
  BlackLittermanResult r{*pi, cov, Eigen::MatrixXd()};
  auto w = black_litterman_weights(r, 2.5);
  ASSERT_TRUE(w.ok());
  EXPECT_NEAR((*w)(0), 0.75, 1e-12);
  EXPECT_FALSE(market_implied_prior_returns(Eigen::Vector2d(-1, 1), 2.5, cov, 0).ok());
}

TEST(BlackLitterman, RejectsBadViews) {
  BlackLittermanInput in = two_asset_input();
  EXPECT_FALSE(black_litterman(in).ok());  // no views
  in.views = {View{Eigen::Vector3d(1, 0, 0), 0.1, 0.5}};
  EXPECT_FALSE(black_litterman(in).ok());
  in.views = {absolute_view(2, 0, 0.1)};
  in.omega_method = OmegaMethod::explicit_matrix;
  EXPECT_FALSE(black_litterman(in).ok());  // omega missing
  in.omega = Eigen::MatrixXd::Constant(1, 1, 0.001);
  EXPECT_TRUE(black_litterman(in).ok());
}

TEST(BlackLitterman, RiskAversionFromMarketSeries) {
  PriceMatrix m;
  m.tickers = {"SPY"};
  m.dates = {"d1", "d2", "d3"};
  m.values = Eigen::Vector3d(100, 110, 99);  // returns +10%, -10%
  auto delta = market_implied_risk_aversion(m, 0.0, 1);
  ASSERT_TRUE(delta.ok());
  EXPECT_NEAR(*delta, 0.0 / 0.02, 1e-12);  // mean 0, variance 0.02
}

}  // namespace
}  // namespace finchat::portfolio
