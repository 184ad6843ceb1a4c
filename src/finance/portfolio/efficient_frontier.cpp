#include "finance/portfolio/efficient_frontier.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "finance/portfolio/qp_solver.hpp"
#include "finance/portfolio/support_screening.hpp"

namespace finchat::portfolio {
namespace {

// Risk aversion standing in for "maximise return": small enough to reach the max-return corner
// for practical data, large enough that the QP's unconstrained start (~ mu / delta) does not
// swamp the constrained answer with round-off.
constexpr double kBoldRiskAversion = 1e-4;

struct LinearRows {
  Eigen::MatrixXd G;
  Eigen::VectorXd h;
  void add(const Eigen::RowVectorXd& row, double rhs) {
    G.conservativeResize(G.rows() + 1, row.size());
    G.row(G.rows() - 1) = row;
    h.conservativeResize(h.size() + 1);
    h(h.size() - 1) = rhs;
  }
};

Eigen::RowVectorXd indicator(Eigen::Index n, const std::vector<Eigen::Index>& members) {
  Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n);
  for (Eigen::Index i : members) row(i) = 1.0;
  return row;
}

// Bounds and group limits as rows G x <= h. With `homogeneous`, x = k w where k = 1'x is
// the free scale of the max-Sharpe substitution, so a bound b becomes b * 1'x.
LinearRows constraint_rows(const WeightConstraints& c, bool homogeneous) {
  const Eigen::Index n = c.lower.size();
  const Eigen::RowVectorXd ones = Eigen::RowVectorXd::Ones(n);
  const bool long_only = (c.lower.array() >= 0).all();
  LinearRows rows;
  rows.G.resize(0, n);
  auto add_upper = [&](const Eigen::RowVectorXd& sel, double bound) {  // sel x <= bound
    if (homogeneous)
      rows.add(sel - bound * ones, 0.0);
    else
      rows.add(sel, bound);
  };
  auto add_lower = [&](const Eigen::RowVectorXd& sel, double bound) {  // sel x >= bound
    if (homogeneous)
      rows.add(bound * ones - sel, 0.0);
    else
      rows.add(-sel, -bound);
  };
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::RowVectorXd e = Eigen::RowVectorXd::Zero(n);
    e(i) = 1.0;
    if (std::isfinite(c.lower(i))) add_lower(e, c.lower(i));
    // With no shorting and a full budget, an upper bound of 1 or more can never bind.
    if (std::isfinite(c.upper(i)) && !(long_only && c.upper(i) >= 1.0)) add_upper(e, c.upper(i));
  }
  for (const auto& g : c.groups) {
    const Eigen::RowVectorXd sel = indicator(n, g.members);
    if (std::isfinite(g.lower)) add_lower(sel, g.lower);
    if (std::isfinite(g.upper)) add_upper(sel, g.upper);
  }
  if (homogeneous) rows.add(-ones, 0.0);  // k >= 0
  return rows;
}

LinearRows stack(const LinearRows& a, const Eigen::MatrixXd& G, const Eigen::VectorXd& h) {
  LinearRows out;
  out.G.resize(a.G.rows() + G.rows(), a.G.cols());
  out.h.resize(a.h.size() + h.size());
  out.G << a.G, G;
  out.h << a.h, h;
  return out;
}

// Long-only with plain per-asset caps: the case support screening handles exactly.
bool screenable(const WeightConstraints& c) {
  return c.groups.empty() && (c.lower.array() == 0).all() && (c.upper.array() > 0).all();
}

// Seed for max Sharpe: the assets with the best stand-alone Sharpe ratios.
std::vector<Eigen::Index> sharpe_seed(const Eigen::VectorXd& mu, const Eigen::MatrixXd& cov,
                                      double rf, size_t count) {
  std::vector<Eigen::Index> idx(static_cast<size_t>(mu.size()));
  for (Eigen::Index i = 0; i < mu.size(); ++i) idx[static_cast<size_t>(i)] = i;
  auto ratio = [&](Eigen::Index i) {
    return (mu(i) - rf) / std::sqrt(std::max(cov(i, i), 1e-300));
  };
  count = std::min(count, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<long>(count), idx.end(),
                    [&](Eigen::Index a, Eigen::Index b) { return ratio(a) > ratio(b); });
  idx.resize(count);
  return idx;
}

}  // namespace

WeightConstraints WeightConstraints::long_only(Eigen::Index n, double max_weight) {
  return {Eigen::VectorXd::Zero(n), Eigen::VectorXd::Constant(n, max_weight), {}};
}

