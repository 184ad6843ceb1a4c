#include "finance/portfolio/support_screening.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "finance/portfolio/qp_solver.hpp"

namespace finchat::portfolio {
namespace {

constexpr int kMaxRounds = 40;
constexpr double kFreeTol = 1e-9;

Eigen::VectorXd pick(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& s) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(s.size()));
  for (size_t i = 0; i < s.size(); ++i) out(static_cast<Eigen::Index>(i)) = v(s[i]);
  return out;
}

Eigen::MatrixXd pick(const Eigen::MatrixXd& m, const std::vector<Eigen::Index>& s) {
  const auto k = static_cast<Eigen::Index>(s.size());
  Eigen::MatrixXd out(k, k);
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j)
      out(i, j) = m(s[static_cast<size_t>(i)], s[static_cast<size_t>(j)]);
  }
  return out;
}

void normalise(std::vector<Eigen::Index>& s, Eigen::Index n) {
  s.erase(std::remove_if(s.begin(), s.end(), [n](Eigen::Index i) { return i < 0 || i >= n; }),
          s.end());
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
}

// Adds the worst KKT violators (most negative reduced gradient) to the support. Returns false
// when there are none.
bool grow(std::vector<Eigen::Index>& s, const Eigen::VectorXd& reduced, double tol) {
  std::vector<bool> in(static_cast<size_t>(reduced.size()), false);
  for (Eigen::Index i : s) in[static_cast<size_t>(i)] = true;
  std::vector<Eigen::Index> bad;
  for (Eigen::Index j = 0; j < reduced.size(); ++j) {
    if (!in[static_cast<size_t>(j)] && reduced(j) < -tol) bad.push_back(j);
  }
  if (bad.empty()) return false;
  std::sort(bad.begin(), bad.end(),
            [&](Eigen::Index a, Eigen::Index b) { return reduced(a) < reduced(b); });
  const size_t take = std::min(bad.size(), std::max<size_t>(8, s.size() / 2));
  s.insert(s.end(), bad.begin(), bad.begin() + static_cast<long>(take));
  normalise(s, reduced.size());
  return true;
}

// Least-squares fit of g_i = a + b x_i over the given rows (the two KKT multipliers).
std::optional<std::pair<double, double>> fit_line(const std::vector<double>& x,
                                                  const std::vector<double>& g) {
  const double n = static_cast<double>(x.size());
  if (x.empty()) return std::nullopt;
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double mg = std::accumulate(g.begin(), g.end(), 0.0) / n;
  double sxx = 0, sxg = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxg += (x[i] - mx) * (g[i] - mg);
  }
  if (!(sxx > 1e-300)) return std::nullopt;
  const double b = sxg / sxx;
  return std::make_pair(mg - b * mx, b);
}

}  // namespace

std::vector<Eigen::Index> support_of(const Eigen::VectorXd& w, double cutoff) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    if (w(i) > cutoff) out.push_back(i);
  }
  return out;
}

