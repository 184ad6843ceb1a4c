#include "finance/portfolio/recommendation.hpp"

#include <cmath>
#include <map>

namespace finchat::portfolio {
namespace {

constexpr double kZ95 = 1.6448536269514722;  // standard normal 95th percentile

double class_share(const Eigen::VectorXd& w, const Universe& u, AssetClass c) {
  double share = 0;
  for (size_t i = 0; i < u.assets.size(); ++i) {
    if (u.assets[i].asset_class == c) share += w(static_cast<Eigen::Index>(i));
  }
  return share;
}

std::vector<Eigen::Index> members_of_class(const Universe& u, AssetClass c) {
  std::vector<Eigen::Index> out;
  for (size_t i = 0; i < u.assets.size(); ++i) {
    if (u.assets[i].asset_class == c) out.push_back(static_cast<Eigen::Index>(i));
  }
  return out;
}

std::map<std::string, std::vector<Eigen::Index>> sectors_of(const Universe& u) {
  std::map<std::string, std::vector<Eigen::Index>> out;
  for (size_t i = 0; i < u.assets.size(); ++i) {
    if (!u.assets[i].sector.empty())
      out[u.assets[i].sector].push_back(static_cast<Eigen::Index>(i));
  }
  return out;
}

WeightConstraints profile_constraints(const Universe& u, const RiskProfile& profile,
                                      const RecommendationOptions& o) {
  const ConcentrationLimits& limits = o.limits;
  const auto n = static_cast<Eigen::Index>(u.assets.size());
  WeightConstraints c = WeightConstraints::long_only(n, limits.max_single_asset);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (u.assets[static_cast<size_t>(i)].diversified) c.upper(i) = 1.0;
  }
  c.groups.push_back({"equity", members_of_class(u, AssetClass::equity), -kUnbounded,
                      profile.limits.max_equity_share});
  for (const auto& [sector, members] : sectors_of(u)) {
    c.groups.push_back({"sector:" + sector, members, -kUnbounded, limits.max_sector});
  }
  if (o.min_bond_share > 0) {
    c.groups.push_back(
        {"bond_floor", members_of_class(u, AssetClass::bond), o.min_bond_share, kUnbounded});
  }
  return c;
}

std::vector<std::string> disclosures_for(const Universe& u, const SuitabilityReport& report,
                                         const RiskProfile& profile) {
  std::vector<std::string> out;
  if (profile.from_questionnaire && report.suitable) {
    out.push_back(
        "Checked for suitability against your questionnaire-based risk profile; it is still "
        "general guidance based on the information you gave, not a guarantee of any outcome.");
  } else {
    out.push_back(
        "General information only, not personal advice: it has not passed a "
        "suitability check against your circumstances.");
  }
  out.push_back(
      "Past performance is not a reliable indicator of future results. Expected return "
      "and volatility are estimates from historical data and can be wrong.");
  out.push_back(
      "The one-year range is a 5th-95th percentile band under a normal approximation; "
      "actual results can fall outside it, and losses are possible.");
  if (u.simulated)
    out.push_back("These figures are based on simulated data, not real market history.");
  return out;
}

void add_reasons(Recommendation& r, const Universe& u, const RiskProfile& profile, double cash,
                 const RecommendationOptions& o) {
  double largest = 0;  // largest single-security position (funds excluded)
  for (size_t i = 0; i < r.tickers.size(); ++i) {
    if (!u.assets[i].diversified)
      largest = std::max(largest, r.weights(static_cast<Eigen::Index>(i)));
  }
  int holdings = 0;
  for (double w : r.weights) holdings += w > 1e-9 ? 1 : 0;
  r.reasons = {
      {"profile_score", static_cast<double>(profile.score), "points"},
      {"profile_max_score", static_cast<double>(profile.max_score), "points"},
      {"profile_max_volatility", profile.limits.max_volatility, "fraction"},
      {"profile_max_equity_share", profile.limits.max_equity_share, "fraction"},
      {"expected_return", r.performance.expected_return, "fraction"},
      {"volatility", r.performance.volatility, "fraction"},
      {"sharpe_ratio", r.performance.sharpe, "ratio"},
      {"risk_free_rate", o.risk_free_rate, "fraction"},
      {"return_p05_1y", r.return_p05, "fraction"},
      {"return_p95_1y", r.return_p95, "fraction"},
      {"equity_share", r.equity_share, "fraction"},
      {"largest_position", largest, "fraction"},
      {"max_single_asset_limit", o.limits.max_single_asset, "fraction"},
      {"max_sector_limit", o.limits.max_sector, "fraction"},
      {"holdings", static_cast<double>(holdings), "count"},
      {"cash_invested", cash - r.allocation.leftover, "currency"},
      {"cash_left_over", r.allocation.leftover, "currency"},
  };
}

// Metrics, allocation, suitability, reasons and disclosures for given weights.
Result<Recommendation> finish(std::string method, Eigen::VectorXd w, const RiskProfile& profile,
                              const Universe& u, double cash, const RecommendationOptions& o) {
  Recommendation r;
  r.method = std::move(method);
  r.level = profile.level;
  for (const auto& a : u.assets) r.tickers.push_back(a.ticker);
  w = w.cwiseMax(0.0);  // solver round-off below zero
  w /= w.sum();
  r.weights = w;
  r.performance = portfolio_performance(w, u.expected_returns, u.cov, o.risk_free_rate);
  std::tie(r.return_p05, r.return_p95) =
      normal_return_range(r.performance.expected_return, r.performance.volatility);
  r.equity_share = class_share(w, u, AssetClass::equity);
  r.cash_amount = cash;
  auto alloc = greedy_allocation(clean_weights(w), u.latest_prices, cash);
  if (!alloc) return alloc.error();
  r.allocation = *alloc;
  r.suitability = check_suitability(w, u, profile, o.limits);
  add_reasons(r, u, profile, cash, o);
  r.disclosures = disclosures_for(u, r.suitability, profile);
  return r;
}

}  // namespace

