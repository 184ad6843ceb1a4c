#include "finance/portfolio/qp_solver.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace finchat::portfolio {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Constraints in the solver's own form: n'x >= b.
struct Constraint {
  Eigen::VectorXd normal;
  double bound = 0;
  bool equality = false;
  Eigen::Index source = 0;  // row in A_eq or G
  double norm = 1;          // of the normal, cached for the tolerance tests
};

// Rotates columns i and j of J so that (a, b) becomes (hypot(a, b), 0).
void rotate_columns(Eigen::MatrixXd& m, Eigen::Index i, Eigen::Index j, double c, double s) {
  for (Eigen::Index k = 0; k < m.rows(); ++k) {
    const double t1 = m(k, i), t2 = m(k, j);
    m(k, i) = c * t1 + s * t2;
    m(k, j) = -s * t1 + c * t2;
  }
}

class DualActiveSet {
 public:
  DualActiveSet(const QpProblem& p, const QpOptions& o, const QpFactor* f)
      : problem_(p), options_(o), factor_(f) {}

  Result<QpSolution> run();

 private:
  Status factorize();
  void build_constraints();
  double slack(const Constraint& c) const { return c.normal.dot(x_) - c.bound; }
  double tolerance(const Constraint& c) const {
    return options_.feasibility_tol * (1.0 + std::abs(c.bound) + c.norm * x_norm_);
  }
  int pick_violated();
  Status add_constraint(int index);
  void add_to_factor(const Eigen::VectorXd& d_in);
  void drop_active(Eigen::Index position);

  const QpProblem& problem_;
  const QpOptions& options_;
  const QpFactor* factor_;
  Eigen::Index n_ = 0;
  std::vector<Constraint> constraints_;
  Eigen::MatrixXd J_;  // L^{-T} Q
  Eigen::MatrixXd R_;  // upper triangular, leading q x q block used
  Eigen::VectorXd x_;
  double x_norm_ = 0;        // refreshed before each scan for violations
  std::vector<int> active_;  // constraint indices
  std::vector<double> u_;    // multipliers of active constraints
  std::vector<bool> is_active_;
  int iterations_ = 0;
  int max_iterations_ = 0;
};

Status DualActiveSet::factorize() {
  if (factor_ == nullptr) {
    auto own = factorize_qp_matrix(problem_.P, options_.ridge);
    if (!own) return own.error();
    J_ = own->J;
    x_ = -own->llt.solve(problem_.q);
  } else {
    if (factor_->J.rows() != n_) return Error::invalid("QP factor does not match P", "factor");
    J_ = factor_->J;
    x_ = -factor_->llt.solve(problem_.q);
  }
  R_ = Eigen::MatrixXd::Zero(n_, n_);
  return {};
}

void DualActiveSet::build_constraints() {
  for (Eigen::Index i = 0; i < problem_.A_eq.rows(); ++i) {
    constraints_.push_back(
        {problem_.A_eq.row(i).transpose(), problem_.b_eq(i), true, i, problem_.A_eq.row(i).norm()});
  }
  for (Eigen::Index i = 0; i < problem_.G.rows(); ++i) {
    constraints_.push_back(
        {-problem_.G.row(i).transpose(), -problem_.h(i), false, i, problem_.G.row(i).norm()});
  }
  is_active_.assign(constraints_.size(), false);
}

int DualActiveSet::pick_violated() {
  x_norm_ = x_.norm();
  int worst = -1;
  double worst_scaled = 0;
  for (size_t i = 0; i < constraints_.size(); ++i) {
    if (is_active_[i] || constraints_[i].equality) continue;
    const double s = slack(constraints_[i]);
    if (s >= -tolerance(constraints_[i])) continue;
    const double scaled = s / std::max(constraints_[i].norm, 1e-300);
    if (worst < 0 || scaled < worst_scaled) {
      worst = static_cast<int>(i);
      worst_scaled = scaled;
    }
  }
  return worst;
}

void DualActiveSet::add_to_factor(const Eigen::VectorXd& d_in) {
  Eigen::VectorXd d = d_in;
  const Eigen::Index q = static_cast<Eigen::Index>(active_.size());
  for (Eigen::Index i = n_ - 1; i > q; --i) {
    const double a = d(i - 1), b = d(i);
    if (b == 0) continue;
    const double h = std::hypot(a, b);
    rotate_columns(J_, i - 1, i, a / h, b / h);
    d(i - 1) = h;
    d(i) = 0;
  }
  R_.col(q).head(q + 1) = d.head(q + 1);
}

void DualActiveSet::drop_active(Eigen::Index position) {
  const Eigen::Index q = static_cast<Eigen::Index>(active_.size());
  is_active_[static_cast<size_t>(active_[static_cast<size_t>(position)])] = false;
  active_.erase(active_.begin() + position);
  u_.erase(u_.begin() + position);
  for (Eigen::Index j = position; j < q - 1; ++j) R_.col(j) = R_.col(j + 1);
  R_.col(q - 1).setZero();
  // R is now upper Hessenberg from `position`; restore triangularity with row rotations,
  // mirrored on the columns of J so that J'N = R still holds.
  for (Eigen::Index j = position; j < q - 1; ++j) {
    const double a = R_(j, j), b = R_(j + 1, j);
    if (b == 0) continue;
    const double h = std::hypot(a, b);
    const double c = a / h, s = b / h;
    for (Eigen::Index col = j; col < q - 1; ++col) {
      const double t1 = R_(j, col), t2 = R_(j + 1, col);
      R_(j, col) = c * t1 + s * t2;
      R_(j + 1, col) = -s * t1 + c * t2;
    }
    rotate_columns(J_, j, j + 1, c, s);
  }
}

