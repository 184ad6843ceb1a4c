#pragma once
// Equal (or budgeted) risk contribution portfolio, long-only, fully invested.
#include <Eigen/Dense>

#include "core/result.hpp"

namespace finchat::portfolio {

// Solves min 0.5 y'Sy - b' log y by damped Newton (Spinu 2013), w = y / sum(y); each asset's
// share of variance w_i (S w)_i / w'Sw then equals b_i / sum(b). Empty budget = equal.
Result<Eigen::VectorXd> risk_parity(const Eigen::MatrixXd& cov,
                                    const Eigen::VectorXd& budget = Eigen::VectorXd());

// w_i (S w)_i / (w'Sw): fractions that sum to one.
Eigen::VectorXd risk_contributions(const Eigen::VectorXd& weights, const Eigen::MatrixXd& cov);

}  // namespace finchat::portfolio
