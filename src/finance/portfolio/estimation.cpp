#include "finance/portfolio/estimation.hpp"

#include <cmath>
#include <limits>
#include <map>

namespace finchat::portfolio {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

PriceMatrix windowed_returns(const PriceMatrix& prices, const EstimationOptions& opt) {
  return returns_from_prices(prices.tail(opt.lookback));
}

Eigen::MatrixXd valid_mask(const Eigen::MatrixXd& x) {
  return x.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : 1.0; });
}

Eigen::MatrixXd zero_nan(const Eigen::MatrixXd& x) {
  return x.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
}

// pandas Series.ewm(span, adjust=True, ignore_na=False).mean() at the last position:
// weights depend on absolute position, NaN entries are skipped.
double ewm_last(const Eigen::VectorXd& x, double span) {
  const double decay = 1.0 - 2.0 / (span + 1.0);
  double weight = 1.0, num = 0.0, den = 0.0;
  for (Eigen::Index t = x.size() - 1; t >= 0; --t) {
    if (!std::isnan(x(t))) {
      num += weight * x(t);
      den += weight;
    }
    weight *= decay;
  }
  return den > 0 ? num / den : kNaN;
}

double nan_mean(const Eigen::VectorXd& x) {
  double sum = 0;
  int count = 0;
  for (double v : x) {
    if (!std::isnan(v)) {
      sum += v;
      ++count;
    }
  }
  return count > 0 ? sum / count : kNaN;
}

double annualised_mean(const Eigen::VectorXd& r, const EstimationOptions& opt) {
  if (!opt.compounding) return nan_mean(r) * opt.frequency;
  double log_growth = 0;
  int count = 0;
  for (double v : r) {
    if (!std::isnan(v)) {
      log_growth += std::log1p(v);
      ++count;
    }
  }
  if (count == 0) return kNaN;
  return std::exp(log_growth * opt.frequency / count) - 1.0;
}

// Complete data: one symmetric rank-k update instead of the three masked products.
Eigen::MatrixXd complete_cov(const Eigen::MatrixXd& x) {
  const Eigen::Index n = x.cols();
  if (x.rows() < 2) return Eigen::MatrixXd::Constant(n, n, kNaN);
  const Eigen::MatrixXd centered = x.rowwise() - x.colwise().mean();
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(n, n);
  cov.selfadjointView<Eigen::Lower>().rankUpdate(centered.transpose(),
                                                 1.0 / static_cast<double>(x.rows() - 1));
  cov.triangularView<Eigen::StrictlyUpper>() = cov.transpose();
  return cov;
}

}  // namespace

Eigen::VectorXd mean_historical_return(const PriceMatrix& prices, const EstimationOptions& opt) {
  PriceMatrix rets = windowed_returns(prices, opt);
  Eigen::VectorXd out(rets.cols());
  for (Eigen::Index j = 0; j < rets.cols(); ++j) out(j) = annualised_mean(rets.values.col(j), opt);
  return out;
}

Eigen::VectorXd ema_historical_return(const PriceMatrix& prices, double span,
                                      const EstimationOptions& opt) {
  PriceMatrix rets = windowed_returns(prices, opt);
  Eigen::VectorXd out(rets.cols());
  for (Eigen::Index j = 0; j < rets.cols(); ++j) {
    double m = ewm_last(rets.values.col(j), span);
    out(j) = opt.compounding ? std::pow(1.0 + m, opt.frequency) - 1.0 : m * opt.frequency;
  }
  return out;
}

Result<Eigen::VectorXd> capm_return(const PriceMatrix& prices, const PriceMatrix* market,
                                    double risk_free_rate, const EstimationOptions& opt) {
  PriceMatrix rets = windowed_returns(prices, opt);
  const Eigen::Index n = rets.cols();
  Eigen::MatrixXd joined(rets.rows(), n + 1);
  joined.leftCols(n) = rets.values;
  if (market == nullptr) {
    for (Eigen::Index t = 0; t < rets.rows(); ++t) {
      joined(t, n) = nan_mean(rets.values.row(t).transpose());
    }
  } else {
    if (market->cols() != 1) return Error::invalid("market series must have one column", "market");
    PriceMatrix mret = returns_from_prices(*market);
    std::map<std::string, double> by_date;
    for (Eigen::Index t = 0; t < mret.rows(); ++t) {
      by_date[mret.dates[static_cast<size_t>(t)]] = mret.values(t, 0);
    }
    for (Eigen::Index t = 0; t < rets.rows(); ++t) {  // left join on the asset dates
      auto it = by_date.find(rets.dates[static_cast<size_t>(t)]);
      joined(t, n) = it == by_date.end() ? kNaN : it->second;
    }
  }
  Eigen::MatrixXd cov = pairwise_cov(joined);
  if (!(cov(n, n) > 0)) return Error::invalid("market returns have no variance", "market");
  const double market_return = annualised_mean(joined.col(n), opt);
  Eigen::VectorXd betas = cov.col(n).head(n) / cov(n, n);
  return Eigen::VectorXd(
      (risk_free_rate + betas.array() * (market_return - risk_free_rate)).matrix());
}

