#include "finance/technical/statistic.hpp"

#include <algorithm>
#include <cmath>

namespace finchat::technical {

namespace {
double simple_return(double now, double prev) { return is_zero(prev) ? 0.0 : (now - prev) / prev; }

double slope(double n, double sxx, double sxy, double sx, double sy) {
  const double den = (n * sxx) - (sx * sx);
  return is_zero(den) ? 0.0 : ((n * sxy) - (sx * sy)) / den;
}

double pearson(double n, double sx, double sy, double sxx, double syy, double sxy) {
  const double den = (sxx - (sx * sx) / n) * (syy - (sy * sy) / n);
  return is_zero_or_neg(den) ? 0.0 : (sxy - ((sx * sy) / n)) / std::sqrt(den);
}
}  // namespace

Series beta(Span asset, Span benchmark, int period) {
  const std::size_t n = std::min(asset.size(), benchmark.size());
  if (period < 1 || n <= static_cast<std::size_t>(period)) return empty_series(n);
  std::vector<double> x(n, 0.0), y(n, 0.0);
  for (std::size_t i = 1; i < n; ++i) {
    x[i] = simple_return(benchmark[i], benchmark[i - 1]);
    y[i] = simple_return(asset[i], asset[i - 1]);
  }
  Series out{static_cast<std::size_t>(period), {}};
  double sxx = 0, sxy = 0, sx = 0, sy = 0;
  for (std::size_t i = 1; i < static_cast<std::size_t>(period); ++i) {
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
    sx += x[i];
    sy += y[i];
  }
  for (std::size_t i = period; i < n; ++i) {
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
    sx += x[i];
    sy += y[i];
    out.values.push_back(slope(period, sxx, sxy, sx, sy));
    const std::size_t t = i + 1 - period;
    sxx -= x[t] * x[t];
    sxy -= x[t] * y[t];
    sx -= x[t];
    sy -= y[t];
  }
  return out;
}

Series correl(Span a, Span b, int period) {
  const std::size_t n = std::min(a.size(), b.size());
  if (period < 1 || n < static_cast<std::size_t>(period)) return empty_series(n);
  Series out{static_cast<std::size_t>(period - 1), {}};
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(period); ++i) {
    sx += a[i];
    sy += b[i];
    sxx += a[i] * a[i];
    syy += b[i] * b[i];
    sxy += a[i] * b[i];
  }
  for (std::size_t i = out.begin; i < n; ++i) {
    sx += a[i];
    sy += b[i];
    sxx += a[i] * a[i];
    syy += b[i] * b[i];
    sxy += a[i] * b[i];
    out.values.push_back(pearson(period, sx, sy, sxx, syy, sxy));
    const std::size_t t = i + 1 - period;
    sx -= a[t];
    sy -= b[t];
    sxx -= a[t] * a[t];
    syy -= b[t] * b[t];
    sxy -= a[t] * b[t];
  }
  return out;
}

BetaStream::BetaStream(int period)
    : period_(std::max(period, 1)),
      x_(static_cast<std::size_t>(period_)),
      y_(static_cast<std::size_t>(period_)) {}

std::optional<double> BetaStream::update(double asset, double benchmark) {
  if (!started_) {
    started_ = true;
    last_asset_ = asset;
    last_bench_ = benchmark;
    return std::nullopt;
  }
  const double x = simple_return(benchmark, last_bench_);
  const double y = simple_return(asset, last_asset_);
  last_asset_ = asset;
  last_bench_ = benchmark;
  x_.push(x);
  y_.push(y);
  sxx_ += x * x;
  sxy_ += x * y;
  sx_ += x;
  sy_ += y;
  if (!x_.full()) return std::nullopt;
  const double b = slope(period_, sxx_, sxy_, sx_, sy_);
  const double ox = x_.oldest(), oy = y_.oldest();
  sxx_ -= ox * ox;
  sxy_ -= ox * oy;
  sx_ -= ox;
  sy_ -= oy;
  return b;
}

CorrelStream::CorrelStream(int period)
    : period_(std::max(period, 1)),
      a_(static_cast<std::size_t>(period_)),
      b_(static_cast<std::size_t>(period_)) {}

std::optional<double> CorrelStream::update(double a, double b) {
  a_.push(a);
  b_.push(b);
  sx_ += a;
  sy_ += b;
  sxx_ += a * a;
  syy_ += b * b;
  sxy_ += a * b;
  if (!a_.full()) return std::nullopt;
  const double r = pearson(period_, sx_, sy_, sxx_, syy_, sxy_);
  const double oa = a_.oldest(), ob = b_.oldest();
  sx_ -= oa;
  sy_ -= ob;
  sxx_ -= oa * oa;
  syy_ -= ob * ob;
  sxy_ -= oa * ob;
  return r;
}

}  // namespace finchat::technical
