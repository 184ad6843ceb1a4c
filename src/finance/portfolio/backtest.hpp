#pragma once
// Historical simulation of a weight policy with periodic rebalancing and linear costs.
#include <Eigen/Dense>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/portfolio/price_matrix.hpp"

namespace finchat::portfolio {

enum class RebalanceFrequency { never, monthly, quarterly, annually };

struct BacktestOptions {
  RebalanceFrequency rebalance = RebalanceFrequency::monthly;
  double cost_bps = 0;        // charged on traded notional, initial purchase included
  double risk_free_rate = 0;  // annual, for the Sharpe ratio
  int periods_per_year = 252;
  Eigen::Index start_row = 0;  // first allocation at this row's close (earlier rows = history)
};

// Receives prices up to and including the decision day; returns weights (sum <= 1, the rest
// is cash earning nothing).
using WeightPolicy = std::function<Result<Eigen::VectorXd>(const PriceMatrix& history)>;

struct BacktestResult {
  std::vector<std::string> dates;  // from the first allocation day
  Eigen::VectorXd equity;          // portfolio value, initial capital = 1
  Eigen::VectorXd drawdown;        // equity / running peak - 1 (<= 0)
  double total_return = 0;
  double cagr = 0;          // (final / 1)^(periods_per_year / days) - 1
  double volatility = 0;    // stdev of daily returns (ddof 1) * sqrt(periods_per_year)
  double sharpe = 0;        // (mean daily * periods_per_year - rf) / volatility
  double max_drawdown = 0;  // largest peak-to-trough loss, as a positive fraction
  double total_costs = 0;   // in units of initial capital
  int rebalances = 0;       // excluding the initial allocation
};

Result<BacktestResult> run_backtest(const PriceMatrix& prices, const WeightPolicy& policy,
                                    const BacktestOptions& options = {});
Result<BacktestResult> run_backtest(const PriceMatrix& prices, const Eigen::VectorXd& weights,
                                    const BacktestOptions& options = {});

// Summary statistics of an equity curve (used by run_backtest, exposed for tests).
void fill_statistics(BacktestResult& result, const BacktestOptions& options);

}  // namespace finchat::portfolio
