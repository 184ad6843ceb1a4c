#include "finance/portfolio/estimation.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace finchat::portfolio {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two assets, five days; B is listed from day 2.
PriceMatrix small_prices() {
  PriceMatrix p;
  p.dates = {"2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"};
  p.tickers = {"A", "B"};
  p.values.resize(5, 2);
  p.values << 100, kNaN, 110, 50, 99, 55, 108.9, 55, 119.79, 44;
  return p;
}

TEST(PriceCsv, ParsesBlanksAsMissing) {
  auto p = parse_price_csv("date,A,B\n2024-01-01,1.5,\n2024-01-02,2,3\n");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->tickers, (std::vector<std::string>{"A", "B"}));
  EXPECT_TRUE(std::isnan(p->values(0, 1)));
  EXPECT_DOUBLE_EQ(p->values(1, 1), 3.0);
}

TEST(PriceCsv, ErrorsNameLineAndColumn) {
  auto bad_number = parse_price_csv("date,A,B\n2024-01-01,1,x\n", "p.csv");
  ASSERT_FALSE(bad_number.ok());
  EXPECT_NE(bad_number.error().message.find("p.csv:2"), std::string::npos);
  EXPECT_EQ(bad_number.error().field, "B");
  auto ragged = parse_price_csv("date,A,B\n2024-01-01,1\n", "p.csv");
  ASSERT_FALSE(ragged.ok());
  EXPECT_EQ(ragged.error().field, "line 2");
  EXPECT_FALSE(parse_price_csv("date,A\n2024-01-02,1\n2024-01-01,2\n").ok());
  auto zero = parse_price_csv("date,A\n2024-01-01,0\n", "p.csv");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().field, "A");
  EXPECT_FALSE(load_price_csv("/nonexistent/prices.csv").ok());
}

TEST(Returns, PctChangeWithMissingValues) {
  PriceMatrix r = returns_from_prices(small_prices());
  ASSERT_EQ(r.rows(), 4);
  EXPECT_NEAR(r.values(0, 0), 0.1, 1e-12);
  EXPECT_TRUE(std::isnan(r.values(0, 1)));  // B has no previous price
  EXPECT_NEAR(r.values(1, 1), 0.1, 1e-12);
  EXPECT_NEAR(r.values(3, 1), -0.2, 1e-12);
  EXPECT_EQ(r.dates.front(), "2024-01-02");
}

TEST(Returns, DropsAllNanRows) {
  PriceMatrix p = small_prices();
  p.values(1, 0) = kNaN;  // day 2: A missing, B's previous missing -> all-NaN row
  PriceMatrix r = returns_from_prices(p);
  EXPECT_EQ(r.rows(), 3);
  EXPECT_EQ(r.dates.front(), "2024-01-03");
}

TEST(ExpectedReturns, MeanHistoricalHandChecked) {
  EstimationOptions opt;
  opt.frequency = 4;
  Eigen::VectorXd mu = mean_historical_return(small_prices(), opt);
  // A: returns +10%, -10%, +10%, +10% -> growth 1.1979 over 4 periods, frequency 4.
  EXPECT_NEAR(mu(0), 119.79 / 100 - 1, 1e-12);
  // B: 3 returns, growth 44/50 -> (0.88)^(4/3) - 1.
  EXPECT_NEAR(mu(1), std::pow(0.88, 4.0 / 3.0) - 1, 1e-12);
  opt.compounding = false;
  mu = mean_historical_return(small_prices(), opt);
  EXPECT_NEAR(mu(0), (0.1 - 0.1 + 0.1 + 0.1) / 4 * 4, 1e-12);
}

TEST(ExpectedReturns, LookbackUsesLastRows) {
  EstimationOptions opt;
  opt.frequency = 1;
  opt.compounding = false;
  opt.lookback = 2;  // last two prices -> one return
  Eigen::VectorXd mu = mean_historical_return(small_prices(), opt);
  EXPECT_NEAR(mu(0), 0.1, 1e-12);
  EXPECT_NEAR(mu(1), -0.2, 1e-12);
}

TEST(ExpectedReturns, EmaWeightsRecentReturnsMore) {
  EstimationOptions opt;
  opt.frequency = 1;
  opt.compounding = false;
  // span 3 -> alpha 0.5; A returns 0.1, -0.1, 0.1, 0.1 (oldest first).
  Eigen::VectorXd mu = ema_historical_return(small_prices(), 3, opt);
  const double num = 0.1 * 1 + 0.1 * 0.5 - 0.1 * 0.25 + 0.1 * 0.125;
  const double den = 1 + 0.5 + 0.25 + 0.125;
  EXPECT_NEAR(mu(0), num / den, 1e-12);
  // B: first return NaN is skipped but its position still ages the others.
  EXPECT_NEAR(mu(1), (-0.2 * 1 + 0 * 0.5 + 0.1 * 0.25) / (1 + 0.5 + 0.25), 1e-12);
}

TEST(ExpectedReturns, CapmAgainstItselfHasBetaOne) {
  PriceMatrix p = small_prices();
  PriceMatrix market;
  market.dates = p.dates;
  market.tickers = {"MKT"};
  market.values = p.values.col(0);
  EstimationOptions opt;
  opt.frequency = 4;
  auto capm = capm_return(p, &market, 0.02, opt);
  ASSERT_TRUE(capm.ok());
  EXPECT_NEAR((*capm)(0), mean_historical_return(p, opt)(0), 1e-12);
  PriceMatrix two_cols = p;
  EXPECT_FALSE(capm_return(p, &two_cols, 0.02, opt).ok());
  EXPECT_TRUE(capm_return(p, nullptr, 0.02, opt).ok());
}

