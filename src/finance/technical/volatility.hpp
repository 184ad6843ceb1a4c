#pragma once
// Volatility indicators with TA-Lib's definitions: STDDEV (population, via running sums),
// Bollinger Bands (SMA middle, TA-Lib default 5 periods, 2 deviations), TRANGE, ATR (Wilder,
// seeded with the mean true range) and NATR (ATR as a percent of close).
#include <optional>

#include "finance/technical/moving_average.hpp"
#include "finance/technical/series.hpp"

namespace finchat::technical {

inline int stddev_lookback(int period) { return period - 1; }
inline int bbands_lookback(int period) { return period - 1; }
inline int trange_lookback() { return 1; }
inline int atr_lookback(int period) { return period; }

struct BandsSeries {
  Series upper, middle, lower;
};

Series stddev(Span in, int period = 5, double nbdev = 1.0);
BandsSeries bbands(Span close, int period = 5, double nbdev_up = 2.0, double nbdev_dn = 2.0);
Series trange(Span high, Span low, Span close);
Series atr(Span high, Span low, Span close, int period = 14);
Series natr(Span high, Span low, Span close, int period = 14);

// Population variance from running sums of x and x^2, exactly as TA-Lib's VAR.
class VarianceStream {
 public:
  explicit VarianceStream(int period = 5);
  std::optional<double> update(double x);  // returns the variance (0 when not positive)

 private:
  int period_;
  RingWindow window_;
  double sum_ = 0.0, sum_sq_ = 0.0;
};

class StddevStream {
 public:
  explicit StddevStream(int period = 5, double nbdev = 1.0) : var_(period), nbdev_(nbdev) {}
  std::optional<double> update(double x);

 private:
  VarianceStream var_;
  double nbdev_;
};

struct BandsValue {
  double upper, middle, lower;
};

class BbandsStream {
 public:
  explicit BbandsStream(int period = 5, double nbdev_up = 2.0, double nbdev_dn = 2.0);
  std::optional<BandsValue> update(double x);

 private:
  SmaStream sma_;
  RingWindow window_;
  double sum_sq_ = 0.0;
  int period_;
  double up_, dn_;
};

class AtrStream {
 public:
  explicit AtrStream(int period = 14) : period_(period < 1 ? 1 : period) {}
  // Returns the ATR; natr() then gives it as a percent of the last close.
  std::optional<double> update(double high, double low, double close);
  double natr() const { return close_ != 0.0 ? (value_ / close_) * 100.0 : 0.0; }

 private:
  int period_;
  int count_ = 0;
  double prev_close_ = 0.0, close_ = 0.0, sum_ = 0.0, value_ = 0.0;
};

}  // namespace finchat::technical
