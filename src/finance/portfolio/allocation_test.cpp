#include "finance/portfolio/allocation.hpp"

#include "finance/portfolio/portfolio_json.hpp"

#include <gtest/gtest.h>

namespace finchat::portfolio {
namespace {

TEST(GreedyAllocation, FloorsThenFillsLargestDeficit) {
  // 1000 cash: A 50% at 300 -> 1 share, B 50% at 100 -> 5 shares; 200 left.
  // Round 2: A is furthest below target (300/800 vs 0.5) -> buy A, leaving -100? no: 200 < 300,
  // so A is skipped and B (now over target) has a negative deficit -> stop.
  auto a = greedy_allocation(Eigen::Vector2d(0.5, 0.5), Eigen::Vector2d(300, 100), 1000);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->shares(0), 1);
  EXPECT_EQ(a->shares(1), 5);
  EXPECT_NEAR(a->leftover, 200, 1e-9);
}

TEST(GreedyAllocation, SpendsLeftoverOnAffordableDeficit) {
  // 0.6 / 0.4 of 1000 at prices 70 / 30: floors 8 (560) and 13 (390) -> 50 left.
  // Deficits: A 0.6 - 560/950 = +0.0105, B 0.4 - 390/950 = -0.0105 -> can't afford A (70 > 50),
  // next best deficit is negative -> stop.
  auto a = greedy_allocation(Eigen::Vector2d(0.6, 0.4), Eigen::Vector2d(70, 30), 1000);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->shares(0), 8);
  EXPECT_EQ(a->shares(1), 13);
  EXPECT_NEAR(a->leftover, 50, 1e-9);
  // Prices 21 / 24: floors 28 (588) and 16 (384) leave 28; B is below target (0.4 vs
  // 384/972) and affordable, so one more B is bought, leaving 4.
  a = greedy_allocation(Eigen::Vector2d(0.6, 0.4), Eigen::Vector2d(21, 24), 1000);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->shares(0), 28);
  EXPECT_EQ(a->shares(1), 17);
  EXPECT_NEAR(a->leftover, 4, 1e-9);
}

TEST(GreedyAllocation, RejectsBadInput) {
  EXPECT_FALSE(greedy_allocation(Eigen::Vector2d(0.5, 0.5), Eigen::Vector2d(10, 0), 100).ok());
  EXPECT_FALSE(greedy_allocation(Eigen::Vector2d(1.5, -0.5), Eigen::Vector2d(10, 10), 100).ok());
  EXPECT_FALSE(greedy_allocation(Eigen::Vector2d(0.5, 0.5), Eigen::Vector2d(10, 10), -5).ok());
  EXPECT_FALSE(greedy_allocation(Eigen::Vector3d(0.5, 0.5, 0), Eigen::Vector2d(10, 10), 5).ok());
  // A zero weight may lack a price.
  EXPECT_TRUE(greedy_allocation(Eigen::Vector2d(1, 0),
                                Eigen::Vector2d(10, std::numeric_limits<double>::quiet_NaN()), 100)
                  .ok());
}

TEST(Rebalance, BelowThresholdDoesNothing) {
  // 10 x 50 and 5 x 100 = 50/50; target 52/48 -> drift 0.02 < 0.05.
  auto plan = plan_rebalance(Eigen::Vector2i(10, 5), 0, Eigen::Vector2d(0.52, 0.48),
                             Eigen::Vector2d(50, 100));
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->needed);
  EXPECT_NEAR(plan->max_drift, 0.02, 1e-12);
  EXPECT_TRUE(plan->trades.empty());
}

TEST(Rebalance, SellsThenBuysWithinCash) {
  // Holdings 30 x 50 (1500) + 5 x 100 (500) + 0 cash; target 50/50 -> sell 10 A, buy 5 B.
  auto plan = plan_rebalance(Eigen::Vector2i(30, 5), 0, Eigen::Vector2d(0.5, 0.5),
                             Eigen::Vector2d(50, 100));
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(plan->needed);
  ASSERT_EQ(plan->trades.size(), 2u);
  EXPECT_EQ(plan->trades[0].asset, 0);
  EXPECT_EQ(plan->trades[0].shares, -10);
  EXPECT_EQ(plan->trades[1].asset, 1);
  EXPECT_EQ(plan->trades[1].shares, 5);
  EXPECT_NEAR(plan->cash_after, 0, 1e-9);
  EXPECT_NEAR(plan->weights_after(0), 0.5, 1e-12);
  EXPECT_GE(plan->cash_after, 0);
}

TEST(Rebalance, SerialisesTradesWithTickers) {
  auto plan = plan_rebalance(Eigen::Vector2i(30, 5), 0, Eigen::Vector2d(0.5, 0.5),
                             Eigen::Vector2d(50, 100));
  ASSERT_TRUE(plan.ok());
  nlohmann::json j = to_json(*plan, {"AAA", "BBB"});
  ASSERT_EQ(j["trades"].size(), 2u);
  EXPECT_EQ(j["trades"][0]["ticker"], "AAA");
  EXPECT_EQ(j["trades"][0]["shares"], -10);
  EXPECT_TRUE(j["needed"].get<bool>());
}

TEST(Rebalance, MinimumTradeSizeSkipsSmallTrades) {
  RebalanceOptions opt;
  opt.drift_threshold = 0.01;
  opt.min_trade_value = 600;
  auto plan = plan_rebalance(Eigen::Vector2i(30, 5), 0, Eigen::Vector2d(0.5, 0.5),
                             Eigen::Vector2d(50, 100), opt);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->needed);
  EXPECT_TRUE(plan->trades.empty());  // both trades are 500
}

TEST(Rebalance, InvestsNewCash) {
  auto plan = plan_rebalance(Eigen::Vector2i(0, 0), 1000, Eigen::Vector2d(0.5, 0.5),
                             Eigen::Vector2d(50, 100));
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->trades.size(), 2u);
  EXPECT_EQ(plan->trades[0].shares, 10);
  EXPECT_EQ(plan->trades[1].shares, 5);
  EXPECT_NEAR(plan->cash_after, 0, 1e-9);
  EXPECT_FALSE(plan_rebalance(Eigen::Vector2i(-1, 0), 10, Eigen::Vector2d(0.5, 0.5),
                              Eigen::Vector2d(50, 100))
                   .ok());
}

}  // namespace
}  // namespace finchat::portfolio