WeightConstraints WeightConstraints::unbounded(Eigen::Index n) {
  return {Eigen::VectorXd::Constant(n, -kUnbounded), Eigen::VectorXd::Constant(n, kUnbounded), {}};
}

PortfolioPerformance portfolio_performance(const Eigen::VectorXd& weights,
                                           const Eigen::VectorXd& mu, const Eigen::MatrixXd& cov,
                                           double risk_free_rate) {
  PortfolioPerformance p;
  p.expected_return = mu.dot(weights);
  p.volatility = std::sqrt(std::max(0.0, weights.dot(cov * weights)));
  p.sharpe = p.volatility > 0 ? (p.expected_return - risk_free_rate) / p.volatility : 0.0;
  return p;
}

Result<EfficientFrontier> EfficientFrontier::create(Eigen::VectorXd mu, Eigen::MatrixXd cov,
                                                    WeightConstraints c) {
  const Eigen::Index n = mu.size();
  if (n == 0) return Error::invalid("no assets", "mu");
  if (cov.rows() != n || cov.cols() != n) return Error::invalid("cov must be n x n", "cov");
  if (!mu.allFinite()) return Error::invalid("expected returns contain NaN", "mu");
  if (!cov.allFinite()) return Error::invalid("covariance contains NaN", "cov");
  if (c.lower.size() != n || c.upper.size() != n) {
    return Error::invalid("weight bounds must have one entry per asset", "bounds");
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::isnan(c.lower(i)) || std::isnan(c.upper(i)) || c.lower(i) > c.upper(i)) {
      return Error::invalid("bad bounds for asset " + std::to_string(i), "bounds");
    }
  }
  if (c.lower.sum() > 1.0 + 1e-12 || c.upper.sum() < 1.0 - 1e-12) {
    return Error::invalid("weight bounds cannot sum to 1", "bounds");
  }
  for (const auto& g : c.groups) {
    for (Eigen::Index m : g.members) {
      if (m < 0 || m >= n) return Error::invalid("group member out of range", g.name);
    }
    if (g.lower > g.upper) return Error::invalid("group lower above upper", g.name);
  }
  auto factor = factorize_qp_matrix(cov);
  if (!factor) return Error::invalid("covariance is not positive semidefinite", "cov");
  return EfficientFrontier(std::move(mu), std::move(cov), std::move(c), std::move(*factor));
}

Result<Eigen::VectorXd> EfficientFrontier::solve_weights(const Eigen::VectorXd& q,
                                                         const Eigen::MatrixXd& extra_G,
                                                         const Eigen::VectorXd& extra_h) const {
  const Eigen::Index n = size();
  LinearRows rows = stack(constraint_rows(constraints_, false), extra_G, extra_h);
  QpProblem qp{cov_, q, Eigen::RowVectorXd::Ones(n), Eigen::VectorXd::Ones(1), rows.G, rows.h};
  auto sol = solve_qp(qp, {}, &factor_);
  if (!sol) return sol.error();
  return sol->x;
}

Result<Eigen::VectorXd> EfficientFrontier::min_volatility() const {
  return solve_weights(Eigen::VectorXd::Zero(size()), Eigen::MatrixXd(0, size()),
                       Eigen::VectorXd(0));
}

Result<Eigen::VectorXd> EfficientFrontier::max_sharpe(double risk_free_rate) const {
  const Eigen::Index n = size();
  if ((mu_.array() <= risk_free_rate).all()) {
    return Error::invalid("at least one expected return must exceed the risk-free rate",
                          "risk_free_rate");
  }
  if (screenable(constraints_) && (constraints_.upper.array() >= 1.0).all()) {
    auto fast =
        screened_max_sharpe(mu_, cov_, risk_free_rate, sharpe_seed(mu_, cov_, risk_free_rate, 24));
    if (fast) return *fast;
  }
  LinearRows rows = constraint_rows(constraints_, true);
  Eigen::RowVectorXd excess = (mu_.array() - risk_free_rate).matrix().transpose();
  QpProblem qp{cov_, Eigen::VectorXd::Zero(n), excess, Eigen::VectorXd::Ones(1), rows.G, rows.h};
  auto sol = solve_qp(qp, {}, &factor_);
  if (!sol) return sol.error();
  const double k = sol->x.sum();
  if (!(k > 0)) return Error::invalid("max Sharpe problem has no positive scale", "constraints");
  return Eigen::VectorXd(sol->x / k);
}

