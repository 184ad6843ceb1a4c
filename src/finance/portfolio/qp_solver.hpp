#pragma once
// Dense strictly convex QP solver (Goldfarb-Idnani dual active set):
//   minimise 0.5 x'Px + q'x  subject to  A_eq x = b_eq,  G x <= h.
// Exact up to round-off once the active set is found, which is what lets optimizer
// results match reference values to 1e-8 rather than to a first-order tolerance.
#include <Eigen/Dense>

#include "core/result.hpp"

namespace finchat::portfolio {

struct QpProblem {
  Eigen::MatrixXd P;  // n x n, symmetric positive definite (semidefinite gets a tiny ridge)
  Eigen::VectorXd q;
  Eigen::MatrixXd A_eq;  // m_eq x n (may have zero rows)
  Eigen::VectorXd b_eq;
  Eigen::MatrixXd G;  // m_in x n (may have zero rows)
  Eigen::VectorXd h;
};

struct QpOptions {
  double feasibility_tol = 1e-11;  // relative slack tolerance for "violated"
  int max_iterations = 0;          // 0 = 20 * (n + m)
  double ridge = 1e-12;            // added (times mean diagonal) when P is only semidefinite
};

struct QpSolution {
  Eigen::VectorXd x;
  double objective = 0;
  int iterations = 0;
  Eigen::VectorXd multipliers_in;  // one per row of G (>= 0, zero when inactive)
};

// Cholesky factor of P and J = L^{-T}; computing it is the O(n^3) part of a solve, so callers
// solving many problems with the same P (a frontier) factorise once.
struct QpFactor {
  Eigen::LLT<Eigen::MatrixXd> llt;
  Eigen::MatrixXd J;
};
Result<QpFactor> factorize_qp_matrix(const Eigen::MatrixXd& P, double ridge = 1e-12);

// `factor`, when given, must come from factorize_qp_matrix(problem.P).
Result<QpSolution> solve_qp(const QpProblem& problem, const QpOptions& options = {},
                            const QpFactor* factor = nullptr);

}  // namespace finchat::portfolio