TEST(Covariance, PairwiseCompleteMatchesHandComputation) {
  Eigen::MatrixXd r(4, 2);
  r << 1, kNaN, 2, 1, 3, 3, 6, 2;
  Eigen::MatrixXd cov = pairwise_cov(r);
  // A alone: mean 3, squares 4+1+0+9 = 14 -> 14/3.
  EXPECT_NEAR(cov(0, 0), 14.0 / 3.0, 1e-12);
  // Pair rows 1..3: A = 2,3,6 (mean 11/3), B = 1,3,2 (mean 2).
  const double ma = 11.0 / 3.0;
  const double cab = ((2 - ma) * (1 - 2) + (3 - ma) * (3 - 2) + (6 - ma) * 0) / 2;
  EXPECT_NEAR(cov(0, 1), cab, 1e-12);
  EXPECT_NEAR(cov(1, 0), cab, 1e-12);
  Eigen::MatrixXd corr = pairwise_corr(r);
  const double va = ((2 - ma) * (2 - ma) + (3 - ma) * (3 - ma) + (6 - ma) * (6 - ma)) / 2;
  EXPECT_NEAR(corr(0, 1), cab / std::sqrt(va * 1.0), 1e-12);
  EXPECT_DOUBLE_EQ(corr(1, 1), 1.0);
}

TEST(Covariance, CompleteDataFastPathMatchesMaskedPath) {
  Eigen::MatrixXd r = Eigen::MatrixXd::Random(50, 6) * 0.02;
  Eigen::MatrixXd with_gap = r;
  with_gap(0, 5) = kNaN;  // forces the pairwise path
  const Eigen::MatrixXd fast = pairwise_cov(r), masked = pairwise_cov(with_gap);
  EXPECT_LT((fast.topLeftCorner(5, 5) - masked.topLeftCorner(5, 5)).cwiseAbs().maxCoeff(), 1e-16);
  const Eigen::MatrixXd fast_corr = pairwise_corr(r), masked_corr = pairwise_corr(with_gap);
  EXPECT_LT((fast_corr.topLeftCorner(5, 5) - masked_corr.topLeftCorner(5, 5)).cwiseAbs().maxCoeff(),
            1e-13);
  EXPECT_LT((fast - fast.transpose()).cwiseAbs().maxCoeff(), 1e-18);
}

TEST(Covariance, SampleCovIsAnnualised) {
  EstimationOptions opt;
  opt.frequency = 10;
  PriceMatrix p = small_prices();
  Eigen::MatrixXd daily = pairwise_cov(returns_from_prices(p).values);
  EXPECT_NEAR(sample_cov(p, opt)(0, 0), daily(0, 0) * 10, 1e-12);
}

TEST(Covariance, ExpCovWithHugeSpanApproachesBiasedSampleCov) {
  PriceMatrix p;
  p.tickers = {"A", "B"};
  p.values.resize(60, 2);
  for (int t = 0; t < 60; ++t) {
    p.dates.push_back("2024-01-" + std::to_string(10 + t));
    p.values(t, 0) = 100 + 5 * std::sin(t * 0.7) + t;
    p.values(t, 1) = 50 + 3 * std::cos(t * 1.3) + 0.5 * t;
  }
  EstimationOptions opt;
  opt.frequency = 1;
  Eigen::MatrixXd e = exp_cov(p, 1e9, opt);
  Eigen::MatrixXd s = pairwise_cov(returns_from_prices(p).values) * (58.0 / 59.0);
  EXPECT_NEAR(e(0, 1), s(0, 1), 1e-9);
  EXPECT_NEAR(e(1, 1), s(1, 1), 1e-9);
}

TEST(Covariance, LedoitWolfShrinksTowardsScaledIdentity) {
  Eigen::MatrixXd r(6, 3);
  r << 0.01, 0.02, -0.01, -0.02, 0.01, 0.0, 0.03, -0.01, 0.02, 0.0, 0.0, 0.01, -0.01, 0.02, -0.02,
      0.02, -0.02, 0.01;
  ShrunkCovariance lw = ledoit_wolf_from_returns(r, 1);
  EXPECT_GT(lw.shrinkage, 0.0);
  EXPECT_LE(lw.shrinkage, 1.0);
  Eigen::MatrixXd centered = r.rowwise() - r.colwise().mean();
  Eigen::MatrixXd emp = centered.transpose() * centered / 6.0;
  const double mu = emp.trace() / 3;
  Eigen::MatrixXd expected = (1 - lw.shrinkage) * emp;
  expected.diagonal().array() += lw.shrinkage * mu;
  EXPECT_LT((lw.cov - expected).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_NEAR(lw.cov.trace(), emp.trace(), 1e-15);  // the target keeps total variance
}

TEST(Covariance, FixesNonPsdMatrices) {
  Eigen::Matrix2d bad{{1, 2}, {2, 1}};  // eigenvalues 3 and -1
  EXPECT_FALSE(is_positive_semidefinite(bad));
  Eigen::MatrixXd fixed = fix_nonpositive_semidefinite(bad);
  EXPECT_NEAR(fixed(0, 0), 1.5, 1e-12);
  EXPECT_NEAR(fixed(0, 1), 1.5, 1e-12);
  Eigen::Matrix2d good{{2, 1}, {1, 2}};
  EXPECT_EQ(fix_nonpositive_semidefinite(good), Eigen::MatrixXd(good));
}

}  // namespace
}  // namespace finchat::portfolio