const char* to_string(AssetClass c) {
  switch (c) {
    case AssetClass::equity: return "equity";
    case AssetClass::bond: return "bond";
    case AssetClass::cash: return "cash";
    case AssetClass::commodity: return "commodity";
    case AssetClass::real_estate: return "real_estate";
    case AssetClass::other: return "other";
  }
  return "other";
}

Result<AssetClass> asset_class_from_string(const std::string& name) {
  for (int i = 0; i <= static_cast<int>(AssetClass::other); ++i) {
    if (name == to_string(static_cast<AssetClass>(i))) return static_cast<AssetClass>(i);
  }
  return Error::invalid("unknown asset class '" + name + "'", "asset_class");
}

std::pair<double, double> normal_return_range(double mu, double sigma) {
  return {mu - kZ95 * sigma, mu + kZ95 * sigma};
}

Status validate_universe(const Universe& u) {
  const auto n = static_cast<Eigen::Index>(u.assets.size());
  if (n == 0) return Error::invalid("universe has no assets", "assets");
  if (u.expected_returns.size() != n || !u.expected_returns.allFinite()) {
    return Error::invalid("need one finite expected return per asset", "expected_returns");
  }
  if (u.cov.rows() != n || u.cov.cols() != n || !u.cov.allFinite()) {
    return Error::invalid("need a finite n x n covariance", "cov");
  }
  if (u.latest_prices.size() != n)
    return Error::invalid("need one price per asset", "latest_prices");
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(u.latest_prices(i) > 0) || !std::isfinite(u.latest_prices(i))) {
      return Error::invalid("price must be positive for " + u.assets[static_cast<size_t>(i)].ticker,
                            "latest_prices");
    }
  }
  return {};
}

