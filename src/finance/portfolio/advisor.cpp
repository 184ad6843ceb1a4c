#include "finance/portfolio/advisor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "finance/portfolio/black_litterman.hpp"
#include "finance/portfolio/estimation.hpp"
#include "finance/portfolio/hrp.hpp"
#include "finance/portfolio/risk_parity.hpp"

namespace finchat::portfolio {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

PriceMatrix select_columns(const PriceMatrix& p, const std::vector<Eigen::Index>& cols) {
  PriceMatrix out;
  out.dates = p.dates;
  out.values.resize(p.rows(), static_cast<Eigen::Index>(cols.size()));
  for (size_t k = 0; k < cols.size(); ++k) {
    out.tickers.push_back(p.tickers[static_cast<size_t>(cols[k])]);
    out.values.col(static_cast<Eigen::Index>(k)) = p.values.col(cols[k]);
  }
  return out;
}

Eigen::Index observed(const PriceMatrix& p, Eigen::Index col) {
  Eigen::Index n = 0;
  for (Eigen::Index r = 0; r < p.rows(); ++r) n += std::isnan(p.values(r, col)) ? 0 : 1;
  return n;
}

// Market-implied equilibrium returns with an equal-weighted market: stable where sample means
// from two years of data are mostly noise.
Result<Eigen::VectorXd> equilibrium_returns(const Eigen::MatrixXd& cov, const AdvisorConfig& c) {
  return market_implied_prior_returns(Eigen::VectorXd::Ones(cov.rows()), c.risk_aversion, cov,
                                      c.risk_free_rate);
}

void append_sleeve(Universe& u, const BondSleeve& b) {
  const Eigen::Index n = u.cov.rows();
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(n + 1, n + 1);
  cov.topLeftCorner(n, n) = u.cov;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double c = b.correlation * std::sqrt(std::max(0.0, u.cov(i, i))) * b.volatility;
    cov(i, n) = c;
    cov(n, i) = c;
  }
  cov(n, n) = b.volatility * b.volatility;
  if (!is_positive_semidefinite(cov)) cov = fix_nonpositive_semidefinite(cov);
  u.cov = cov;
  u.expected_returns.conservativeResize(n + 1);
  u.expected_returns(n) = b.expected_return;
  u.latest_prices.conservativeResize(n + 1);
  u.latest_prices(n) = 1.0;  // currency units
  u.assets.push_back({b.ticker, AssetClass::bond, "", true});
}

Result<MarketData> load(const PriceSource& source) {
  if (!source) return Error::unavailable("no market data source");
  auto data = source();
  if (!data) return data.error();
  if (data->assets.size() != static_cast<size_t>(data->prices.cols())) {
    return Error::internal("market data: assets do not match price columns");
  }
  return data;
}

Result<Eigen::VectorXd> policy_weights(const std::string& name, const PriceMatrix& history,
                                       const AdvisorConfig& c) {
  const Eigen::Index n = history.cols();
  if (name == "equal_weight") {
    return Eigen::VectorXd(Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n)));
  }
  const Eigen::MatrixXd cov = ledoit_wolf(history.tail(c.lookback_days)).cov;
  if (name == "hrp") {
    auto h = hrp_from_covariance(cov);
    if (!h) return h.error();
    return h->weights;
  }
  if (name == "risk_parity") return risk_parity(cov);
  auto mu = equilibrium_returns(cov, c);
  if (!mu) return mu.error();
  const double cap = std::max(c.limits.max_single_asset, 1.0 / static_cast<double>(n));
  auto ef = EfficientFrontier::create(*mu, cov, WeightConstraints::long_only(n, cap));
  if (!ef) return ef.error();
  if (name == "min_volatility") return ef->min_volatility();
  return ef->max_sharpe(c.risk_free_rate);
}

}  // namespace

double bond_share(const Eigen::VectorXd& w, const Universe& u) {
  double s = 0;
  for (size_t i = 0; i < u.assets.size(); ++i) {
    if (u.assets[i].asset_class == AssetClass::bond) s += w(static_cast<Eigen::Index>(i));
  }
  return s;
}

Result<Universe> Advisor::universe(const std::vector<std::string>& excluded,
                                   std::vector<std::string>* assumptions,
                                   std::string* as_of) const {
  auto data = load(source_);
  if (!data) return data.error();
  PriceMatrix window = data->prices.tail(config_.lookback_days);
  std::vector<Eigen::Index> keep;
  Universe u;
  for (Eigen::Index c = 0; c < window.cols(); ++c) {
    const auto& asset = data->assets[static_cast<size_t>(c)];
    if (contains(excluded, asset.ticker) || observed(window, c) < config_.min_history_days)
      continue;
    keep.push_back(c);
    u.assets.push_back(asset);
  }
  if (keep.empty()) return Error::unavailable("not enough price history to estimate a portfolio");
  window = select_columns(window, keep);
  const auto shrunk = ledoit_wolf(window);
  u.cov = shrunk.cov;
  auto mu = equilibrium_returns(u.cov, config_);
  if (!mu) return mu.error();
  u.expected_returns = *mu;
  u.latest_prices = latest_prices(window);
  u.simulated = data->simulated;
  std::vector<std::string> notes = {fmt::format(
      "Estimated from {} daily closes ({} to {}) of {}: Ledoit-Wolf covariance (shrinkage {:.3f}); "
      "expected returns are market-implied equilibrium returns (risk aversion {}, equal-weighted "
      "market, risk-free rate {}), not forecasts.",
      window.rows(), window.dates.front(), window.dates.back(),
      data->simulated ? "simulated market data" : data->source, shrunk.shrinkage,
      config_.risk_aversion, config_.risk_free_rate)};
  const bool has_bond = std::any_of(u.assets.begin(), u.assets.end(), [](const Asset& a) {
    return a.asset_class == AssetClass::bond;
  });
  if (config_.bond_sleeve && !has_bond && !contains(excluded, config_.bonds.ticker)) {
    append_sleeve(u, config_.bonds);
    notes.push_back(fmt::format(
        "{} is a modelled fixed-income sleeve, not a traded instrument: assumed expected return "
        "{:.1f}% a year, volatility {:.1f}%, correlation {:.2f} with every stock. Its allocation "
        "is an amount to place in a diversified bond fund of your choice.",
        config_.bonds.ticker, config_.bonds.expected_return * 100, config_.bonds.volatility * 100,
        config_.bonds.correlation));
  }
  if (assumptions) *assumptions = notes;
  if (as_of) *as_of = window.dates.back();
  return u;
}

