#include "finance/technical/volume.hpp"

#include <algorithm>

namespace finchat::technical {

namespace {
double ad_step(double high, double low, double close, double volume) {
  const double range = high - low;
  return range > 0.0 ? (((close - low) - (high - close)) / range) * volume : 0.0;
}
double mfi_value(double pos, double neg) {
  const double total = pos + neg;
  return total < 1.0 ? 0.0 : 100.0 * (pos / total);
}
}  // namespace

Series obv(Span close, Span volume) {
  const std::size_t n = std::min(close.size(), volume.size());
  Series out{0, {}};
  if (n == 0) return out;
  double value = volume[0];
  out.values.push_back(value);
  for (std::size_t i = 1; i < n; ++i) {
    if (close[i] > close[i - 1])
      value += volume[i];
    else if (close[i] < close[i - 1])
      value -= volume[i];
    out.values.push_back(value);
  }
  return out;
}

Series ad(Span high, Span low, Span close, Span volume) {
  const std::size_t n = std::min({high.size(), low.size(), close.size(), volume.size()});
  Series out{0, {}};
  double value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    value += ad_step(high[i], low[i], close[i], volume[i]);
    out.values.push_back(value);
  }
  return out;
}

Series mfi(Span high, Span low, Span close, Span volume, int period) {
  const std::size_t n = std::min({high.size(), low.size(), close.size(), volume.size()});
  if (period < 1 || n <= static_cast<std::size_t>(period)) return empty_series(n);
  std::vector<double> pos(n, 0.0), neg(n, 0.0);
  for (std::size_t i = 1; i < n; ++i) {
    const double tp = (high[i] + low[i] + close[i]) / 3.0;
    const double prev = (high[i - 1] + low[i - 1] + close[i - 1]) / 3.0;
    const double flow = tp * volume[i];
    if (tp < prev)
      neg[i] = flow;
    else if (tp > prev)
      pos[i] = flow;
  }
  Series out{static_cast<std::size_t>(period), {}};
  double ps = 0, ns = 0;
  for (std::size_t i = 1; i <= static_cast<std::size_t>(period); ++i) {
    ps += pos[i];
    ns += neg[i];
  }
  out.values.push_back(mfi_value(ps, ns));
  for (std::size_t i = period + 1; i < n; ++i) {
    ps -= pos[i - period];
    ns -= neg[i - period];
    ps += pos[i];
    ns += neg[i];
    out.values.push_back(mfi_value(ps, ns));
  }
  return out;
}

Series vwap(Span high, Span low, Span close, Span volume, std::span<const int64_t> session) {
  const std::size_t n =
      std::min({high.size(), low.size(), close.size(), volume.size(), session.size()});
  Series out{0, {}};
  double pv = 0, v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && session[i] != session[i - 1]) pv = v = 0;
    const double tp = (high[i] + low[i] + close[i]) / 3.0;
    pv += tp * volume[i];
    v += volume[i];
    out.values.push_back(v > 0 ? pv / v : tp);
  }
  return out;
}

double ObvStream::update(double close, double volume) {
  if (!started_) {
    started_ = true;
    value_ = volume;
  } else if (close > prev_close_) {
    value_ += volume;
  } else if (close < prev_close_) {
    value_ -= volume;
  }
  prev_close_ = close;
  return value_;
}

double AdStream::update(double high, double low, double close, double volume) {
  value_ += ad_step(high, low, close, volume);
  return value_;
}

MfiStream::MfiStream(int period)
    : period_(std::max(period, 1)),
      pos_(static_cast<std::size_t>(period_)),
      neg_(static_cast<std::size_t>(period_)) {}

std::optional<double> MfiStream::update(double high, double low, double close, double volume) {
  const double tp = (high + low + close) / 3.0;
  if (!started_) {
    started_ = true;
    prev_tp_ = tp;
    return std::nullopt;
  }
  const double flow = tp * volume;
  const double p = tp > prev_tp_ ? flow : 0.0;
  const double m = tp < prev_tp_ ? flow : 0.0;
  prev_tp_ = tp;
  if (pos_.full()) {
    pos_sum_ -= pos_.oldest();
    neg_sum_ -= neg_.oldest();
  }
  pos_.push(p);
  neg_.push(m);
  pos_sum_ += p;
  neg_sum_ += m;
  if (!pos_.full()) return std::nullopt;
  return mfi_value(pos_sum_, neg_sum_);
}

double VwapStream::update(double high, double low, double close, double volume, int64_t session) {
  return update_trade((high + low + close) / 3.0, volume, session);
}

double VwapStream::update_trade(double price, double volume, int64_t session) {
  if (!started_ || session != session_) {
    started_ = true;
    session_ = session;
    pv_ = v_ = 0;
  }
  pv_ += price * volume;
  v_ += volume;
  last_price_ = price;
  return v_ > 0 ? pv_ / v_ : last_price_;
}

}  // namespace finchat::technical
