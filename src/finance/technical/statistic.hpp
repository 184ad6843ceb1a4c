#pragma once
// Two-series statistics with TA-Lib's definitions. BETA regresses one-bar returns over a
// window of `period` returns (lookback = period); CORREL is Pearson correlation of the raw
// values over `period` bars (lookback = period - 1).
// Argument order: beta(asset, benchmark) = cov(r_asset, r_bench) / var(r_bench), which is
// TA-Lib's BETA(inReal0 = benchmark, inReal1 = asset).
#include <optional>

#include "finance/technical/series.hpp"

namespace finchat::technical {

inline int beta_lookback(int period) { return period; }
inline int correl_lookback(int period) { return period - 1; }

Series beta(Span asset, Span benchmark, int period = 5);
Series correl(Span a, Span b, int period = 30);

class BetaStream {
 public:
  explicit BetaStream(int period = 5);
  std::optional<double> update(double asset, double benchmark);

 private:
  int period_;
  bool started_ = false;
  double last_asset_ = 0, last_bench_ = 0;
  RingWindow x_, y_;  // benchmark returns, asset returns
  double sxx_ = 0, sxy_ = 0, sx_ = 0, sy_ = 0;
};

class CorrelStream {
 public:
  explicit CorrelStream(int period = 30);
  std::optional<double> update(double a, double b);

 private:
  int period_;
  RingWindow a_, b_;
  double sx_ = 0, sy_ = 0, sxx_ = 0, syy_ = 0, sxy_ = 0;
};

}  // namespace finchat::technical