Result<Eigen::VectorXd> EfficientFrontier::efficient_return(double target_return) const {
  if (!std::isfinite(target_return))
    return Error::invalid("target return must be finite", "target_return");
  Eigen::MatrixXd G = -mu_.transpose();
  Eigen::VectorXd h = Eigen::VectorXd::Constant(1, -target_return);
  auto w = solve_weights(Eigen::VectorXd::Zero(size()), G, h);
  if (!w)
    return Error::invalid("target return is not attainable under the constraints", "target_return");
  return w;
}

Result<Eigen::VectorXd> EfficientFrontier::max_quadratic_utility(double risk_aversion) const {
  if (!(risk_aversion > 0))
    return Error::invalid("risk aversion must be positive", "risk_aversion");
  // Divide the objective by delta so that P keeps the scale of the covariance.
  return solve_weights(-mu_ / risk_aversion, Eigen::MatrixXd(0, size()), Eigen::VectorXd(0));
}

Result<Eigen::VectorXd> EfficientFrontier::efficient_risk(double target_volatility) const {
  auto vol_of = [&](const Eigen::VectorXd& w) { return std::sqrt(w.dot(cov_ * w)); };
  auto least = min_volatility();
  if (!least) return least.error();
  if (target_volatility < vol_of(*least) - 1e-12) {
    return Error::invalid("target volatility is below the minimum attainable", "target_volatility");
  }
  const double min_vol = vol_of(*least);
  if (min_vol >= target_volatility) return least;
  // Root of vol(delta) = target in x = log(delta); vol falls as x rises. Illinois-style
  // regula falsi keeps the bracket and converges superlinearly on this piecewise-smooth curve.
  double lo = std::log(kBoldRiskAversion), hi = std::log(1e8);
  auto boldest = max_quadratic_utility(std::exp(lo));
  if (!boldest) return boldest.error();
  double f_lo = vol_of(*boldest) - target_volatility;
  if (f_lo <= 0) return boldest;
  double f_hi = min_vol - target_volatility;  // the min-volatility end stands in for delta = 1e8
  Eigen::VectorXd best = *least;
  int last_side = 0;
  for (int iter = 0; iter < 200 && hi - lo > 1e-14; ++iter) {
    double x = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
    if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
    auto w = max_quadratic_utility(std::exp(x));
    if (!w) return w.error();
    const double f = vol_of(*w) - target_volatility;
    if (f > 0) {
      lo = x;
      f_lo = f;
      if (last_side == 1) f_hi *= 0.5;
      last_side = 1;
    } else {
      hi = x;
      f_hi = f;
      best = *w;
      if (-f < 1e-13 * std::max(1.0, target_volatility)) break;
      if (last_side == -1) f_lo *= 0.5;
      last_side = -1;
    }
  }
  return best;
}

double EfficientFrontier::max_attainable_return() const {
  const bool bounded = constraints_.lower.allFinite() && constraints_.upper.allFinite();
  if (!bounded) return mu_.maxCoeff();
  auto w = max_quadratic_utility(kBoldRiskAversion);
  return w ? mu_.dot(*w) : mu_.maxCoeff();
}

Result<std::vector<FrontierPoint>> EfficientFrontier::frontier(int points,
                                                               double risk_free_rate) const {
  if (points < 2) return Error::invalid("need at least 2 frontier points", "points");
  auto least = min_volatility();
  if (!least) return least.error();
  const double lo = mu_.dot(*least);
  const double top = max_attainable_return();
  const double hi = top - 1e-9 * std::max(1.0, std::abs(top - lo));
  std::vector<FrontierPoint> out;
  const bool screen = screenable(constraints_);
  for (int i = 0; i < points; ++i) {
    const double target = i == 0 ? lo : lo + (hi - lo) * i / (points - 1);
    std::optional<Eigen::VectorXd> fast;
    // Neighbouring points hold nearly the same assets: seed each with the previous holdings.
    if (screen && i > 0) {
      fast = screened_min_variance(mu_, cov_, constraints_.upper, target,
                                   support_of(out.back().weights));
    }
    Result<Eigen::VectorXd> w = i == 0 ? Result<Eigen::VectorXd>(*least)
                                : fast ? Result<Eigen::VectorXd>(*fast)
                                       : efficient_return(target);
    if (!w) return w.error();
    out.push_back({target, portfolio_performance(*w, mu_, cov_, risk_free_rate), *w});
  }
  return out;
}

Eigen::VectorXd clean_weights(const Eigen::VectorXd& weights, double cutoff, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return weights.unaryExpr([&](double w) {
    if (std::abs(w) < cutoff) return 0.0;
    return std::nearbyint(w * scale) / scale;
  });
}

}  // namespace finchat::portfolio
