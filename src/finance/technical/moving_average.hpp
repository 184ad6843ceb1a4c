#pragma once
// Moving averages with TA-Lib's definitions: SMA, EMA (SMA-seeded, k = 2/(n+1)), WMA (linear
// weights 1..n), DEMA and TEMA (EMA chains). Default periods follow TA-Lib (30).
#include <cstddef>
#include <optional>

#include "finance/technical/series.hpp"

namespace finchat::technical {

inline int sma_lookback(int period) { return period - 1; }
inline int ema_lookback(int period) { return period - 1; }
inline int wma_lookback(int period) { return period - 1; }
inline int dema_lookback(int period) { return 2 * (period - 1); }
inline int tema_lookback(int period) { return 3 * (period - 1); }

Series sma(Span in, int period = 30);
Series ema(Span in, int period = 30);
Series wma(Span in, int period = 30);
Series dema(Span in, int period = 30);
Series tema(Span in, int period = 30);

// EMA whose SMA seed covers in[seed_bar - period + 1 .. seed_bar]; first output at seed_bar.
// TA-Lib uses this to start MACD's fast EMA on the same bar as the slow one.
Series ema_seeded_at(Span in, int period, std::size_t seed_bar);

class SmaStream {
 public:
  explicit SmaStream(int period = 30);
  std::optional<double> update(double x);
  bool ready() const { return window_.full(); }
  double value() const { return value_; }

 private:
  int period_;
  RingWindow window_;
  double sum_ = 0.0;
  double value_ = 0.0;
};

class EmaStream {
 public:
  explicit EmaStream(int period = 30);
  std::optional<double> update(double x);
  bool ready() const { return count_ >= period_; }
  double value() const { return value_; }

 private:
  int period_;
  double k_;
  int count_ = 0;
  double seed_sum_ = 0.0;
  double value_ = 0.0;
};

class WmaStream {
 public:
  explicit WmaStream(int period = 30);
  std::optional<double> update(double x);
  bool ready() const { return window_.full(); }
  double value() const { return value_; }

 private:
  int period_;
  double divider_;
  RingWindow window_;
  double weighted_sum_ = 0.0;  // sum of w_i * x_i with w = 1..n (newest n)
  double plain_sum_ = 0.0;     // sum of the window
  double value_ = 0.0;
};

class DemaStream {
 public:
  explicit DemaStream(int period = 30) : e1_(period), e2_(period) {}
  std::optional<double> update(double x);
  bool ready() const { return e2_.ready(); }
  double value() const { return value_; }

 private:
  EmaStream e1_, e2_;
  double value_ = 0.0;
};

class TemaStream {
 public:
  explicit TemaStream(int period = 30) : e1_(period), e2_(period), e3_(period) {}
  std::optional<double> update(double x);
  bool ready() const { return e3_.ready(); }
  double value() const { return value_; }

 private:
  EmaStream e1_, e2_, e3_;
  double value_ = 0.0;
};

}  // namespace finchat::technical