std::optional<Eigen::VectorXd> screened_min_variance(const Eigen::VectorXd& mu,
                                                     const Eigen::MatrixXd& cov,
                                                     const Eigen::VectorXd& upper,
                                                     std::optional<double> target,
                                                     std::vector<Eigen::Index> s) {
  const Eigen::Index n = mu.size();
  normalise(s, n);
  if (s.empty()) return std::nullopt;
  for (int round = 0; round < kMaxRounds; ++round) {
    const auto k = static_cast<Eigen::Index>(s.size());
    const Eigen::VectorXd mu_s = pick(mu, s), up_s = pick(upper, s);
    if (target && mu_s.maxCoeff() < *target) {  // cannot reach the target: add the best earners
      Eigen::VectorXd gain = -mu;
      if (!grow(s, gain.array() + *target, 0.0)) return std::nullopt;
      continue;
    }
    std::vector<Eigen::Index> capped;
    for (Eigen::Index i = 0; i < k; ++i) {
      if (up_s(i) < 1.0) capped.push_back(i);
    }
    const auto rows = k + static_cast<Eigen::Index>(capped.size()) + (target ? 1 : 0);
    QpProblem qp{pick(cov, s),
                 Eigen::VectorXd::Zero(k),
                 Eigen::RowVectorXd::Ones(k),
                 Eigen::VectorXd::Ones(1),
                 Eigen::MatrixXd::Zero(rows, k),
                 Eigen::VectorXd::Zero(rows)};
    for (Eigen::Index i = 0; i < k; ++i) qp.G(i, i) = -1.0;
    for (size_t c = 0; c < capped.size(); ++c) {
      qp.G(k + static_cast<Eigen::Index>(c), capped[c]) = 1.0;
      qp.h(k + static_cast<Eigen::Index>(c)) = up_s(capped[c]);
    }
    if (target) {
      qp.G.row(rows - 1) = -mu_s.transpose();
      qp.h(rows - 1) = -*target;
    }
    auto sol = solve_qp(qp);
    if (!sol) return std::nullopt;
    const Eigen::VectorXd& x = sol->x;
    Eigen::VectorXd g = Eigen::VectorXd::Zero(n);  // S w over all assets
    for (Eigen::Index i = 0; i < k; ++i) g += cov.col(s[static_cast<size_t>(i)]) * x(i);
    // Free assets satisfy g_i = -nu + lambda mu_i: fit (nu, lambda) on them.
    std::vector<double> mus, gs;
    for (Eigen::Index i = 0; i < k; ++i) {
      if (x(i) > kFreeTol && x(i) < up_s(i) - kFreeTol) {
        mus.push_back(mu_s(i));
        gs.push_back(g(s[static_cast<size_t>(i)]));
      }
    }
    double nu = 0, lambda = target ? sol->multipliers_in(rows - 1) : 0.0;
    if (mus.size() >= 2 && target) {
      auto line = fit_line(mus, gs);
      if (!line) return std::nullopt;
      nu = -line->first;
      lambda = line->second;
    } else if (!mus.empty()) {
      nu = 0;
      for (size_t i = 0; i < mus.size(); ++i) nu += lambda * mus[i] - gs[i];
      nu /= static_cast<double>(mus.size());
    } else {
      return std::nullopt;
    }
    const Eigen::VectorXd reduced = g.array() + nu - lambda * mu.array();
    const double tol = 1e-9 * (1.0 + g.cwiseAbs().maxCoeff());
    if (!grow(s, reduced, tol)) {
      Eigen::VectorXd w = Eigen::VectorXd::Zero(n);
      for (Eigen::Index i = 0; i < k; ++i) w(s[static_cast<size_t>(i)]) = x(i);
      return w;
    }
  }
  return std::nullopt;
}

std::optional<Eigen::VectorXd> screened_max_sharpe(const Eigen::VectorXd& mu,
                                                   const Eigen::MatrixXd& cov, double rf,
                                                   std::vector<Eigen::Index> s) {
  const Eigen::Index n = mu.size();
  const Eigen::VectorXd excess = mu.array() - rf;
  normalise(s, n);
  for (Eigen::Index i = 0; i < n && s.empty(); ++i) {
    if (excess(i) > 0) s.push_back(i);
  }
  for (int round = 0; round < kMaxRounds && !s.empty(); ++round) {
    const auto k = static_cast<Eigen::Index>(s.size());
    const Eigen::VectorXd ex_s = pick(excess, s);
    if (ex_s.maxCoeff() <= 0) return std::nullopt;
    QpProblem qp{pick(cov, s),
                 Eigen::VectorXd::Zero(k),
                 ex_s.transpose(),
                 Eigen::VectorXd::Ones(1),
                 -Eigen::MatrixXd::Identity(k, k),
                 Eigen::VectorXd::Zero(k)};
    auto sol = solve_qp(qp);
    if (!sol) return std::nullopt;
    const Eigen::VectorXd& y = sol->x;
    Eigen::VectorXd g = Eigen::VectorXd::Zero(n);
    for (Eigen::Index i = 0; i < k; ++i) g += cov.col(s[static_cast<size_t>(i)]) * y(i);
    // Free assets satisfy g_i = lambda * excess_i (lambda = y'Sy, since excess'y = 1).
    const double lambda = y.dot(pick(cov, s) * y);
    const Eigen::VectorXd reduced = g - lambda * excess;
    const double tol = 1e-9 * (1.0 + g.cwiseAbs().maxCoeff());
    if (!grow(s, reduced, tol)) {
      Eigen::VectorXd w = Eigen::VectorXd::Zero(n);
      for (Eigen::Index i = 0; i < k; ++i) w(s[static_cast<size_t>(i)]) = y(i);
      const double total = w.sum();
      if (!(total > 0)) return std::nullopt;
      return Eigen::VectorXd(w / total);
    }
  }
  return std::nullopt;
}

}  // namespace finchat::portfolio
