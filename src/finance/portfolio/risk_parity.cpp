#include "finance/portfolio/risk_parity.hpp"

#include <cmath>

namespace finchat::portfolio {

Result<Eigen::VectorXd> risk_parity(const Eigen::MatrixXd& cov, const Eigen::VectorXd& budget_in) {
  const Eigen::Index n = cov.rows();
  if (n == 0 || cov.cols() != n || !cov.allFinite()) {
    return Error::invalid("covariance must be a finite square matrix", "cov");
  }
  if ((cov.diagonal().array() <= 0).any()) return Error::invalid("zero variance asset", "cov");
  Eigen::VectorXd b = budget_in.size() == 0 ? Eigen::VectorXd::Ones(n) : budget_in;
  if (b.size() != n || (b.array() <= 0).any()) {
    return Error::invalid("risk budget must be positive, one per asset", "budget");
  }
  b /= b.sum();
  auto objective = [&](const Eigen::VectorXd& y) {
    return 0.5 * y.dot(cov * y) - b.dot(y.array().log().matrix());
  };
  Eigen::VectorXd y = cov.diagonal().cwiseSqrt().cwiseInverse();
  y /= std::sqrt(y.dot(cov * y));
  for (int iter = 0; iter < 200; ++iter) {
    const Eigen::VectorXd grad = cov * y - b.cwiseQuotient(y);
    if (grad.cwiseQuotient(b).lpNorm<Eigen::Infinity>() < 1e-13) break;
    Eigen::MatrixXd hess = cov;
    hess.diagonal() += b.cwiseQuotient(y.cwiseProduct(y));
    const Eigen::VectorXd step = hess.ldlt().solve(-grad);
    // Backtrack to stay positive and decrease the objective.
    double t = 1.0;
    while ((y + t * step).minCoeff() <= 0) t *= 0.5;
    // The objective is self-concordant: once the Newton decrement is small the full step is
    // safe, and a line search there would only fight round-off.
    const double decrement_sq = -grad.dot(step);
    const double f0 = objective(y);
    while (decrement_sq > 0.01 && t > 1e-12 &&
           objective(y + t * step) > f0 - 1e-4 * t * decrement_sq) {
      t *= 0.5;
    }
    y += t * step;
  }
  return Eigen::VectorXd(y / y.sum());
}

Eigen::VectorXd risk_contributions(const Eigen::VectorXd& weights, const Eigen::MatrixXd& cov) {
  const Eigen::VectorXd marginal = cov * weights;
  return weights.cwiseProduct(marginal) / weights.dot(marginal);
}

}  // namespace finchat::portfolio