// Steps 2a-2c of Goldfarb-Idnani for one violated constraint.
Status DualActiveSet::add_constraint(int index) {
  Constraint& c = constraints_[static_cast<size_t>(index)];
  if (c.equality && slack(c) > 0) {  // approach an equality from its violated side
    c.normal = -c.normal;
    c.bound = -c.bound;
  }
  double u_new = 0;
  while (true) {
    if (++iterations_ > max_iterations_) return Error::internal("QP iteration limit reached");
    const Eigen::Index q = static_cast<Eigen::Index>(active_.size());
    const Eigen::VectorXd d = J_.transpose() * c.normal;
    const Eigen::VectorXd z = J_.rightCols(n_ - q) * d.tail(n_ - q);
    Eigen::VectorXd r;
    if (q > 0) r = R_.topLeftCorner(q, q).triangularView<Eigen::Upper>().solve(d.head(q));
    double t1 = kInf;
    Eigen::Index drop = -1;
    for (Eigen::Index j = 0; j < q; ++j) {
      if (constraints_[static_cast<size_t>(active_[static_cast<size_t>(j)])].equality) continue;
      if (r(j) > 0 && u_[static_cast<size_t>(j)] / r(j) < t1) {
        t1 = u_[static_cast<size_t>(j)] / r(j);
        drop = j;
      }
    }
    const double zn = z.dot(c.normal);
    const bool primal_step = z.norm() > 1e-13 * (1.0 + d.norm()) && zn > 0;
    const double s = slack(c);
    x_norm_ = x_.norm();
    if (c.equality && !primal_step && std::abs(s) <= tolerance(c)) return {};  // redundant
    const double t2 = primal_step ? std::max(0.0, -s / zn) : kInf;
    const double t = std::min(t1, t2);
    if (t == kInf) {
      std::string kind = c.equality ? "equality" : "inequality";
      return Error::invalid("QP is infeasible (" + kind + " row " + std::to_string(c.source) + ")",
                            "constraints");
    }
    for (Eigen::Index j = 0; j < q; ++j) u_[static_cast<size_t>(j)] -= t * r(j);
    u_new += t;
    if (!primal_step) {  // pure dual step: drop a blocking constraint and retry
      drop_active(drop);
      continue;
    }
    x_ += t * z;
    if (t2 <= t1) {
      add_to_factor(d);
      active_.push_back(index);
      u_.push_back(u_new);
      is_active_[static_cast<size_t>(index)] = true;
      return {};
    }
    drop_active(drop);
  }
}

Result<QpSolution> DualActiveSet::run() {
  n_ = problem_.P.rows();
  if (problem_.P.cols() != n_ || problem_.q.size() != n_ ||
      (problem_.A_eq.rows() > 0 && problem_.A_eq.cols() != n_) ||
      problem_.A_eq.rows() != problem_.b_eq.size() ||
      (problem_.G.rows() > 0 && problem_.G.cols() != n_) ||
      problem_.G.rows() != problem_.h.size()) {
    return Error::invalid("QP dimensions do not agree", "problem");
  }
  if (!problem_.P.allFinite() || !problem_.q.allFinite() || !problem_.A_eq.allFinite() ||
      !problem_.b_eq.allFinite() || !problem_.G.allFinite() || !problem_.h.allFinite()) {
    return Error::invalid("QP data contains NaN or infinity", "problem");
  }
  if (auto st = factorize(); !st) return st.error();
  build_constraints();
  const auto total = static_cast<int>(constraints_.size() + static_cast<size_t>(n_));
  max_iterations_ = options_.max_iterations > 0 ? options_.max_iterations : 20 * total + 100;
  for (size_t i = 0; i < constraints_.size(); ++i) {
    if (!constraints_[i].equality) continue;
    if (auto st = add_constraint(static_cast<int>(i)); !st) return st.error();
  }
  for (int p = pick_violated(); p >= 0; p = pick_violated()) {
    if (auto st = add_constraint(p); !st) return st.error();
  }
  QpSolution out;
  out.x = x_;
  out.objective = 0.5 * x_.dot(problem_.P * x_) + problem_.q.dot(x_);
  out.iterations = iterations_;
  out.multipliers_in = Eigen::VectorXd::Zero(problem_.G.rows());
  for (size_t j = 0; j < active_.size(); ++j) {
    const Constraint& c = constraints_[static_cast<size_t>(active_[j])];
    if (!c.equality) out.multipliers_in(c.source) = u_[j];
  }
  return out;
}

}  // namespace

Result<QpFactor> factorize_qp_matrix(const Eigen::MatrixXd& P_in, double ridge) {
  if (P_in.rows() != P_in.cols() || !P_in.allFinite()) {
    return Error::invalid("QP matrix must be finite and square", "P");
  }
  Eigen::MatrixXd P = (P_in + P_in.transpose()) / 2.0;
  QpFactor f;
  f.llt.compute(P);
  if (f.llt.info() != Eigen::Success) {  // semidefinite: a tiny ridge makes it definite
    const double scale = std::max(P.diagonal().mean(), 1e-300);
    P.diagonal().array() += ridge * scale;
    f.llt.compute(P);
    if (f.llt.info() != Eigen::Success) {
      return Error::invalid("QP matrix is not positive semidefinite", "P");
    }
  }
  // J = L^{-T}: solve L' J = I.
  f.J = f.llt.matrixU().solve(Eigen::MatrixXd::Identity(P.rows(), P.cols()));
  return f;
}

Result<QpSolution> solve_qp(const QpProblem& problem, const QpOptions& options,
                            const QpFactor* factor) {
  DualActiveSet solver(problem, options, factor);
  return solver.run();
}

}  // namespace finchat::portfolio
