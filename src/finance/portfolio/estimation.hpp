#pragma once
// Expected returns and covariance estimators, matching PyPortfolioOpt's conventions:
// returns from pct_change, pairwise-complete NaN handling, annualisation by `frequency`.
#include <Eigen/Dense>

#include "core/result.hpp"
#include "finance/portfolio/price_matrix.hpp"

namespace finchat::portfolio {

inline constexpr int kTradingDays = 252;

struct EstimationOptions {
  int frequency = kTradingDays;  // periods per year
  Eigen::Index lookback = 0;     // use only the last N price rows (0 = all)
  bool compounding = true;       // geometric (true) or arithmetic (false) mean returns
};

// Per asset: (prod(1 + r))^(frequency / count) - 1, or mean(r) * frequency; NaNs skipped.
Eigen::VectorXd mean_historical_return(const PriceMatrix& prices,
                                       const EstimationOptions& opt = {});
// Exponentially weighted mean return (pandas ewm(span, adjust=True).mean() at the last row).
Eigen::VectorXd ema_historical_return(const PriceMatrix& prices, double span = 500,
                                      const EstimationOptions& opt = {});
// CAPM: rf + beta * (E[r_mkt] - rf). `market` is a one-column price series joined on dates;
// without it the equal-weighted mean of the asset returns is the market.
Result<Eigen::VectorXd> capm_return(const PriceMatrix& prices, const PriceMatrix* market,
                                    double risk_free_rate, const EstimationOptions& opt = {});

// Pairwise-complete covariance/correlation of a returns matrix (ddof = 1), not annualised.
Eigen::MatrixXd pairwise_cov(const Eigen::MatrixXd& returns);
Eigen::MatrixXd pairwise_corr(const Eigen::MatrixXd& returns);

// Annualised sample covariance of returns, made positive semidefinite if needed.
Eigen::MatrixXd sample_cov(const PriceMatrix& prices, const EstimationOptions& opt = {});
// Exponentially weighted covariance per pair (PyPortfolioOpt exp_cov), annualised.
Eigen::MatrixXd exp_cov(const PriceMatrix& prices, double span = 180,
                        const EstimationOptions& opt = {});

struct ShrunkCovariance {
  Eigen::MatrixXd cov;   // annualised
  double shrinkage = 0;  // delta in [0, 1]
};
// Ledoit-Wolf shrinkage towards the constant-variance target mu * I (sklearn's estimator on
// returns with NaN replaced by 0, like PyPortfolioOpt's CovarianceShrinkage.ledoit_wolf()).
ShrunkCovariance ledoit_wolf(const PriceMatrix& prices, const EstimationOptions& opt = {});
ShrunkCovariance ledoit_wolf_from_returns(const Eigen::MatrixXd& returns, int frequency);

// True when the matrix is PSD (Cholesky of S + 1e-16 I succeeds).
bool is_positive_semidefinite(const Eigen::MatrixXd& matrix);
// Clips negative eigenvalues to zero when the matrix is not PSD ("spectral" fix).
Eigen::MatrixXd fix_nonpositive_semidefinite(const Eigen::MatrixXd& matrix);

Eigen::MatrixXd cov_to_corr(const Eigen::MatrixXd& cov);

}  // namespace finchat::portfolio
