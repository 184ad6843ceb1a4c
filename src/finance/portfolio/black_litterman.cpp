#include "finance/portfolio/black_litterman.hpp"

#include <cmath>
#include <string>

namespace finchat::portfolio {

Result<double> market_implied_risk_aversion(const PriceMatrix& market, double risk_free_rate,
                                            int frequency) {
  if (market.cols() != 1) return Error::invalid("market series must have one column", "market");
  const PriceMatrix rets = returns_from_prices(market);
  double sum = 0, sum_sq = 0;
  int count = 0;
  for (Eigen::Index t = 0; t < rets.rows(); ++t) {
    const double r = rets.values(t, 0);
    if (std::isnan(r)) continue;
    sum += r;
    ++count;
  }
  if (count < 2) return Error::invalid("market series needs at least 3 prices", "market");
  const double mean = sum / count;
  for (Eigen::Index t = 0; t < rets.rows(); ++t) {
    const double r = rets.values(t, 0);
    if (!std::isnan(r)) sum_sq += (r - mean) * (r - mean);
  }
  const double variance = sum_sq / (count - 1) * frequency;
  if (!(variance > 0)) return Error::invalid("market series has no variance", "market");
  return (mean * frequency - risk_free_rate) / variance;
}

Result<Eigen::VectorXd> market_implied_prior_returns(const Eigen::VectorXd& market_caps,
                                                     double risk_aversion,
                                                     const Eigen::MatrixXd& cov,
                                                     double risk_free_rate) {
  if (market_caps.size() != cov.rows() || cov.rows() != cov.cols()) {
    return Error::invalid("market caps and covariance sizes differ", "market_caps");
  }
  if ((market_caps.array() < 0).any() || !(market_caps.sum() > 0)) {
    return Error::invalid("market caps must be non-negative with a positive total", "market_caps");
  }
  const Eigen::VectorXd w = market_caps / market_caps.sum();
  return Eigen::VectorXd((risk_aversion * cov * w).array() + risk_free_rate);
}

View absolute_view(Eigen::Index n, Eigen::Index asset, double expected, double confidence) {
  View v{Eigen::VectorXd::Zero(n), expected, confidence};
  v.picks(asset) = 1.0;
  return v;
}

View relative_view(Eigen::Index n, Eigen::Index outperformer, Eigen::Index underperformer,
                   double spread, double confidence) {
  View v{Eigen::VectorXd::Zero(n), spread, confidence};
  v.picks(outperformer) = 1.0;
  v.picks(underperformer) = -1.0;
  return v;
}

namespace {

// p' S p with both products materialised (a lazy product inside dot() trips GCC's
// -Wnull-dereference inside Eigen at -O3).
double quadratic_form(const Eigen::MatrixXd& rows, Eigen::Index i, const Eigen::MatrixXd& cov) {
  const Eigen::VectorXd p = rows.row(i).transpose();
  const Eigen::VectorXd sp = cov * p;
  return p.dot(sp);
}

Result<Eigen::MatrixXd> build_omega(const BlackLittermanInput& in, const Eigen::MatrixXd& P) {
  const auto k = P.rows();
  Eigen::MatrixXd omega = Eigen::MatrixXd::Zero(k, k);
  switch (in.omega_method) {
    case OmegaMethod::he_litterman:
      for (Eigen::Index i = 0; i < k; ++i) {
        omega(i, i) = in.tau * quadratic_form(P, i, in.cov);
      }
      return omega;
    case OmegaMethod::idzorek:
      for (Eigen::Index i = 0; i < k; ++i) {
        const double c = in.views[static_cast<size_t>(i)].confidence;
        if (!(c >= 0 && c <= 1)) {
          return Error::invalid("view confidence must be in [0, 1]",
                                "views[" + std::to_string(i) + "].confidence");
        }
        // Zero confidence: the view is ignored (huge variance); full confidence: exact.
        omega(i, i) = c == 0 ? 1e6 : in.tau * (1.0 - c) / c * quadratic_form(P, i, in.cov);
      }
      return omega;
    case OmegaMethod::explicit_matrix:
      if (in.omega.rows() != k || in.omega.cols() != k) {
        return Error::invalid("omega must be k x k for k views", "omega");
      }
      return in.omega;
  }
  return omega;
}

}  // namespace

Result<BlackLittermanResult> black_litterman(const BlackLittermanInput& in) {
  const Eigen::Index n = in.cov.rows();
  if (in.cov.cols() != n || in.prior.size() != n) {
    return Error::invalid("prior and covariance sizes differ", "prior");
  }
  if (!(in.tau > 0)) return Error::invalid("tau must be positive", "tau");
  const auto k = static_cast<Eigen::Index>(in.views.size());
  if (k == 0) return Error::invalid("at least one view is needed", "views");
  Eigen::MatrixXd P(k, n);
  Eigen::VectorXd Q(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    const View& v = in.views[static_cast<size_t>(i)];
    if (v.picks.size() != n || !v.picks.allFinite() || !std::isfinite(v.expected)) {
      return Error::invalid("view has the wrong size or NaN", "views[" + std::to_string(i) + "]");
    }
    P.row(i) = v.picks.transpose();
    Q(i) = v.expected;
  }
  auto omega = build_omega(in, P);
  if (!omega) return omega.error();
  const Eigen::MatrixXd tau_sigma_pt = in.tau * in.cov * P.transpose();
  const Eigen::MatrixXd A = P * tau_sigma_pt + *omega;
  Eigen::FullPivLU<Eigen::MatrixXd> lu(A);
  if (!lu.isInvertible()) return Error::invalid("views are linearly dependent", "views");
  BlackLittermanResult out;
  out.omega = *omega;
  out.posterior_returns = in.prior + tau_sigma_pt * lu.solve(Q - P * in.prior);
  const Eigen::MatrixXd M = in.tau * in.cov - tau_sigma_pt * lu.solve(tau_sigma_pt.transpose());
  out.posterior_cov = in.cov + M;
  return out;
}

Result<Eigen::VectorXd> black_litterman_weights(const BlackLittermanResult& posterior,
                                                double risk_aversion) {
  if (!(risk_aversion > 0))
    return Error::invalid("risk aversion must be positive", "risk_aversion");
  Eigen::VectorXd raw =
      (risk_aversion * posterior.posterior_cov).ldlt().solve(posterior.posterior_returns);
  if (std::abs(raw.sum()) < 1e-300) return Error::invalid("weights sum to zero", "weights");
  return Eigen::VectorXd(raw / raw.sum());
}

}  // namespace finchat::portfolio
