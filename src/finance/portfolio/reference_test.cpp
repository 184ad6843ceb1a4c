// Reproduces PyPortfolioOpt's published results on its 20-stock test data.
#include <gtest/gtest.h>

#include <fstream>

#include "finance/portfolio/allocation.hpp"
#include "finance/portfolio/black_litterman.hpp"
#include "finance/portfolio/efficient_frontier.hpp"
#include "finance/portfolio/estimation.hpp"
#include "finance/portfolio/hrp.hpp"
#include "finance/portfolio/test_data.hpp"

namespace finchat::portfolio {
namespace {

using testing::expected_values;
using testing::stock_prices;

constexpr double kTol = 1e-4;

void expect_performance(const PortfolioPerformance& p, const nlohmann::json& expected) {
  EXPECT_NEAR(p.expected_return, expected[0].get<double>(), kTol);
  EXPECT_NEAR(p.volatility, expected[1].get<double>(), kTol);
  EXPECT_NEAR(p.sharpe, expected[2].get<double>(), kTol);
}

class ReferenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FINCHAT_REQUIRE_SHARED_DATA();
    prices_ = stock_prices();
    ASSERT_EQ(prices_.cols(), 20);
    expected_ = expected_values();
    mu_ = mean_historical_return(prices_);
    cov_ = sample_cov(prices_);
  }
  EfficientFrontier long_only() const {
    auto ef = EfficientFrontier::create(mu_, cov_, WeightConstraints::long_only(20));
    EXPECT_TRUE(ef.ok());
    return *ef;
  }
  PriceMatrix prices_;
  nlohmann::json expected_;
  Eigen::VectorXd mu_;
  Eigen::MatrixXd cov_;
};

TEST_F(ReferenceTest, MeanHistoricalReturn) {
  const auto& values = expected_["mean_historical_return_test_values"];
  for (auto it = values.begin(); it != values.end(); ++it) {
    const auto col = prices_.column_of(it.key());
    ASSERT_GE(col, 0) << it.key();
    EXPECT_NEAR(mu_(col), it.value().get<double>(), 1e-6) << it.key();
  }
}

TEST_F(ReferenceTest, MaxSharpeLongOnly) {
  auto w = long_only().max_sharpe(0.02);
  ASSERT_TRUE(w.ok()) << w.error().message;
  expect_performance(portfolio_performance(*w, mu_, cov_, 0.02),
                     expected_["efficient_frontier_tests_rf_0.02"]["max_sharpe_long_only"]);
  const auto& readme = expected_["readme_quick_example"]["weights"];
  Eigen::VectorXd cleaned = clean_weights(*w);
  for (auto it = readme.begin(); it != readme.end(); ++it) {
    EXPECT_NEAR(cleaned(prices_.column_of(it.key())), it.value().get<double>(), 2e-5) << it.key();
  }
}

TEST_F(ReferenceTest, MaxSharpeUnbounded) {
  auto ef = EfficientFrontier::create(mu_, cov_, WeightConstraints::unbounded(20));
  ASSERT_TRUE(ef.ok());
  auto w = ef->max_sharpe(0.02);
  ASSERT_TRUE(w.ok()) << w.error().message;
  expect_performance(portfolio_performance(*w, mu_, cov_, 0.02),
                     expected_["efficient_frontier_tests_rf_0.02"]["max_sharpe_short_bounds_None"]);
}

TEST_F(ReferenceTest, MinVolatility) {
  auto w = long_only().min_volatility();
  ASSERT_TRUE(w.ok()) << w.error().message;
  expect_performance(portfolio_performance(*w, mu_, cov_, 0.02),
                     expected_["efficient_frontier_tests_rf_0.02"]["min_volatility"]);
}

TEST_F(ReferenceTest, QuadraticUtility) {
  auto w = long_only().max_quadratic_utility(2.0);
  ASSERT_TRUE(w.ok()) << w.error().message;
  expect_performance(
      portfolio_performance(*w, mu_, cov_, 0.02),
      expected_["efficient_frontier_tests_rf_0.02"]["max_quadratic_utility_risk_aversion_2"]);
}