Result<Advice> Advisor::recommend(const RiskProfile& profile,
                                  const RecommendationRequest& req) const {
  Advice advice;
  auto u = universe(req.excluded, &advice.assumptions, &advice.as_of);
  if (!u) return u.error();
  RecommendationOptions o;
  o.risk_free_rate = config_.risk_free_rate;
  o.limits = config_.limits;
  o.objective = config_.objective;
  if (req.max_weight) o.limits.max_single_asset = *req.max_weight;
  if (req.min_bond_share) o.min_bond_share = *req.min_bond_share;
  auto rec = build_recommendation(profile, *u, req.cash, o);
  if (!rec) return rec.error();
  advice.recommendation = std::move(rec.value());
  auto& r = advice.recommendation;
  r.disclosures.insert(r.disclosures.end(), advice.assumptions.begin(), advice.assumptions.end());
  advice.bond_share = bond_share(r.weights, *u);
  const Eigen::VectorXd rc = risk_contributions(r.weights, u->cov);
  for (size_t i = 0; i < u->assets.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    if (r.weights(k) < 1e-4) continue;
    const Asset& a = u->assets[i];
    advice.assets.push_back({a.ticker, to_string(a.asset_class), a.sector, r.weights(k),
                             u->expected_returns(k), std::sqrt(u->cov(k, k)), rc(k)});
  }
  std::sort(advice.assets.begin(), advice.assets.end(),
            [](const AssetReason& a, const AssetReason& b) { return a.weight > b.weight; });
  return advice;
}

Result<HoldingsRisk> Advisor::assess(const RiskProfile& profile,
                                     const std::vector<Holding>& holdings) const {
  HoldingsRisk out;
  auto u = universe({}, &out.assumptions);
  if (!u) return u.error();
  Eigen::VectorXd value = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(u->assets.size()));
  for (const auto& h : holdings) {
    auto it = std::find_if(u->assets.begin(), u->assets.end(),
                           [&](const Asset& a) { return a.ticker == h.ticker; });
    if (it == u->assets.end()) {
      out.unknown_tickers.push_back(h.ticker);
      continue;
    }
    const auto k = static_cast<Eigen::Index>(it - u->assets.begin());
    value(k) += h.quantity * u->latest_prices(k);
  }
  out.market_value = value.sum();
  if (!(out.market_value > 0))
    return Error::invalid("no holdings with a known market price", "holdings");
  out.weights = value / out.market_value;
  out.performance =
      portfolio_performance(out.weights, u->expected_returns, u->cov, config_.risk_free_rate);
  out.suitability = check_suitability(out.weights, *u, profile, config_.limits);
  return out;
}

Result<BacktestAdvice> Advisor::backtest(const BacktestPolicy& policy, RebalanceFrequency rebalance,
                                         double cost_bps) const {
  auto data = load(source_);
  if (!data) return data.error();
  BacktestAdvice out;
  const PriceMatrix& prices = data->prices;
  BacktestOptions o;
  o.rebalance = rebalance;
  o.cost_bps = cost_bps;
  o.risk_free_rate = config_.risk_free_rate;
  if (policy.name == "fixed") {
    Eigen::VectorXd w = Eigen::VectorXd::Zero(prices.cols());
    for (const auto& [ticker, weight] : policy.weights) {
      const std::string field = "policy.weights." + ticker;
      if (ticker == config_.bonds.ticker) {
        return Error::invalid(ticker + " is a modelled sleeve with no price history", field);
      }
      const Eigen::Index k = prices.column_of(ticker);
      if (k < 0) return Error::invalid("unknown symbol " + ticker, field);
      w(k) = weight;
    }
    out.tickers = prices.tickers;
    auto r = run_backtest(prices, w, o);
    if (!r) return r.error();
    out.result = std::move(r.value());
  } else {
    o.start_row = std::min<Eigen::Index>(config_.min_history_days, prices.rows() - 2);
    if (o.start_row < 2) return Error::unavailable("not enough price history to backtest");
    const AdvisorConfig c = config_;
    const std::string name = policy.name;
    auto r = run_backtest(
        prices, [name, c](const PriceMatrix& h) { return policy_weights(name, h, c); }, o);
    if (!r) return r.error();
    out.tickers = prices.tickers;
    out.result = std::move(r.value());
  }
  out.assumptions.push_back(
      fmt::format("Backtest over {} of daily closes ({} to {}); {} has no price history and is not "
                  "included. Past performance does not predict future results.",
                  data->simulated ? "simulated market data" : data->source, prices.dates.front(),
                  prices.dates.back(), config_.bonds.ticker));
  return out;
}

}  // namespace finchat::portfolio
