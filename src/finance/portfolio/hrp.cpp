#include "finance/portfolio/hrp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace finchat::portfolio {
namespace {

// Lance-Williams update: distance from cluster k to the union of clusters i and j.
double merged_distance(Linkage method, double dki, double dkj, double dij, double ni, double nj,
                       double nk) {
  switch (method) {
    case Linkage::single: return std::min(dki, dkj);
    case Linkage::complete: return std::max(dki, dkj);
    case Linkage::average: return (ni * dki + nj * dkj) / (ni + nj);
    case Linkage::ward:
      return std::sqrt(std::max(
          0.0, ((ni + nk) * dki * dki + (nj + nk) * dkj * dkj - nk * dij * dij) / (ni + nj + nk)));
  }
  return dki;
}

}  // namespace

std::vector<LinkageStep> hierarchical_linkage(const Eigen::MatrixXd& distance, Linkage method) {
  const Eigen::Index n = distance.rows();
  Eigen::MatrixXd d = distance;
  std::vector<Eigen::Index> id(static_cast<size_t>(n));  // current cluster id per slot
  std::vector<double> size(static_cast<size_t>(n), 1.0);
  std::vector<bool> alive(static_cast<size_t>(n), true);
  for (Eigen::Index i = 0; i < n; ++i) id[static_cast<size_t>(i)] = i;
  std::vector<LinkageStep> steps;
  for (Eigen::Index step = 0; step + 1 < n; ++step) {
    Eigen::Index bi = -1, bj = -1;
    double best = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < n; ++i) {
      if (!alive[static_cast<size_t>(i)]) continue;
      for (Eigen::Index j = i + 1; j < n; ++j) {
        if (alive[static_cast<size_t>(j)] && d(i, j) < best) {
          best = d(i, j);
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) {  // NaN distances: merge the first two live slots
      for (Eigen::Index i = 0; i < n && bj < 0; ++i) {
        if (!alive[static_cast<size_t>(i)]) continue;
        if (bi < 0)
          bi = i;
        else
          bj = i;
      }
      best = d(bi, bj);
    }
    const auto si = static_cast<size_t>(bi), sj = static_cast<size_t>(bj);
    for (Eigen::Index k = 0; k < n; ++k) {
      if (!alive[static_cast<size_t>(k)] || k == bi || k == bj) continue;
      d(bi, k) = d(k, bi) = merged_distance(method, d(k, bi), d(k, bj), best, size[si], size[sj],
                                            size[static_cast<size_t>(k)]);
    }
    steps.push_back({std::min(id[si], id[sj]), std::max(id[si], id[sj]), best,
                     static_cast<Eigen::Index>(size[si] + size[sj])});
    id[si] = n + step;
    size[si] += size[sj];
    alive[sj] = false;
  }
  return steps;
}

std::vector<Eigen::Index> quasi_diagonal_order(const std::vector<LinkageStep>& steps,
                                               Eigen::Index n) {
  std::vector<Eigen::Index> order;
  if (n == 1) return {0};
  std::vector<Eigen::Index> stack{n + static_cast<Eigen::Index>(steps.size()) - 1};
  while (!stack.empty()) {
    const Eigen::Index node = stack.back();
    stack.pop_back();
    if (node < n) {
      order.push_back(node);
      continue;
    }
    const LinkageStep& s = steps[static_cast<size_t>(node - n)];
    stack.push_back(s.right);  // popped after the whole left subtree
    stack.push_back(s.left);
  }
  return order;
}

double cluster_variance(const Eigen::MatrixXd& cov, const std::vector<Eigen::Index>& members) {
  const auto m = static_cast<Eigen::Index>(members.size());
  Eigen::MatrixXd sub(m, m);
  for (Eigen::Index a = 0; a < m; ++a) {
    for (Eigen::Index b = 0; b < m; ++b) {
      sub(a, b) = cov(members[static_cast<size_t>(a)], members[static_cast<size_t>(b)]);
    }
  }
  Eigen::VectorXd ivp = sub.diagonal().cwiseInverse();
  ivp /= ivp.sum();
  return ivp.dot(sub * ivp);
}

Result<HrpResult> hierarchical_risk_parity(const Eigen::MatrixXd& cov, const Eigen::MatrixXd& corr,
                                           Linkage method) {
  const Eigen::Index n = cov.rows();
  if (n == 0 || cov.cols() != n || corr.rows() != n || corr.cols() != n) {
    return Error::invalid("cov and corr must be the same square size", "cov");
  }
  if (!cov.allFinite() || !corr.allFinite()) return Error::invalid("NaN in cov/corr", "cov");
  if ((cov.diagonal().array() <= 0).any()) return Error::invalid("zero variance asset", "cov");
  Eigen::MatrixXd dist = ((1.0 - corr.array()) / 2.0).cwiseMax(0.0).cwiseMin(1.0).sqrt();
  HrpResult out;
  out.linkage = hierarchical_linkage(dist, method);
  out.order = quasi_diagonal_order(out.linkage, n);
  out.weights = Eigen::VectorXd::Ones(n);
  // Breadth-first bisection of the ordered list, halves of size len / 2 and the rest.
  std::vector<std::vector<Eigen::Index>> clusters{out.order};
  while (!clusters.empty()) {
    std::vector<std::vector<Eigen::Index>> halves;
    for (const auto& c : clusters) {
      if (c.size() <= 1) continue;
      const auto mid = static_cast<std::ptrdiff_t>(c.size() / 2);
      halves.emplace_back(c.begin(), c.begin() + mid);
      halves.emplace_back(c.begin() + mid, c.end());
    }
    for (size_t i = 0; i + 1 < halves.size(); i += 2) {
      const double v1 = cluster_variance(cov, halves[i]);
      const double v2 = cluster_variance(cov, halves[i + 1]);
      const double alpha = 1.0 - v1 / (v1 + v2);
      for (Eigen::Index a : halves[i]) out.weights(a) *= alpha;
      for (Eigen::Index a : halves[i + 1]) out.weights(a) *= 1.0 - alpha;
    }
    clusters = std::move(halves);
  }
  return out;
}

Result<HrpResult> hrp_from_covariance(const Eigen::MatrixXd& cov, Linkage method) {
  if (cov.rows() != cov.cols()) return Error::invalid("cov must be square", "cov");
  if ((cov.diagonal().array() <= 0).any()) return Error::invalid("zero variance asset", "cov");
  const Eigen::VectorXd inv_sd = cov.diagonal().cwiseSqrt().cwiseInverse();
  Eigen::MatrixXd corr = inv_sd.asDiagonal() * cov * inv_sd.asDiagonal();
  corr = corr.unaryExpr([](double v) { return std::nearbyint(v * 1e6) / 1e6; });
  return hierarchical_risk_parity(cov, corr, method);
}

}  // namespace finchat::portfolio
