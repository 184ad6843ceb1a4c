#include "finance/technical/volatility.hpp"

#include <algorithm>
#include <cmath>

namespace finchat::technical {

namespace {
double sd_from_var(double var) { return is_zero_or_neg(var) ? 0.0 : std::sqrt(var); }
std::size_t common_size(Span a, Span b, Span c) { return std::min({a.size(), b.size(), c.size()}); }
}  // namespace

Series stddev(Span in, int period, double nbdev) {
  if (period < 1 || in.size() < static_cast<std::size_t>(period)) return empty_series(in.size());
  Series out{static_cast<std::size_t>(period - 1), {}};
  double s1 = 0.0, s2 = 0.0;
  for (int i = 0; i < period - 1; ++i) {
    s1 += in[i];
    s2 += in[i] * in[i];
  }
  for (std::size_t i = out.begin, trailing = 0; i < in.size(); ++i, ++trailing) {
    s1 += in[i];
    s2 += in[i] * in[i];
    const double mean1 = s1 / period;
    const double mean2 = s2 / period;
    s1 -= in[trailing];
    s2 -= in[trailing] * in[trailing];
    out.values.push_back(sd_from_var(mean2 - mean1 * mean1) * nbdev);
  }
  return out;
}

BandsSeries bbands(Span close, int period, double nbdev_up, double nbdev_dn) {
  Series middle = sma(close, period);
  BandsSeries out{{middle.begin, {}}, middle, {middle.begin, {}}};
  if (middle.values.empty()) return out;
  // TA-Lib takes the deviation around the precomputed MA: mean(x^2) - ma^2.
  double s2 = 0.0;
  for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(period); ++i) s2 += close[i] * close[i];
  for (std::size_t k = 0; k < middle.values.size(); ++k) {
    const std::size_t bar = middle.begin + k;
    s2 += close[bar] * close[bar];
    const double var = s2 / period - middle.values[k] * middle.values[k];
    const std::size_t trailing = bar + 1 - period;
    s2 -= close[trailing] * close[trailing];
    const double sd = sd_from_var(var);
    out.upper.values.push_back(middle.values[k] + nbdev_up * sd);
    out.lower.values.push_back(middle.values[k] - nbdev_dn * sd);
  }
  return out;
}

Series trange(Span high, Span low, Span close) {
  const std::size_t n = common_size(high, low, close);
  if (n < 2) return empty_series(n);
  Series out{1, {}};
  for (std::size_t i = 1; i < n; ++i)
    out.values.push_back(true_range(high[i], low[i], close[i - 1]));
  return out;
}

Series atr(Span high, Span low, Span close, int period) {
  const std::size_t n = common_size(high, low, close);
  if (period < 1 || n <= static_cast<std::size_t>(period)) return empty_series(n);
  Series tr = trange(high, low, close);
  if (period == 1) return tr;
  double sum = 0.0;
  for (int i = 0; i < period; ++i) sum += tr.values[i];
  double prev = sum / period;
  Series out{static_cast<std::size_t>(period), {prev}};
  for (std::size_t k = period; k < tr.values.size(); ++k) {
    prev *= period - 1;
    prev += tr.values[k];
    prev /= period;
    out.values.push_back(prev);
  }
  return out;
}

Series natr(Span high, Span low, Span close, int period) {
  Series out = atr(high, low, close, period);
  for (std::size_t k = 0; k < out.values.size(); ++k) {
    const double c = close[out.begin + k];
    out.values[k] = c != 0.0 ? (out.values[k] / c) * 100.0 : 0.0;
  }
  return out;
}

VarianceStream::VarianceStream(int period)
    : period_(std::max(period, 1)), window_(static_cast<std::size_t>(period_)) {}

std::optional<double> VarianceStream::update(double x) {
  window_.push(x);
  sum_ += x;
  sum_sq_ += x * x;
  if (!window_.full()) return std::nullopt;
  const double mean1 = sum_ / period_;
  const double mean2 = sum_sq_ / period_;
  const double old = window_.oldest();
  sum_ -= old;
  sum_sq_ -= old * old;
  return mean2 - mean1 * mean1;
}

std::optional<double> StddevStream::update(double x) {
  auto v = var_.update(x);
  if (!v) return std::nullopt;
  return sd_from_var(*v) * nbdev_;
}

BbandsStream::BbandsStream(int period, double nbdev_up, double nbdev_dn)
    : sma_(period),
      window_(static_cast<std::size_t>(std::max(period, 1))),
      period_(std::max(period, 1)),
      up_(nbdev_up),
      dn_(nbdev_dn) {}

std::optional<BandsValue> BbandsStream::update(double x) {
  auto mid = sma_.update(x);
  window_.push(x);
  sum_sq_ += x * x;
  if (!mid) return std::nullopt;
  const double var = sum_sq_ / period_ - *mid * *mid;
  const double old = window_.oldest();
  sum_sq_ -= old * old;
  const double sd = sd_from_var(var);
  return BandsValue{*mid + up_ * sd, *mid, *mid - dn_ * sd};
}

std::optional<double> AtrStream::update(double high, double low, double close) {
  const int bar = count_++;
  close_ = close;
  if (bar == 0) {
    prev_close_ = close;
    return std::nullopt;
  }
  const double tr = true_range(high, low, prev_close_);
  prev_close_ = close;
  if (period_ == 1) return value_ = tr;
  if (bar < period_) {
    sum_ += tr;
    return std::nullopt;
  }
  if (bar == period_) {
    sum_ += tr;
    value_ = sum_ / period_;
    return value_;
  }
  value_ *= period_ - 1;
  value_ += tr;
  value_ /= period_;
  return value_;
}

}  // namespace finchat::technical
