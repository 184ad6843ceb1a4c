#include "finance/technical/momentum.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace finchat::technical {

namespace {
bool too_short(std::size_t n, int lookback) {
  return lookback < 0 || n <= static_cast<std::size_t>(lookback);
}
double rsi_from(double gain, double loss) {
  const double total = gain + loss;
  return is_zero(total) ? 0.0 : 100.0 * (gain / total);
}
double fast_k(double highest, double lowest, double close) {
  const double diff = (highest - lowest) / 100.0;
  return diff != 0.0 ? (close - lowest) / diff : 0.0;
}
double willr_value(double highest, double lowest, double close) {
  const double diff = (highest - lowest) / (-100.0);
  return diff != 0.0 ? (highest - close) / diff : 0.0;
}
double cci_value(const RingWindow& tp, double sum, int period) {
  const double average = sum / period;
  double mean_dev = 0.0;
  for (std::size_t i = 0; i < tp.size(); ++i) mean_dev += std::fabs(tp[i] - average);
  const double last = tp[tp.size() - 1] - average;
  return (last != 0.0 && mean_dev != 0.0) ? last / (0.015 * (mean_dev / period)) : 0.0;
}
double roc_value(double now, double then) {
  return then != 0.0 ? ((now / then) - 1.0) * 100.0 : 0.0;
}
}  // namespace

Series rsi(Span close, int period) {
  if (period < 1 || too_short(close.size(), rsi_lookback(period))) {
    return empty_series(close.size());
  }
  double gain = 0.0, loss = 0.0;
  for (int i = 1; i <= period; ++i) {
    const double d = close[i] - close[i - 1];
    if (d < 0)
      loss -= d;
    else
      gain += d;
  }
  gain /= period;
  loss /= period;
  Series out{static_cast<std::size_t>(period), {rsi_from(gain, loss)}};
  for (std::size_t i = period + 1; i < close.size(); ++i) {
    const double d = close[i] - close[i - 1];
    loss *= (period - 1);
    gain *= (period - 1);
    if (d < 0)
      loss -= d;
    else
      gain += d;
    loss /= period;
    gain /= period;
    out.values.push_back(rsi_from(gain, loss));
  }
  return out;
}

MacdSeries macd(Span close, int fast, int slow, int signal) {
  if (slow < fast) std::swap(slow, fast);
  const int lookback = macd_lookback(fast, slow, signal);
  if (fast < 1 || signal < 1 || too_short(close.size(), lookback)) {
    auto e = empty_series(close.size());
    return {e, e, e};
  }
  const auto seed_bar = static_cast<std::size_t>(slow - 1);
  Series f = ema_seeded_at(close, fast, seed_bar);
  Series s = ema_seeded_at(close, slow, seed_bar);
  std::vector<double> line(f.values.size());
  for (std::size_t i = 0; i < line.size(); ++i) line[i] = f.values[i] - s.values[i];
  Series sig = ema(line, signal);
  sig.begin += seed_bar;
  MacdSeries out{{sig.begin, {}}, sig, {sig.begin, {}}};
  for (std::size_t bar = sig.begin; bar < close.size(); ++bar) {
    const double m = line[bar - seed_bar];
    out.macd.values.push_back(m);
    out.hist.values.push_back(m - sig.at_bar(bar));
  }
  return out;
}

StochSeries stoch(Span high, Span low, Span close, int fastk, int slowk, int slowd) {
  const std::size_t n = std::min({high.size(), low.size(), close.size()});
  if (fastk < 1 || slowk < 1 || slowd < 1 || too_short(n, stoch_lookback(fastk, slowk, slowd))) {
    return {empty_series(n), empty_series(n)};
  }
  std::vector<double> k;
  for (std::size_t i = fastk - 1; i < n; ++i) {
    const auto first = high.begin() + static_cast<std::ptrdiff_t>(i + 1 - fastk);
    const auto last = high.begin() + static_cast<std::ptrdiff_t>(i + 1);
    const double hh = *std::max_element(first, last);
    const double ll = *std::min_element(low.begin() + (first - high.begin()),
                                        low.begin() + (last - high.begin()));
    k.push_back(fast_k(hh, ll, close[i]));
  }
  Series sk = sma(k, slowk);
  Series sd = sma(sk.values, slowd);
  const std::size_t begin = static_cast<std::size_t>(stoch_lookback(fastk, slowk, slowd));
  StochSeries out{{begin, {}}, {begin, std::move(sd.values)}};
  out.slow_k.values.assign(sk.values.begin() + (slowd - 1), sk.values.end());
  return out;
}

Series willr(Span high, Span low, Span close, int period) {
  const std::size_t n = std::min({high.size(), low.size(), close.size()});
  if (period < 1 || too_short(n, willr_lookback(period))) return empty_series(n);
  Series out{static_cast<std::size_t>(period - 1), {}};
  for (std::size_t i = out.begin; i < n; ++i) {
    double hh = high[i], ll = low[i];
    for (std::size_t j = i + 1 - period; j < i; ++j) {
      hh = std::max(hh, high[j]);
      ll = std::min(ll, low[j]);
    }
    out.values.push_back(willr_value(hh, ll, close[i]));
  }
  return out;
}