TEST_F(ReferenceTest, EfficientReturn) {
  auto w = long_only().efficient_return(0.25);
  ASSERT_TRUE(w.ok()) << w.error().message;
  expect_performance(portfolio_performance(*w, mu_, cov_, 0.02),
                     expected_["efficient_frontier_tests_rf_0.02"]["efficient_return_target_0.25"]);
}

TEST_F(ReferenceTest, EfficientRisk) {
  auto w = long_only().efficient_risk(0.19);
  ASSERT_TRUE(w.ok()) << w.error().message;
  expect_performance(
      portfolio_performance(*w, mu_, cov_, 0.02),
      expected_["efficient_frontier_tests_rf_0.02"]["efficient_risk_target_vol_0.19"]);
}

TEST_F(ReferenceTest, HierarchicalRiskParitySingleLinkage) {
  const PriceMatrix rets = returns_from_prices(prices_);
  const Eigen::MatrixXd daily_cov = pairwise_cov(rets.values);
  auto hrp = hierarchical_risk_parity(daily_cov, pairwise_corr(rets.values), Linkage::single);
  ASSERT_TRUE(hrp.ok()) << hrp.error().message;
  const auto& ref = expected_["hrp_tests"];
  const auto first5 = ref["quasi_diag_first5"].get<std::vector<Eigen::Index>>();
  for (size_t i = 0; i < first5.size(); ++i) EXPECT_EQ(hrp->order[i], first5[i]) << i;
  EXPECT_NEAR(hrp->weights.sum(), 1.0, 1e-12);
  // HRPOpt.portfolio_performance uses arithmetic mean returns and covariance, both * 252.
  Eigen::VectorXd mu(20);
  for (Eigen::Index j = 0; j < 20; ++j) {
    double sum = 0;
    int count = 0;
    for (Eigen::Index t = 0; t < rets.rows(); ++t) {
      if (!std::isnan(rets.values(t, j))) {
        sum += rets.values(t, j);
        ++count;
      }
    }
    mu(j) = sum / count * 252;
  }
  expect_performance(portfolio_performance(hrp->weights, mu, daily_cov * 252, 0.02),
                     ref["portfolio_performance_rf_0.02"]);
}

TEST_F(ReferenceTest, HrpWeightsMatchPublishedFile) {
  const PriceMatrix rets = returns_from_prices(prices_);
  auto hrp = hierarchical_risk_parity(pairwise_cov(rets.values), pairwise_corr(rets.values));
  ASSERT_TRUE(hrp.ok());
  std::ifstream in(testing::shared_portfolio_dir() + "/weights_hrp.csv");
  ASSERT_TRUE(in.good());
  std::string line;
  std::getline(in, line);  // header ",0"
  int rows = 0;
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    ASSERT_NE(comma, std::string::npos) << line;
    const Eigen::Index col = prices_.column_of(line.substr(0, comma));
    ASSERT_GE(col, 0) << line;
    const double expected = std::stod(line.substr(comma + 1));
    EXPECT_NEAR(hrp->weights(col), expected, 1e-2 * expected) << line;  // PyPortfolioOpt's rtol
    ++rows;
  }
  EXPECT_EQ(rows, 20);
}

TEST_F(ReferenceTest, HrpOnLedoitWolfCovariance) {
  ShrunkCovariance lw = ledoit_wolf(prices_);
  auto hrp = hrp_from_covariance(lw.cov, Linkage::single);
  ASSERT_TRUE(hrp.ok());
  EXPECT_NEAR(std::sqrt(hrp->weights.dot(lw.cov * hrp->weights)),
              expected_["hrp_tests"]["ledoit_wolf_cov_hrp_vol"].get<double>(), kTol);
}

