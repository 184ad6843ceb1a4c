#pragma once
// Exact speed-up for long-only problems whose solution holds few assets: solve the QP on a
// guessed support, check the KKT conditions of every asset left out, add the violators and
// repeat. The answer is the full problem's optimum (KKT verified), found with small dense
// solves instead of one n-asset active-set run. Used for frontier sweeps (each point seeded
// with the previous point's holdings) and for max Sharpe.
#include <Eigen/Dense>
#include <optional>
#include <vector>

#include "core/result.hpp"

namespace finchat::portfolio {

// min w'Sw s.t. 1'w = 1, 0 <= w <= upper, and mu'w >= target when given. Returns nullopt when
// screening cannot decide (the caller then solves the full problem).
std::optional<Eigen::VectorXd> screened_min_variance(const Eigen::VectorXd& mu,
                                                     const Eigen::MatrixXd& cov,
                                                     const Eigen::VectorXd& upper,
                                                     std::optional<double> target,
                                                     std::vector<Eigen::Index> support);

// Max Sharpe with only w >= 0 (no binding upper bounds): min y'Sy s.t. (mu - rf)'y = 1, y >= 0,
// w = y / 1'y. Nullopt when screening cannot decide.
std::optional<Eigen::VectorXd> screened_max_sharpe(const Eigen::VectorXd& mu,
                                                   const Eigen::MatrixXd& cov,
                                                   double risk_free_rate,
                                                   std::vector<Eigen::Index> support);

// Indices with weight above `cutoff`.
std::vector<Eigen::Index> support_of(const Eigen::VectorXd& w, double cutoff = 1e-10);

}  // namespace finchat::portfolio
