#pragma once
// Black-Litterman: blend a market-implied prior with investor views.
#include <Eigen/Dense>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "finance/portfolio/price_matrix.hpp"

namespace finchat::portfolio {

// delta = (annualised mean market return - rf) / annualised market variance (ddof = 1),
// from a one-column price series.
Result<double> market_implied_risk_aversion(const PriceMatrix& market, double risk_free_rate,
                                            int frequency = 252);

// pi = delta * S * w_mkt + rf with w_mkt = caps / sum(caps).
Result<Eigen::VectorXd> market_implied_prior_returns(const Eigen::VectorXd& market_caps,
                                                     double risk_aversion,
                                                     const Eigen::MatrixXd& cov,
                                                     double risk_free_rate);

enum class OmegaMethod {
  he_litterman,  // diag(tau * P S P')  (PyPortfolioOpt "default")
  idzorek,       // per-view confidence in [0, 1]: tau * (1 - c) / c * p S p'
  explicit_matrix,
};

struct View {
  // Absolute view: one asset with weight 1. Relative view: e.g. +1 on A, -1 on B.
  Eigen::VectorXd picks;    // row of P (length n)
  double expected = 0;      // Q entry
  double confidence = 0.5;  // used by Idzorek
};

View absolute_view(Eigen::Index n, Eigen::Index asset, double expected, double confidence = 0.5);
View relative_view(Eigen::Index n, Eigen::Index outperformer, Eigen::Index underperformer,
                   double spread, double confidence = 0.5);

struct BlackLittermanInput {
  Eigen::MatrixXd cov;  // annualised
  Eigen::VectorXd prior;
  std::vector<View> views;
  double tau = 0.05;
  OmegaMethod omega_method = OmegaMethod::he_litterman;
  Eigen::MatrixXd omega;  // only for explicit_matrix (k x k)
};

struct BlackLittermanResult {
  Eigen::VectorXd posterior_returns;
  Eigen::MatrixXd posterior_cov;
  Eigen::MatrixXd omega;
};

Result<BlackLittermanResult> black_litterman(const BlackLittermanInput& input);

// Unconstrained optimal weights (delta S)^-1 mu, normalised to sum to one.
Result<Eigen::VectorXd> black_litterman_weights(const BlackLittermanResult& posterior,
                                                double risk_aversion);

}  // namespace finchat::portfolio