TEST_F(ReferenceTest, ClusterVarianceExample) {
  const auto& ex = expected_["hrp_tests"]["cluster_var_example"];
  std::vector<Eigen::Index> members;
  for (const auto& t : ex["tickers"]) members.push_back(prices_.column_of(t.get<std::string>()));
  const Eigen::MatrixXd daily_cov = pairwise_cov(returns_from_prices(prices_).values);
  EXPECT_NEAR(cluster_variance(daily_cov, members), ex["value"].get<double>(), 1e-10);
}

TEST_F(ReferenceTest, GreedyDiscreteAllocationOfReadmeWeights) {
  const auto& example = expected_["readme_quick_example"];
  const auto& ref = example["discrete_allocation_greedy_10000USD"];
  Eigen::VectorXd weights(20);
  for (auto it = example["weights"].begin(); it != example["weights"].end(); ++it) {
    weights(prices_.column_of(it.key())) = it.value().get<double>();
  }
  ASSERT_EQ(prices_.dates.back(), ref["latest_prices_date"].get<std::string>());
  auto alloc = greedy_allocation(weights, latest_prices(prices_), 10000);
  ASSERT_TRUE(alloc.ok()) << alloc.error().message;
  int held = 0;
  for (Eigen::Index i = 0; i < 20; ++i) held += alloc->shares(i) > 0 ? 1 : 0;
  EXPECT_EQ(held, static_cast<int>(ref["allocation"].size()));
  for (auto it = ref["allocation"].begin(); it != ref["allocation"].end(); ++it) {
    EXPECT_EQ(alloc->shares(prices_.column_of(it.key())), it.value().get<int>()) << it.key();
  }
  EXPECT_NEAR(alloc->leftover, ref["README_funds_remaining"].get<double>(), 0.005);
}

TEST_F(ReferenceTest, BlackLittermanMarketImpliedPrior) {
  const auto& ref = expected_["black_litterman_market_implied_prior"];
  auto spy = load_price_csv(testing::shared_portfolio_dir() + "/spy_prices.csv");
  ASSERT_TRUE(spy.ok()) << spy.error().message;
  auto delta = market_implied_risk_aversion(*spy, 0.02);
  ASSERT_TRUE(delta.ok());
  Eigen::VectorXd caps(20);
  for (auto it = ref["mcaps"].begin(); it != ref["mcaps"].end(); ++it) {
    caps(prices_.column_of(it.key())) = it.value().get<double>();
  }
  auto pi = market_implied_prior_returns(caps, *delta, cov_, 0.02);
  ASSERT_TRUE(pi.ok());
  for (auto it = ref["pi_expected"].begin(); it != ref["pi_expected"].end(); ++it) {
    EXPECT_NEAR((*pi)(prices_.column_of(it.key())), it.value().get<double>(), 1e-5) << it.key();
  }
}

TEST_F(ReferenceTest, FrontierOnReferenceDataIsMonotone) {
  auto frontier = long_only().frontier(20, 0.02);
  ASSERT_TRUE(frontier.ok()) << frontier.error().message;
  const auto& min_vol = expected_["efficient_frontier_tests_rf_0.02"]["min_volatility"];
  EXPECT_NEAR(frontier->front().performance.volatility, min_vol[1].get<double>(), kTol);
  for (size_t i = 1; i < frontier->size(); ++i) {
    EXPECT_GT((*frontier)[i].performance.expected_return,
              (*frontier)[i - 1].performance.expected_return);
    EXPECT_GE((*frontier)[i].performance.volatility,
              (*frontier)[i - 1].performance.volatility - 1e-12);
  }
  // No frontier point beats the tangency portfolio's Sharpe ratio.
  const double best = expected_["efficient_frontier_tests_rf_0.02"]["max_sharpe_long_only"][2];
  for (const auto& p : *frontier) EXPECT_LE(p.performance.sharpe, best + 1e-6);
}

}  // namespace
}  // namespace finchat::portfolio
