#pragma once
// Mean-variance optimisation (Markowitz) with per-asset bounds and group (sector) limits.
#include <Eigen/Dense>
#include <limits>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/portfolio/qp_solver.hpp"

namespace finchat::portfolio {

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

struct GroupConstraint {
  std::string name;                   // e.g. a sector or "equity"
  std::vector<Eigen::Index> members;  // asset indices
  double lower = -kUnbounded;         // on the summed weight of the members
  double upper = kUnbounded;
};

struct WeightConstraints {
  Eigen::VectorXd lower;  // per asset; -inf = no bound (shorting allowed)
  Eigen::VectorXd upper;  // per asset; +inf = no bound
  std::vector<GroupConstraint> groups;

  static WeightConstraints long_only(Eigen::Index n, double max_weight = 1.0);
  static WeightConstraints unbounded(Eigen::Index n);
};

struct PortfolioPerformance {
  double expected_return = 0;
  double volatility = 0;
  double sharpe = 0;
};

// (mu.w, sqrt(w'Sw), (ret - rf) / vol), as in PyPortfolioOpt.
PortfolioPerformance portfolio_performance(const Eigen::VectorXd& weights,
                                           const Eigen::VectorXd& mu, const Eigen::MatrixXd& cov,
                                           double risk_free_rate);

struct FrontierPoint {
  double target_return = 0;
  PortfolioPerformance performance;
  Eigen::VectorXd weights;
};

class EfficientFrontier {
 public:
  // Validates shapes, finiteness and that the bounds admit a fully invested portfolio.
  static Result<EfficientFrontier> create(Eigen::VectorXd mu, Eigen::MatrixXd cov,
                                          WeightConstraints constraints);

  Result<Eigen::VectorXd> min_volatility() const;
  // Tangency portfolio via y = k w: min y'Sy s.t. (mu - rf)'y = 1, bounds scaled by k.
  Result<Eigen::VectorXd> max_sharpe(double risk_free_rate = 0.02) const;
  // Minimum variance with mu'w >= target.
  Result<Eigen::VectorXd> efficient_return(double target_return) const;
  // Maximum return with volatility <= target (found on the quadratic-utility path).
  Result<Eigen::VectorXd> efficient_risk(double target_volatility) const;
  // max mu'w - (delta / 2) w'Sw.
  Result<Eigen::VectorXd> max_quadratic_utility(double risk_aversion) const;
  // `points` portfolios with targets spaced evenly from the min-volatility return to the
  // highest attainable return.
  Result<std::vector<FrontierPoint>> frontier(int points, double risk_free_rate = 0.02) const;

  const Eigen::VectorXd& mu() const { return mu_; }
  const Eigen::MatrixXd& cov() const { return cov_; }
  const WeightConstraints& constraints() const { return constraints_; }
  Eigen::Index size() const { return mu_.size(); }

 private:
  EfficientFrontier(Eigen::VectorXd mu, Eigen::MatrixXd cov, WeightConstraints c, QpFactor f)
      : mu_(std::move(mu)),
        cov_(std::move(cov)),
        constraints_(std::move(c)),
        factor_(std::move(f)) {}
  // min 0.5 w'Sw + q'w, fully invested, within the constraints plus extra rows G w <= h.
  Result<Eigen::VectorXd> solve_weights(const Eigen::VectorXd& q, const Eigen::MatrixXd& extra_G,
                                        const Eigen::VectorXd& extra_h) const;
  double max_attainable_return() const;

  Eigen::VectorXd mu_;
  Eigen::MatrixXd cov_;
  WeightConstraints constraints_;
  QpFactor factor_;  // of cov, shared by every solve
};

// Rounds weights to `decimals` and zeroes those below `cutoff` (PyPortfolioOpt clean_weights).
Eigen::VectorXd clean_weights(const Eigen::VectorXd& weights, double cutoff = 1e-4,
                              int decimals = 5);

}  // namespace finchat::portfolio
