#pragma once
// Volume indicators: OBV and AD (Chaikin accumulation/distribution) as TA-Lib defines them
// (OBV starts at the first bar's volume), MFI (TA-Lib: 0 when total flow < 1), and a session
// VWAP over typical price that restarts whenever the session key changes.
#include <cstdint>
#include <optional>
#include <span>

#include "finance/technical/series.hpp"

namespace finchat::technical {

inline int mfi_lookback(int period) { return period; }

Series obv(Span close, Span volume);
Series ad(Span high, Span low, Span close, Span volume);
Series mfi(Span high, Span low, Span close, Span volume, int period = 14);
// session[i] identifies the trading session of bar i (e.g. the exchange-local date).
Series vwap(Span high, Span low, Span close, Span volume, std::span<const int64_t> session);

class ObvStream {
 public:
  double update(double close, double volume);

 private:
  bool started_ = false;
  double prev_close_ = 0, value_ = 0;
};

class AdStream {
 public:
  double update(double high, double low, double close, double volume);

 private:
  double value_ = 0;
};

class MfiStream {
 public:
  explicit MfiStream(int period = 14);
  std::optional<double> update(double high, double low, double close, double volume);

 private:
  int period_;
  bool started_ = false;
  double prev_tp_ = 0, pos_sum_ = 0, neg_sum_ = 0;
  RingWindow pos_, neg_;
};

class VwapStream {
 public:
  // A new session key resets the running sums.
  double update(double high, double low, double close, double volume, int64_t session);
  // Tick-level form: price is the trade price.
  double update_trade(double price, double volume, int64_t session);

 private:
  bool started_ = false;
  int64_t session_ = 0;
  double pv_ = 0, v_ = 0, last_price_ = 0;
};

}  // namespace finchat::technical
