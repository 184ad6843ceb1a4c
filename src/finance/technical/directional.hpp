#pragma once
// Wilder's directional movement family with TA-Lib's seeding: PLUS_DM/MINUS_DM (sum of the first
// n-1 moves, then Wilder smoothing), PLUS_DI/MINUS_DI, DX, ADX (first value = mean of n DX),
// ADXR, and Aroon up/down/oscillator. Periods must be >= 2.
#include <optional>

#include "finance/technical/series.hpp"

namespace finchat::technical {

inline int dm_lookback(int period) { return period - 1; }
inline int di_lookback(int period) { return period; }
inline int dx_lookback(int period) { return period; }
inline int adx_lookback(int period) { return 2 * period - 1; }
inline int adxr_lookback(int period) { return period + adx_lookback(period) - 1; }
inline int aroon_lookback(int period) { return period; }

struct DirectionalSeries {
  Series plus_dm, minus_dm, plus_di, minus_di, dx, adx, adxr;
};
struct AroonSeries {
  Series down, up, osc;
};

DirectionalSeries directional(Span high, Span low, Span close, int period = 14);
Series plus_dm(Span high, Span low, int period = 14);
Series minus_dm(Span high, Span low, int period = 14);
Series plus_di(Span high, Span low, Span close, int period = 14);
Series minus_di(Span high, Span low, Span close, int period = 14);
Series dx(Span high, Span low, Span close, int period = 14);
Series adx(Span high, Span low, Span close, int period = 14);
Series adxr(Span high, Span low, Span close, int period = 14);
AroonSeries aroon(Span high, Span low, int period = 14);

// Every output of the family for one bar; a field is empty until it exists.
struct DirectionalValue {
  std::optional<double> plus_dm, minus_dm, plus_di, minus_di, dx, adx, adxr;
};

class DirectionalStream {
 public:
  explicit DirectionalStream(int period = 14);
  DirectionalValue update(double high, double low, double close);

 private:
  double di(double dm) const;
  std::optional<double> next_adx(std::optional<double> raw_dx);

  int period_;
  int bar_ = -1;
  double prev_high_ = 0, prev_low_ = 0, prev_close_ = 0;
  double pdm_ = 0, mdm_ = 0, tr_ = 0;
  double dx_ = 0, dx_sum_ = 0, adx_ = 0;
  RingWindow adx_history_;  // the last `period` ADX values, for ADXR
};

struct AroonValue {
  double down, up, osc;
};

class AroonStream {
 public:
  explicit AroonStream(int period = 14);
  std::optional<AroonValue> update(double high, double low);

 private:
  int period_;
  RollingMax hh_;
  RollingMin ll_;
};

}  // namespace finchat::technical
