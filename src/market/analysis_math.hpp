#pragma once
// Internal numeric helpers for the analysis code.
#include <cmath>
#include <limits>
#include <vector>

#include "market/types.hpp"

namespace finchat::market::detail {

inline double nan() { return std::numeric_limits<double>::quiet_NaN(); }
inline double round_to(double v, int digits) {
  if (!std::isfinite(v)) return v;
  const double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}
inline double pct_change(double now, double then) {
  return (then > 0 && std::isfinite(then)) ? (now / then - 1.0) * 100.0 : nan();
}
// Close of the bar `back` sessions before the last one.
inline double close_back(const std::vector<Bar>& d, std::size_t back) {
  return d.size() > back ? d[d.size() - 1 - back].close : nan();
}
// Annualised sample standard deviation of the last `n` daily log returns, in percent.
inline double realized_vol_pct(const std::vector<Bar>& d, std::size_t n) {
  if (d.size() < n + 1 || n < 2) return nan();
  double sum = 0, sum_sq = 0;
  for (std::size_t i = d.size() - n; i < d.size(); ++i) {
    const double r = std::log(d[i].close / d[i - 1].close);
    sum += r;
    sum_sq += r * r;
  }
  const double mean = sum / n;
  const double var = (sum_sq - n * mean * mean) / (n - 1);
  return std::sqrt(std::max(var, 0.0) * 252.0) * 100.0;
}
inline std::vector<double> closes(const std::vector<Bar>& d) {
  std::vector<double> out;
  out.reserve(d.size());
  for (const Bar& b : d) out.push_back(b.close);
  return out;
}

}  // namespace finchat::market::detail
