#pragma once
// Whole-share allocation of a cash amount, and rebalancing trades from current holdings.
#include <Eigen/Dense>
#include <vector>

#include "core/result.hpp"

namespace finchat::portfolio {

struct DiscreteAllocation {
  Eigen::VectorXi shares;  // per asset
  double leftover = 0;     // uninvested cash
};

// PyPortfolioOpt's greedy_portfolio (long only): buy floor(w * value / price) shares in order
// of descending weight, then spend the rest one share at a time on the asset whose weight
// falls furthest below target among those still affordable.
Result<DiscreteAllocation> greedy_allocation(const Eigen::VectorXd& weights,
                                             const Eigen::VectorXd& prices, double total_value);

struct RebalanceOptions {
  double drift_threshold = 0.05;  // act only if some |current - target| weight exceeds this
  double min_trade_value = 0;     // skip trades smaller than this notional
};

struct Trade {
  Eigen::Index asset = 0;
  int shares = 0;       // positive = buy, negative = sell
  double notional = 0;  // shares * price (signed)
};

struct RebalancePlan {
  bool needed = false;
  double max_drift = 0;
  Eigen::VectorXd current_weights;
  Eigen::VectorXd weights_after;
  std::vector<Trade> trades;  // sells first, then buys
  double cash_after = 0;
};

// Plans whole-share trades towards `target` (weights of total value incl. cash). Never spends
// more cash than held plus sale proceeds.
Result<RebalancePlan> plan_rebalance(const Eigen::VectorXi& holdings, double cash,
                                     const Eigen::VectorXd& target, const Eigen::VectorXd& prices,
                                     const RebalanceOptions& options = {});

}  // namespace finchat::portfolio