SuitabilityReport check_suitability(const Eigen::VectorXd& w, const Universe& u,
                                    const RiskProfile& profile, const ConcentrationLimits& limits) {
  constexpr double kSlack = 1e-6;  // optimiser round-off must not read as a breach
  SuitabilityReport rep;
  rep.volatility = std::sqrt(std::max(0.0, w.dot(u.cov * w)));
  rep.equity_share = class_share(w, u, AssetClass::equity);
  if (rep.volatility > profile.limits.max_volatility + kSlack) {
    rep.issues.push_back(
        {"volatility_above_profile", "", rep.volatility, profile.limits.max_volatility});
  }
  if (rep.equity_share > profile.limits.max_equity_share + kSlack) {
    rep.issues.push_back(
        {"equity_above_profile", "", rep.equity_share, profile.limits.max_equity_share});
  }
  for (size_t i = 0; i < u.assets.size(); ++i) {
    const double wi = w(static_cast<Eigen::Index>(i));
    if (!u.assets[i].diversified && wi > limits.max_single_asset + kSlack) {
      rep.issues.push_back(
          {"single_asset_concentration", u.assets[i].ticker, wi, limits.max_single_asset});
    }
  }
  for (const auto& [sector, members] : sectors_of(u)) {
    double share = 0;
    for (Eigen::Index m : members) share += w(m);
    if (share > limits.max_sector + kSlack) {
      rep.issues.push_back({"sector_concentration", sector, share, limits.max_sector});
    }
  }
  rep.suitable = rep.issues.empty();
  return rep;
}

Result<Recommendation> build_recommendation(const RiskProfile& profile, const Universe& u,
                                            double cash, const RecommendationOptions& o) {
  if (auto st = validate_universe(u); !st) return st.error();
  if (!(cash > 0) || !std::isfinite(cash)) return Error::invalid("cash must be positive", "cash");
  if (!(o.min_bond_share >= 0 && o.min_bond_share <= 1))
    return Error::invalid("min_bond_share must be in [0, 1]", "min_bond_share");
  if (o.min_bond_share > 0 && members_of_class(u, AssetClass::bond).empty())
    return Error::invalid("the universe has no bond asset", "min_bond_share");
  auto ef =
      EfficientFrontier::create(u.expected_returns, u.cov, profile_constraints(u, profile, o));
  if (!ef) return ef.error();
  if (o.objective == RecommendationObjective::max_sharpe) {
    auto w = ef->max_sharpe(o.risk_free_rate);
    if (w && std::sqrt(w->dot(u.cov * *w)) <= profile.limits.max_volatility + 1e-9) {
      return finish("max_sharpe", *w, profile, u, cash, o);
    }
  }
  auto capped = ef->efficient_risk(profile.limits.max_volatility);
  if (capped) return finish("efficient_risk", *capped, profile, u, cash, o);
  auto least = ef->min_volatility();
  if (!least)
    return Error::invalid(
        "no portfolio satisfies the profile and concentration limits: " + least.error().message,
        "universe");
  return finish("min_volatility", *least, profile, u, cash, o);
}

Result<Recommendation> blend_with_asset(const Recommendation& base, const RiskProfile& profile,
                                        const Universe& u, const std::string& ticker,
                                        double fraction, const RecommendationOptions& o) {
  if (auto st = validate_universe(u); !st) return st.error();
  if (!(fraction > 0 && fraction < 1))
    return Error::invalid("fraction must be in (0, 1)", "fraction");
  if (base.weights.size() != static_cast<Eigen::Index>(u.assets.size())) {
    return Error::invalid("recommendation does not match the universe", "universe");
  }
  Eigen::Index target = -1;
  for (size_t i = 0; i < u.assets.size(); ++i) {
    if (u.assets[i].ticker == ticker) target = static_cast<Eigen::Index>(i);
  }
  if (target < 0) return Error::invalid("asset '" + ticker + "' is not in the universe", "ticker");
  Eigen::VectorXd w = (1.0 - fraction) * base.weights;
  w(target) += fraction;
  return finish(base.method + "+blend:" + ticker, w, profile, u, base.cash_amount, o);
}

}  // namespace finchat::portfolio
