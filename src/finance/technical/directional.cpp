#include "finance/technical/directional.hpp"

#include <algorithm>
#include <cmath>

namespace finchat::technical {

namespace {

struct Moves {
  double plus = 0, minus = 0;
};

// Only the larger positive move counts; equal moves count for neither side.
Moves directional_moves(double high, double prev_high, double low, double prev_low) {
  const double up = high - prev_high;
  const double down = prev_low - low;
  Moves m;
  if (up > 0 && up > down) m.plus = up;
  if (down > 0 && up < down) m.minus = down;
  return m;
}

double wilder(double prev, double x, int period) { return prev - (prev / period) + x; }

double dx_of(double plus_di, double minus_di) {
  const double total = minus_di + plus_di;
  return 100.0 * (std::fabs(minus_di - plus_di) / total);
}

}  // namespace

DirectionalSeries directional(Span high, Span low, Span close, int period) {
  const std::size_t n = std::min({high.size(), low.size(), close.size()});
  DirectionalSeries out;
  auto begin_at = [n](int lookback) {
    return Series{std::min(n, static_cast<std::size_t>(lookback)), {}};
  };
  out.plus_dm = out.minus_dm = begin_at(dm_lookback(period));
  out.plus_di = out.minus_di = out.dx = begin_at(di_lookback(period));
  out.adx = begin_at(adx_lookback(period));
  out.adxr = begin_at(adxr_lookback(period));
  if (period < 2 || n < static_cast<std::size_t>(period)) return out;

  // Raw sums over the first n-1 moves (bars 1..period-1).
  double pdm = 0, mdm = 0, tr = 0;
  for (int i = 1; i < period; ++i) {
    Moves m = directional_moves(high[i], high[i - 1], low[i], low[i - 1]);
    pdm += m.plus;
    mdm += m.minus;
    tr += true_range(high[i], low[i], close[i - 1]);
  }
  out.plus_dm.values.push_back(pdm);
  out.minus_dm.values.push_back(mdm);

  double prev_dx = 0, dx_sum = 0, adx_value = 0;
  for (std::size_t i = period; i < n; ++i) {
    Moves m = directional_moves(high[i], high[i - 1], low[i], low[i - 1]);
    pdm = wilder(pdm, m.plus, period);
    mdm = wilder(mdm, m.minus, period);
    tr = wilder(tr, true_range(high[i], low[i], close[i - 1]), period);
    out.plus_dm.values.push_back(pdm);
    out.minus_dm.values.push_back(mdm);

    const bool first = i == static_cast<std::size_t>(period);
    std::optional<double> raw_dx;
    double pdi = 0, mdi = 0;
    if (!is_zero(tr)) {
      pdi = 100.0 * (pdm / tr);
      mdi = 100.0 * (mdm / tr);
      if (!is_zero(pdi + mdi)) raw_dx = dx_of(pdi, mdi);
    }
    out.plus_di.values.push_back(pdi);
    out.minus_di.values.push_back(mdi);
    // TA-Lib: a DX with a zero denominator is 0 on the first bar, else repeats the last DX.
    prev_dx = raw_dx ? *raw_dx : (first ? 0.0 : prev_dx);
    out.dx.values.push_back(prev_dx);

    const std::size_t adx_bar = static_cast<std::size_t>(adx_lookback(period));
    if (i < adx_bar) {
      dx_sum += raw_dx.value_or(0.0);
    } else if (i == adx_bar) {
      dx_sum += raw_dx.value_or(0.0);
      adx_value = dx_sum / period;
      out.adx.values.push_back(adx_value);
    } else {
      if (raw_dx) adx_value = ((adx_value * (period - 1)) + *raw_dx) / period;
      out.adx.values.push_back(adx_value);
    }
  }
  const std::size_t lag = static_cast<std::size_t>(period - 1);
  for (std::size_t k = lag; k < out.adx.values.size(); ++k) {
    out.adxr.values.push_back((out.adx.values[k] + out.adx.values[k - lag]) / 2.0);
  }
  return out;
}

Series plus_dm(Span high, Span low, int period) {
  return directional(high, low, low, period).plus_dm;
}
Series minus_dm(Span high, Span low, int period) {
  return directional(high, low, low, period).minus_dm;
}
Series plus_di(Span high, Span low, Span close, int period) {
  return directional(high, low, close, period).plus_di;
}
Series minus_di(Span high, Span low, Span close, int period) {
  return directional(high, low, close, period).minus_di;
}
Series dx(Span high, Span low, Span close, int period) {
  return directional(high, low, close, period).dx;
}
Series adx(Span high, Span low, Span close, int period) {
  return directional(high, low, close, period).adx;
}
Series adxr(Span high, Span low, Span close, int period) {
  return directional(high, low, close, period).adxr;
}

AroonSeries aroon(Span high, Span low, int period) {
  const std::size_t n = std::min(high.size(), low.size());
  if (period < 2 || n <= static_cast<std::size_t>(period)) {
    return {empty_series(n), empty_series(n), empty_series(n)};
  }
  const double factor = 100.0 / period;
  AroonSeries out{{static_cast<std::size_t>(period), {}},
                  {static_cast<std::size_t>(period), {}},
                  {static_cast<std::size_t>(period), {}}};
  for (std::size_t i = period; i < n; ++i) {
    std::size_t hi = i - period, lo = i - period;
    for (std::size_t j = i - period; j <= i; ++j) {
      if (high[j] >= high[hi]) hi = j;
      if (low[j] <= low[lo]) lo = j;
    }
    const double up = factor * (period - static_cast<double>(i - hi));
    const double down = factor * (period - static_cast<double>(i - lo));
    out.up.values.push_back(up);
    out.down.values.push_back(down);
    out.osc.values.push_back(up - down);
  }
  return out;
}

DirectionalStream::DirectionalStream(int period)
    : period_(std::max(period, 2)), adx_history_(static_cast<std::size_t>(period_)) {}

double DirectionalStream::di(double dm) const { return is_zero(tr_) ? 0.0 : 100.0 * (dm / tr_); }

std::optional<double> DirectionalStream::next_adx(std::optional<double> raw_dx) {
  const int adx_bar = adx_lookback(period_);
  if (bar_ < adx_bar) {
    dx_sum_ += raw_dx.value_or(0.0);
    return std::nullopt;
  }
  if (bar_ == adx_bar) {
    dx_sum_ += raw_dx.value_or(0.0);
    adx_ = dx_sum_ / period_;
  } else if (raw_dx) {
    adx_ = ((adx_ * (period_ - 1)) + *raw_dx) / period_;
  }
  return adx_;
}

DirectionalValue DirectionalStream::update(double high, double low, double close) {
  DirectionalValue v;
  ++bar_;
  if (bar_ > 0) {
    Moves m = directional_moves(high, prev_high_, low, prev_low_);
    const double tr = true_range(high, low, prev_close_);
    if (bar_ < period_) {
      pdm_ += m.plus;
      mdm_ += m.minus;
      tr_ += tr;
    } else {
      pdm_ = wilder(pdm_, m.plus, period_);
      mdm_ = wilder(mdm_, m.minus, period_);
      tr_ = wilder(tr_, tr, period_);
    }
  }
  prev_high_ = high;
  prev_low_ = low;
  prev_close_ = close;
  if (bar_ < period_ - 1) return v;
  v.plus_dm = pdm_;
  v.minus_dm = mdm_;
  if (bar_ < period_) return v;

  v.plus_di = di(pdm_);
  v.minus_di = di(mdm_);
  std::optional<double> raw_dx;
  if (!is_zero(tr_) && !is_zero(*v.plus_di + *v.minus_di)) raw_dx = dx_of(*v.plus_di, *v.minus_di);
  dx_ = raw_dx ? *raw_dx : (bar_ == period_ ? 0.0 : dx_);
  v.dx = dx_;
  v.adx = next_adx(raw_dx);
  if (v.adx) {
    adx_history_.push(*v.adx);
    if (adx_history_.full()) v.adxr = (*v.adx + adx_history_.oldest()) / 2.0;
  }
  return v;
}

AroonStream::AroonStream(int period)
    : period_(std::max(period, 2)),
      hh_(static_cast<std::size_t>(period_) + 1),
      ll_(static_cast<std::size_t>(period_) + 1) {}

std::optional<AroonValue> AroonStream::update(double high, double low) {
  hh_.push(high);
  ll_.push(low);
  if (hh_.count() < hh_.window()) return std::nullopt;
  const double factor = 100.0 / period_;
  const double up = factor * (period_ - static_cast<double>(hh_.age()));
  const double down = factor * (period_ - static_cast<double>(ll_.age()));
  return AroonValue{down, up, up - down};
}

}  // namespace finchat::technical