Series cci(Span high, Span low, Span close, int period) {
  const std::size_t n = std::min({high.size(), low.size(), close.size()});
  if (period < 1 || too_short(n, cci_lookback(period))) return empty_series(n);
  Series out{static_cast<std::size_t>(period - 1), {}};
  std::vector<double> tp(n);
  for (std::size_t i = 0; i < n; ++i) tp[i] = (high[i] + low[i] + close[i]) / 3.0;
  for (std::size_t i = out.begin; i < n; ++i) {
    double sum = 0.0;
    for (std::size_t j = i + 1 - period; j <= i; ++j) sum += tp[j];
    const double average = sum / period;
    double dev = 0.0;
    for (std::size_t j = i + 1 - period; j <= i; ++j) dev += std::fabs(tp[j] - average);
    const double last = tp[i] - average;
    out.values.push_back((last != 0.0 && dev != 0.0) ? last / (0.015 * (dev / period)) : 0.0);
  }
  return out;
}

Series roc(Span in, int period) {
  if (period < 1 || too_short(in.size(), period)) return empty_series(in.size());
  Series out{static_cast<std::size_t>(period), {}};
  for (std::size_t i = out.begin; i < in.size(); ++i) {
    out.values.push_back(roc_value(in[i], in[i - period]));
  }
  return out;
}

Series mom(Span in, int period) {
  if (period < 1 || too_short(in.size(), period)) return empty_series(in.size());
  Series out{static_cast<std::size_t>(period), {}};
  for (std::size_t i = out.begin; i < in.size(); ++i) out.values.push_back(in[i] - in[i - period]);
  return out;
}

std::optional<double> RsiStream::update(double x) {
  if (count_++ == 0) {
    prev_ = x;
    return std::nullopt;
  }
  const double d = x - prev_;
  prev_ = x;
  const int changes = count_ - 1;
  if (changes <= period_) {
    // Seed: plain average of the first `period` changes.
    if (d < 0)
      loss_ -= d;
    else
      gain_ += d;
    if (changes < period_) return std::nullopt;
    gain_ /= period_;
    loss_ /= period_;
  } else {
    loss_ *= (period_ - 1);
    gain_ *= (period_ - 1);
    if (d < 0)
      loss_ -= d;
    else
      gain_ += d;
    loss_ /= period_;
    gain_ /= period_;
  }
  value_ = rsi_from(gain_, loss_);
  return value_;
}

MacdStream::MacdStream(int fast, int slow, int signal)
    : skip_fast_(std::max(fast, slow) - std::min(fast, slow)),
      fast_(std::min(fast, slow)),
      slow_(std::max(fast, slow)),
      signal_(signal) {}

std::optional<MacdValue> MacdStream::update(double x) {
  const bool feed_fast = count_++ >= skip_fast_;
  auto s = slow_.update(x);
  auto f = feed_fast ? fast_.update(x) : std::nullopt;
  if (!s || !f) return std::nullopt;
  const double line = *f - *s;
  auto sig = signal_.update(line);
  if (!sig) return std::nullopt;
  return MacdValue{line, *sig, line - *sig};
}

StochStream::StochStream(int fastk, int slowk, int slowd)
    : hh_(static_cast<std::size_t>(std::max(fastk, 1))),
      ll_(static_cast<std::size_t>(std::max(fastk, 1))),
      k_sma_(slowk),
      d_sma_(slowd) {}

std::optional<StochValue> StochStream::update(double high, double low, double close) {
  hh_.push(high);
  ll_.push(low);
  if (hh_.count() < hh_.window()) return std::nullopt;
  auto k = k_sma_.update(fast_k(hh_.value(), ll_.value(), close));
  if (!k) return std::nullopt;
  auto d = d_sma_.update(*k);
  if (!d) return std::nullopt;
  return StochValue{*k, *d};
}

WillrStream::WillrStream(int period)
    : hh_(static_cast<std::size_t>(std::max(period, 1))),
      ll_(static_cast<std::size_t>(std::max(period, 1))) {}

std::optional<double> WillrStream::update(double high, double low, double close) {
  hh_.push(high);
  ll_.push(low);
  if (hh_.count() < hh_.window()) return std::nullopt;
  return willr_value(hh_.value(), ll_.value(), close);
}

CciStream::CciStream(int period)
    : period_(std::max(period, 1)), tp_(static_cast<std::size_t>(period_)) {}

std::optional<double> CciStream::update(double high, double low, double close) {
  tp_.push((high + low + close) / 3.0);
  if (!tp_.full()) return std::nullopt;
  // The deviation pass is O(period) anyway; re-summing in window order keeps the average
  // bit-identical with the batch form.
  double sum = 0.0;
  for (std::size_t i = 0; i < tp_.size(); ++i) sum += tp_[i];
  return cci_value(tp_, sum, period_);
}

RocStream::RocStream(int period) : window_(static_cast<std::size_t>(std::max(period, 1)) + 1) {}

std::optional<double> RocStream::update(double x) {
  window_.push(x);
  if (!window_.full()) return std::nullopt;
  return roc_value(x, window_.oldest());
}

MomStream::MomStream(int period) : window_(static_cast<std::size_t>(std::max(period, 1)) + 1) {}

std::optional<double> MomStream::update(double x) {
  window_.push(x);
  if (!window_.full()) return std::nullopt;
  return x - window_.oldest();
}

}  // namespace finchat::technical
