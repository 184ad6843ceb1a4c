#include "finance/portfolio/backtest.hpp"

#include <cmath>

namespace finchat::portfolio {
namespace {

// A label that changes exactly when a new rebalancing period starts.
std::string period_key(const std::string& date, RebalanceFrequency f) {
  if (date.size() < 7) return date;
  std::string year = date.substr(0, 4);
  const int month = std::atoi(date.substr(5, 2).c_str());
  switch (f) {
    case RebalanceFrequency::monthly: return date.substr(0, 7);
    case RebalanceFrequency::quarterly: return year + "Q" + std::to_string((month - 1) / 3);
    case RebalanceFrequency::annually: return year;
    case RebalanceFrequency::never: return {};
  }
  return {};
}

Status check_weights(const Eigen::VectorXd& w, Eigen::Index n, const std::string& date) {
  if (w.size() != n)
    return Error::invalid("policy returned wrong number of weights on " + date, "weights");
  if (!w.allFinite() || (w.array() < -1e-12).any() || w.sum() > 1.0 + 1e-9) {
    return Error::invalid("policy weights must be non-negative and sum to at most 1 on " + date,
                          "weights");
  }
  return {};
}

}  // namespace

void fill_statistics(BacktestResult& r, const BacktestOptions& o) {
  const Eigen::Index days = r.equity.size() - 1;
  r.drawdown.resize(r.equity.size());
  double peak = 1.0;  // the initial capital is the first peak
  for (Eigen::Index t = 0; t < r.equity.size(); ++t) {
    peak = std::max(peak, r.equity(t));
    r.drawdown(t) = r.equity(t) / peak - 1.0;
  }
  r.max_drawdown = r.equity.size() > 0 ? -r.drawdown.minCoeff() : 0.0;
  if (days < 1) return;
  r.total_return = r.equity(days) - 1.0;
  r.cagr = std::pow(r.equity(days), static_cast<double>(o.periods_per_year) / days) - 1.0;
  Eigen::VectorXd rets = r.equity.tail(days).cwiseQuotient(r.equity.head(days)).array() - 1.0;
  const double mean = rets.mean();
  if (days > 1) {
    const double var = (rets.array() - mean).square().sum() / (days - 1);
    r.volatility = std::sqrt(var * o.periods_per_year);
  }
  r.sharpe = r.volatility > 0 ? (mean * o.periods_per_year - o.risk_free_rate) / r.volatility : 0;
}

Result<BacktestResult> run_backtest(const PriceMatrix& prices, const WeightPolicy& policy,
                                    const BacktestOptions& o) {
  const Eigen::Index n = prices.cols(), start = o.start_row;
  if (start < 0 || start >= prices.rows())
    return Error::invalid("start_row out of range", "start_row");
  if (o.cost_bps < 0) return Error::invalid("cost_bps must be non-negative", "cost_bps");
  BacktestResult r;
  Eigen::VectorXd units = Eigen::VectorXd::Zero(n);
  double cash = 1.0;
  std::vector<double> equity;
  for (Eigen::Index t = start; t < prices.rows(); ++t) {
    const std::string& date = prices.dates[static_cast<size_t>(t)];
    const Eigen::VectorXd p = prices.values.row(t).transpose();
    for (Eigen::Index i = 0; i < n; ++i) {
      if (units(i) != 0 && !(p(i) > 0)) {
        return Error::invalid("missing price for held asset " +
                                  prices.tickers[static_cast<size_t>(i)] + " on " + date,
                              prices.tickers[static_cast<size_t>(i)]);
      }
    }
    double value = cash;
    for (Eigen::Index i = 0; i < n; ++i) value += units(i) != 0 ? units(i) * p(i) : 0.0;
    const bool first = t == start;
    const bool new_period = !first && o.rebalance != RebalanceFrequency::never &&
                            period_key(date, o.rebalance) !=
                                period_key(prices.dates[static_cast<size_t>(t - 1)], o.rebalance);
    if (first || new_period) {
      PriceMatrix history;
      history.tickers = prices.tickers;
      history.dates.assign(prices.dates.begin(), prices.dates.begin() + t + 1);
      history.values = prices.values.topRows(t + 1);
      auto w = policy(history);
      if (!w) return w.error();
      if (auto st = check_weights(*w, n, date); !st) return st.error();
      Eigen::VectorXd traded = Eigen::VectorXd::Zero(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        if ((*w)(i) > 0 && !(p(i) > 0)) {
          return Error::invalid("policy buys " + prices.tickers[static_cast<size_t>(i)] +
                                    " without a price on " + date,
                                prices.tickers[static_cast<size_t>(i)]);
        }
        const double held = units(i) != 0 ? units(i) * p(i) : 0.0;
        traded(i) = std::abs((*w)(i)*value - held);
      }
      const double cost = traded.sum() * o.cost_bps / 1e4;
      r.total_costs += cost;
      value -= cost;  // costs come out of the pot before it is redistributed
      for (Eigen::Index i = 0; i < n; ++i) units(i) = (*w)(i) > 0 ? (*w)(i)*value / p(i) : 0.0;
      cash = value * (1.0 - w->sum());
      if (!first) ++r.rebalances;
    }
    r.dates.push_back(date);
    equity.push_back(value);
  }
  r.equity = Eigen::Map<Eigen::VectorXd>(equity.data(), static_cast<Eigen::Index>(equity.size()));
  fill_statistics(r, o);
  return r;
}

Result<BacktestResult> run_backtest(const PriceMatrix& prices, const Eigen::VectorXd& weights,
                                    const BacktestOptions& options) {
  return run_backtest(
      prices, [weights](const PriceMatrix&) -> Result<Eigen::VectorXd> { return weights; },
      options);
}

}  // namespace finchat::portfolio