Eigen::MatrixXd pairwise_cov(const Eigen::MatrixXd& returns) {
  if (!returns.hasNaN()) return complete_cov(returns);
  const Eigen::MatrixXd mask = valid_mask(returns);
  Eigen::MatrixXd x = zero_nan(returns);
  // Shift by each column's mean first: covariance is shift-invariant and the one-pass
  // formula below then loses no precision.
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double count = mask.col(j).sum();
    if (count > 0) x.col(j) = (x.col(j).array() - x.col(j).sum() / count) * mask.col(j).array();
  }
  const Eigen::MatrixXd counts = mask.transpose() * mask;
  const Eigen::MatrixXd sums = x.transpose() * mask;  // (i, j): sum of x_i where j valid
  const Eigen::MatrixXd cross = x.transpose() * x;
  Eigen::MatrixXd cov(x.cols(), x.cols());
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double n = counts(i, j);
      cov(i, j) = n < 2 ? kNaN : (cross(i, j) - sums(i, j) * sums(j, i) / n) / (n - 1);
    }
  }
  return cov;
}

Eigen::MatrixXd pairwise_corr(const Eigen::MatrixXd& returns) {
  if (!returns.hasNaN()) {
    Eigen::MatrixXd corr = cov_to_corr(complete_cov(returns));
    corr.diagonal().setOnes();
    return corr;
  }
  const Eigen::MatrixXd mask = valid_mask(returns);
  Eigen::MatrixXd x = zero_nan(returns);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double count = mask.col(j).sum();
    if (count > 0) x.col(j) = (x.col(j).array() - x.col(j).sum() / count) * mask.col(j).array();
  }
  const Eigen::MatrixXd counts = mask.transpose() * mask;
  const Eigen::MatrixXd sums = x.transpose() * mask;
  const Eigen::MatrixXd squares = x.cwiseProduct(x).transpose() * mask;
  const Eigen::MatrixXd cross = x.transpose() * x;
  Eigen::MatrixXd corr(x.cols(), x.cols());
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double n = counts(i, j);
      if (n < 2) {
        corr(i, j) = kNaN;
        continue;
      }
      const double cxy = cross(i, j) - sums(i, j) * sums(j, i) / n;
      const double vx = squares(i, j) - sums(i, j) * sums(i, j) / n;
      const double vy = squares(j, i) - sums(j, i) * sums(j, i) / n;
      corr(i, j) = i == j ? 1.0 : cxy / std::sqrt(vx * vy);
    }
  }
  return corr;
}

Eigen::MatrixXd sample_cov(const PriceMatrix& prices, const EstimationOptions& opt) {
  PriceMatrix rets = windowed_returns(prices, opt);
  return fix_nonpositive_semidefinite(pairwise_cov(rets.values) * opt.frequency);
}

Eigen::MatrixXd exp_cov(const PriceMatrix& prices, double span, const EstimationOptions& opt) {
  PriceMatrix rets = windowed_returns(prices, opt);
  const Eigen::Index n = rets.cols();
  Eigen::VectorXd means(n);
  for (Eigen::Index j = 0; j < n; ++j) means(j) = nan_mean(rets.values.col(j));
  Eigen::MatrixXd cov(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i; j < n; ++j) {
      Eigen::VectorXd covariation =
          (rets.values.col(i).array() - means(i)) * (rets.values.col(j).array() - means(j));
      cov(i, j) = cov(j, i) = ewm_last(covariation, span);
    }
  }
  return fix_nonpositive_semidefinite(cov * opt.frequency);
}

ShrunkCovariance ledoit_wolf_from_returns(const Eigen::MatrixXd& returns, int frequency) {
  Eigen::MatrixXd x = zero_nan(returns);
  const double t = static_cast<double>(x.rows());
  const double p = static_cast<double>(x.cols());
  x.rowwise() -= x.colwise().mean();
  const Eigen::MatrixXd emp = x.transpose() * x / t;  // biased, like sklearn
  const double mu = emp.trace() / p;
  const Eigen::MatrixXd x2 = x.cwiseProduct(x);
  const double delta_sum = emp.cwiseProduct(emp).sum();     // sum((X'X / t)^2)
  const double beta_sum = (x2.transpose() * x2).sum() / t;  // mean of x_i^2 x_j^2
  double beta = (beta_sum - delta_sum) / (p * t);
  double delta = (delta_sum - 2.0 * mu * emp.trace() + p * mu * mu) / p;
  beta = std::min(beta, delta);
  ShrunkCovariance out;
  out.shrinkage = beta == 0 ? 0.0 : beta / delta;
  out.cov = (1.0 - out.shrinkage) * emp;
  out.cov.diagonal().array() += out.shrinkage * mu;
  out.cov = fix_nonpositive_semidefinite(out.cov * frequency);
  return out;
}

ShrunkCovariance ledoit_wolf(const PriceMatrix& prices, const EstimationOptions& opt) {
  return ledoit_wolf_from_returns(windowed_returns(prices, opt).values, opt.frequency);
}

bool is_positive_semidefinite(const Eigen::MatrixXd& matrix) {
  Eigen::MatrixXd shifted = matrix;
  shifted.diagonal().array() += 1e-16;
  if (!shifted.allFinite()) return false;
  Eigen::LLT<Eigen::MatrixXd> llt(shifted);
  return llt.info() == Eigen::Success;
}

Eigen::MatrixXd fix_nonpositive_semidefinite(const Eigen::MatrixXd& matrix) {
  if (is_positive_semidefinite(matrix) || !matrix.allFinite()) return matrix;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(matrix);
  Eigen::VectorXd values = eig.eigenvalues().cwiseMax(0.0);
  Eigen::MatrixXd fixed = eig.eigenvectors() * values.asDiagonal() * eig.eigenvectors().transpose();
  return (fixed + fixed.transpose()) / 2.0;
}

Eigen::MatrixXd cov_to_corr(const Eigen::MatrixXd& cov) {
  Eigen::VectorXd inv_sd = cov.diagonal().cwiseSqrt().cwiseInverse();
  return inv_sd.asDiagonal() * cov * inv_sd.asDiagonal();
}

}  // namespace finchat::portfolio
