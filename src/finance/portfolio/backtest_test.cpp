#include "finance/portfolio/backtest.hpp"

#include "finance/portfolio/portfolio_json.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace finchat::portfolio {
namespace {

// Two assets over 4 days spanning a month end.
PriceMatrix two_month_prices() {
  PriceMatrix p;
  p.tickers = {"A", "B"};
  p.dates = {"2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"};
  p.values.resize(4, 2);
  p.values << 100, 100, 110, 100, 99, 100, 99, 120;
  return p;
}

TEST(Backtest, BuyAndHoldSingleAssetHandChecked) {
  PriceMatrix p = two_month_prices();
  BacktestOptions opt;
  opt.rebalance = RebalanceFrequency::never;
  opt.periods_per_year = 3;
  auto r = run_backtest(p, Eigen::Vector2d(1, 0), opt);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->equity.size(), 4);
  EXPECT_NEAR(r->equity(1), 1.10, 1e-12);
  EXPECT_NEAR(r->equity(2), 0.99, 1e-12);
  EXPECT_NEAR(r->total_return, -0.01, 1e-12);
  EXPECT_NEAR(r->cagr, -0.01, 1e-12);         // 3 daily periods at 3 periods a year = 1 year
  EXPECT_NEAR(r->max_drawdown, 0.10, 1e-12);  // 1.10 -> 0.99
  EXPECT_NEAR(r->drawdown(2), -0.10, 1e-12);
  EXPECT_NEAR(r->drawdown(1), 0.0, 1e-12);
  // Daily returns 0.1, -0.1, 0: mean 0, sample variance 0.01.
  EXPECT_NEAR(r->volatility, std::sqrt(0.01 * 3), 1e-12);
  EXPECT_NEAR(r->sharpe, 0.0, 1e-12);
  EXPECT_EQ(r->rebalances, 0);
}

TEST(Backtest, MonthlyRebalanceAndCosts) {
  PriceMatrix p = two_month_prices();
  BacktestOptions opt;
  opt.rebalance = RebalanceFrequency::monthly;
  opt.cost_bps = 10;
  auto r = run_backtest(p, Eigen::Vector2d(0.5, 0.5), opt);
  ASSERT_TRUE(r.ok());
  // Day 0: buy 1.0 of notional -> cost 0.001, value 0.999.
  EXPECT_NEAR(r->equity(0), 0.999, 1e-12);
  // Day 1: A +10% on half: 0.999 * 1.05.
  const double v1 = 0.999 * 1.05;
  EXPECT_NEAR(r->equity(1), v1, 1e-12);
  // Day 2 (new month): A at 99 -> value before trade.
  const double a_units = 0.4995 / 100, b_units = 0.4995 / 100;
  const double before = a_units * 99 + b_units * 100;
  const double traded =
      std::abs(0.5 * before - a_units * 99) + std::abs(0.5 * before - b_units * 100);
  const double after = before - traded * 0.001;
  EXPECT_NEAR(r->equity(2), after, 1e-12);
  EXPECT_EQ(r->rebalances, 1);
  EXPECT_NEAR(r->total_costs, 0.001 + traded * 0.001, 1e-12);
  // Day 3: B +20% on the rebalanced half.
  EXPECT_NEAR(r->equity(3), after * (0.5 * 99 / 99 + 0.5 * 1.2), 1e-12);
}

TEST(Backtest, PolicyCallbackSeesOnlyThePast) {
  PriceMatrix p = two_month_prices();
  std::vector<Eigen::Index> seen;
  WeightPolicy policy = [&](const PriceMatrix& h) -> Result<Eigen::VectorXd> {
    seen.push_back(h.rows());
    return Eigen::VectorXd(Eigen::Vector2d(0.3, 0.3));  // 40% cash
  };
  BacktestOptions opt;
  opt.start_row = 1;
  auto r = run_backtest(p, policy, opt);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(seen, (std::vector<Eigen::Index>{2, 3}));
  EXPECT_EQ(r->dates.front(), "2024-01-31");
  EXPECT_NEAR(r->equity(1), 0.3 * 99 / 110 + 0.3 + 0.4, 1e-12);
}

TEST(Backtest, ErrorsAreReported) {
  PriceMatrix p = two_month_prices();
  EXPECT_FALSE(run_backtest(p, Eigen::Vector2d(0.8, 0.8)).ok());
  EXPECT_FALSE(run_backtest(p, Eigen::Vector3d(0.5, 0.5, 0)).ok());
  p.values(2, 1) = std::numeric_limits<double>::quiet_NaN();
  auto r = run_backtest(p, Eigen::Vector2d(0.5, 0.5));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "B");
  WeightPolicy failing = [](const PriceMatrix&) -> Result<Eigen::VectorXd> {
    return Error::invalid("no data", "policy");
  };
  EXPECT_FALSE(run_backtest(two_month_prices(), failing).ok());
  BacktestOptions opt;
  opt.start_row = 9;
  EXPECT_FALSE(run_backtest(two_month_prices(), Eigen::Vector2d(0.5, 0.5), opt).ok());
}

TEST(Backtest, SerialisesToJson) {
  BacktestOptions opt;
  opt.rebalance = RebalanceFrequency::never;
  auto r = run_backtest(two_month_prices(), Eigen::Vector2d(1, 0), opt);
  ASSERT_TRUE(r.ok());
  nlohmann::json j = to_json(*r);
  EXPECT_EQ(j["dates"].size(), 4u);
  EXPECT_DOUBLE_EQ(j["max_drawdown"].get<double>(), r->max_drawdown);
  EXPECT_DOUBLE_EQ(j["drawdown"][2].get<double>(), r->drawdown(2));
}

TEST(Backtest, QuarterlyRebalancesOnlyAtQuarterStarts) {
  PriceMatrix p;
  p.tickers = {"A", "B"};
  p.dates = {"2024-01-31", "2024-02-01", "2024-03-28", "2024-04-01", "2024-07-01"};
  p.values = Eigen::MatrixXd::Constant(5, 2, 10.0);
  BacktestOptions opt;
  opt.rebalance = RebalanceFrequency::quarterly;
  auto r = run_backtest(p, Eigen::Vector2d(0.5, 0.5), opt);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rebalances, 2);
  opt.rebalance = RebalanceFrequency::monthly;
  EXPECT_EQ(run_backtest(p, Eigen::Vector2d(0.5, 0.5), opt)->rebalances, 4);
}

}  // namespace
}  // namespace finchat::portfolio
