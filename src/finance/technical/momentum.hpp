#pragma once
// Momentum oscillators with TA-Lib's definitions and defaults: RSI (Wilder), MACD (12,26,9; the
// fast EMA is seeded on the slow EMA's first bar, as TA-Lib does), slow Stochastic (5,3,3 SMA),
// Williams %R, CCI (mean deviation), ROC (percent) and MOM.
#include <optional>

#include "finance/technical/moving_average.hpp"
#include "finance/technical/series.hpp"

namespace finchat::technical {

inline int rsi_lookback(int period) { return period; }
inline int macd_lookback(int fast, int slow, int signal) {
  return (fast > slow ? fast : slow) - 1 + signal - 1;
}
inline int stoch_lookback(int fastk, int slowk, int slowd) {
  return (fastk - 1) + (slowk - 1) + (slowd - 1);
}
inline int willr_lookback(int period) { return period - 1; }
inline int cci_lookback(int period) { return period - 1; }
inline int roc_lookback(int period) { return period; }
inline int mom_lookback(int period) { return period; }

struct MacdSeries {
  Series macd, signal, hist;
};
struct StochSeries {
  Series slow_k, slow_d;
};

Series rsi(Span close, int period = 14);
MacdSeries macd(Span close, int fast = 12, int slow = 26, int signal = 9);
StochSeries stoch(Span high, Span low, Span close, int fastk = 5, int slowk = 3, int slowd = 3);
Series willr(Span high, Span low, Span close, int period = 14);
Series cci(Span high, Span low, Span close, int period = 14);
Series roc(Span in, int period = 10);
Series mom(Span in, int period = 10);

class RsiStream {
 public:
  explicit RsiStream(int period = 14) : period_(period < 1 ? 1 : period) {}
  std::optional<double> update(double x);
  double value() const { return value_; }

 private:
  int period_;
  int count_ = 0;  // closes seen
  double prev_ = 0.0, gain_ = 0.0, loss_ = 0.0, value_ = 0.0;
};

struct MacdValue {
  double macd, signal, hist;
};

class MacdStream {
 public:
  MacdStream(int fast = 12, int slow = 26, int signal = 9);
  std::optional<MacdValue> update(double x);

 private:
  int skip_fast_;  // bars the fast EMA ignores so that both EMAs seed on the same bar
  int count_ = 0;
  EmaStream fast_, slow_, signal_;
};

struct StochValue {
  double slow_k, slow_d;
};

class StochStream {
 public:
  StochStream(int fastk = 5, int slowk = 3, int slowd = 3);
  std::optional<StochValue> update(double high, double low, double close);

 private:
  RollingMax hh_;
  RollingMin ll_;
  SmaStream k_sma_, d_sma_;
};

class WillrStream {
 public:
  explicit WillrStream(int period = 14);
  std::optional<double> update(double high, double low, double close);

 private:
  RollingMax hh_;
  RollingMin ll_;
};

// Mean deviation needs the whole window, so an update costs O(period).
class CciStream {
 public:
  explicit CciStream(int period = 14);
  std::optional<double> update(double high, double low, double close);

 private:
  int period_;
  RingWindow tp_;
};

class RocStream {
 public:
  explicit RocStream(int period = 10);
  std::optional<double> update(double x);

 private:
  RingWindow window_;  // period + 1 values
};

class MomStream {
 public:
  explicit MomStream(int period = 10);
  std::optional<double> update(double x);

 private:
  RingWindow window_;
};

}  // namespace finchat::technical
