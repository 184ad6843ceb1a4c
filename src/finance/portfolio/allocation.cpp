#include "finance/portfolio/allocation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace finchat::portfolio {
namespace {

Status validate(const Eigen::VectorXd& weights, const Eigen::VectorXd& prices) {
  if (weights.size() != prices.size()) {
    return Error::invalid("weights and prices differ in length", "prices");
  }
  for (Eigen::Index i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights(i)) || weights(i) < 0) {
      return Error::invalid("weights must be finite and non-negative", "weights");
    }
    if (weights(i) > 0 && !(std::isfinite(prices(i)) && prices(i) > 0)) {
      return Error::invalid("price missing or not positive for asset " + std::to_string(i),
                            "prices");
    }
  }
  return {};
}

}  // namespace

Result<DiscreteAllocation> greedy_allocation(const Eigen::VectorXd& weights,
                                             const Eigen::VectorXd& prices, double total_value) {
  if (auto st = validate(weights, prices); !st) return st.error();
  if (!(total_value > 0) || !std::isfinite(total_value)) {
    return Error::invalid("portfolio value must be positive", "total_value");
  }
  const auto n = static_cast<size_t>(weights.size());
  std::vector<Eigen::Index> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return weights(a) > weights(b); });
  std::vector<double> price(n), ideal(n), bought(n, 0.0);
  double funds = total_value;
  for (size_t k = 0; k < n; ++k) {
    const Eigen::Index i = order[k];
    ideal[k] = weights(i);
    price[k] = weights(i) > 0 ? prices(i) : std::numeric_limits<double>::infinity();
    if (weights(i) <= 0) continue;
    bought[k] = std::floor(weights(i) * total_value / prices(i));
    funds -= bought[k] * prices(i);
  }
  while (funds > 0) {
    double held = 0;
    for (size_t k = 0; k < n; ++k) held += bought[k] > 0 ? bought[k] * price[k] : 0.0;
    std::vector<double> deficit(n);
    for (size_t k = 0; k < n; ++k) {
      const double current = held > 0 && bought[k] > 0 ? bought[k] * price[k] / held : 0.0;
      deficit[k] = ideal[k] - current;
    }
    auto argmax = [&] {
      return static_cast<size_t>(std::max_element(deficit.begin(), deficit.end()) -
                                 deficit.begin());
    };
    size_t idx = argmax();
    int tries = 0;
    while (price[idx] >
           funds) {  // skip what we cannot afford; give up after 10 like PyPortfolioOpt
      deficit[idx] = 0;
      idx = argmax();
      if (deficit[idx] < 0 || tries == 10) break;
      ++tries;
    }
    if (deficit[idx] <= 0 || tries == 10 || price[idx] > funds) break;
    bought[idx] += 1;
    funds -= price[idx];
  }
  DiscreteAllocation out;
  out.shares = Eigen::VectorXi::Zero(weights.size());
  for (size_t k = 0; k < n; ++k) out.shares(order[k]) = static_cast<int>(bought[k]);
  out.leftover = funds;
  return out;
}

Result<RebalancePlan> plan_rebalance(const Eigen::VectorXi& holdings, double cash,
                                     const Eigen::VectorXd& target, const Eigen::VectorXd& prices,
                                     const RebalanceOptions& options) {
  if (holdings.size() != target.size())
    return Error::invalid("holdings and target differ", "holdings");
  if (auto st = validate(target, prices); !st) return st.error();
  if ((holdings.array() < 0).any())
    return Error::invalid("short holdings are not supported", "holdings");
  if (!(cash >= 0)) return Error::invalid("cash must be non-negative", "cash");
  if (target.sum() > 1.0 + 1e-9) return Error::invalid("target weights exceed 100%", "target");
  const Eigen::Index n = target.size();
  for (Eigen::Index i = 0; i < n; ++i) {
    if (holdings(i) > 0 && !(prices(i) > 0)) {
      return Error::invalid("price missing for held asset " + std::to_string(i), "prices");
    }
  }
  const Eigen::VectorXd value = holdings.cast<double>().cwiseProduct(
      prices.unaryExpr([](double p) { return std::isfinite(p) ? p : 0.0; }));
  const double total = value.sum() + cash;
  if (!(total > 0)) return Error::invalid("nothing to rebalance", "holdings");
  RebalancePlan plan;
  plan.current_weights = value / total;
  plan.max_drift = (plan.current_weights - target).cwiseAbs().maxCoeff();
  plan.needed = plan.max_drift > options.drift_threshold;
  plan.cash_after = cash;
  Eigen::VectorXi after = holdings;
  if (plan.needed) {
    std::vector<Trade> buys;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double gap = target(i) * total - value(i);
      if (gap == 0 || !(prices(i) > 0)) continue;
      // Sells round up in size (free cash); buys round down (never overspend).
      const int shares = gap < 0 ? -static_cast<int>(std::ceil(-gap / prices(i) - 1e-9))
                                 : static_cast<int>(std::floor(gap / prices(i) + 1e-9));
      const int bounded = std::max(shares, -holdings(i));
      const Trade t{i, bounded, bounded * prices(i)};
      if (t.shares == 0 || std::abs(t.notional) < options.min_trade_value) continue;
      if (t.shares < 0) {
        plan.trades.push_back(t);
        plan.cash_after -= t.notional;
      } else {
        buys.push_back(t);
      }
    }
    for (Trade t : buys) {  // largest first; trim if cash runs short
      const int affordable = static_cast<int>(std::floor(plan.cash_after / prices(t.asset) + 1e-9));
      t.shares = std::min(t.shares, affordable);
      t.notional = t.shares * prices(t.asset);
      if (t.shares <= 0 || t.notional < options.min_trade_value) continue;
      plan.trades.push_back(t);
      plan.cash_after -= t.notional;
    }
    for (const Trade& t : plan.trades) after(t.asset) += t.shares;
  }
  plan.weights_after = after.cast<double>().cwiseProduct(prices.unaryExpr([](double p) {
    return std::isfinite(p) ? p : 0.0;
  })) / total;
  return plan;
}

}  // namespace finchat::portfolio
