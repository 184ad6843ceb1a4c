#include "finance/technical/moving_average.hpp"

namespace finchat::technical {

Series sma(Span in, int period) {
  if (period < 1 || in.size() < static_cast<std::size_t>(period)) return empty_series(in.size());
  Series out{static_cast<std::size_t>(period - 1), {}};
  out.values.reserve(in.size() - out.begin);
  double total = 0.0;
  for (int i = 0; i < period - 1; ++i) total += in[i];
  for (std::size_t i = out.begin, trailing = 0; i < in.size(); ++i, ++trailing) {
    total += in[i];
    out.values.push_back(total / period);
    total -= in[trailing];
  }
  return out;
}

Series ema_seeded_at(Span in, int period, std::size_t seed_bar) {
  if (period < 1 || seed_bar < static_cast<std::size_t>(period - 1) || seed_bar >= in.size()) {
    return empty_series(in.size());
  }
  const double k = 2.0 / (period + 1);
  double seed = 0.0;
  for (std::size_t i = seed_bar + 1 - period; i <= seed_bar; ++i) seed += in[i];
  double prev = seed / period;
  Series out{seed_bar, {prev}};
  out.values.reserve(in.size() - seed_bar);
  for (std::size_t i = seed_bar + 1; i < in.size(); ++i) {
    prev = ((in[i] - prev) * k) + prev;
    out.values.push_back(prev);
  }
  return out;
}

Series ema(Span in, int period) {
  return ema_seeded_at(in, period, static_cast<std::size_t>(period > 0 ? period - 1 : 0));
}

Series wma(Span in, int period) {
  if (period < 1 || in.size() < static_cast<std::size_t>(period)) return empty_series(in.size());
  const double divider = period * (period + 1) / 2.0;
  Series out{static_cast<std::size_t>(period - 1), {}};
  for (std::size_t i = out.begin; i < in.size(); ++i) {
    double sum = 0.0;
    for (int w = 1; w <= period; ++w) sum += in[i + 1 - period + (w - 1)] * w;
    out.values.push_back(sum / divider);
  }
  return out;
}

namespace {
// Re-align a series computed on another series' values back to input bars.
Series shift(Series s, std::size_t offset) {
  s.begin += offset;
  return s;
}
}  // namespace

Series dema(Span in, int period) {
  Series e1 = ema(in, period);
  if (e1.values.empty()) return empty_series(in.size());
  Series e2 = shift(ema(e1.values, period), e1.begin);
  if (e2.values.empty()) return empty_series(in.size());
  Series out{e2.begin, {}};
  for (std::size_t bar = e2.begin; bar < in.size(); ++bar) {
    out.values.push_back(2.0 * e1.at_bar(bar) - e2.at_bar(bar));
  }
  return out;
}

Series tema(Span in, int period) {
  Series e1 = ema(in, period);
  if (e1.values.empty()) return empty_series(in.size());
  Series e2 = shift(ema(e1.values, period), e1.begin);
  if (e2.values.empty()) return empty_series(in.size());
  Series e3 = shift(ema(e2.values, period), e2.begin);
  if (e3.values.empty()) return empty_series(in.size());
  Series out{e3.begin, {}};
  for (std::size_t bar = e3.begin; bar < in.size(); ++bar) {
    out.values.push_back(3.0 * e1.at_bar(bar) - 3.0 * e2.at_bar(bar) + e3.at_bar(bar));
  }
  return out;
}

SmaStream::SmaStream(int period)
    : period_(period < 1 ? 1 : period), window_(static_cast<std::size_t>(period_)) {}

std::optional<double> SmaStream::update(double x) {
  // Same order as the batch form (add, divide, drop the trailing value) for identical results.
  window_.push(x);
  sum_ += x;
  if (!window_.full()) return std::nullopt;
  value_ = sum_ / period_;
  sum_ -= window_.oldest();
  return value_;
}

EmaStream::EmaStream(int period) : period_(period < 1 ? 1 : period), k_(2.0 / (period_ + 1)) {}

std::optional<double> EmaStream::update(double x) {
  if (count_ < period_) {
    seed_sum_ += x;
    if (++count_ < period_) return std::nullopt;
    value_ = seed_sum_ / period_;
    return value_;
  }
  value_ = ((x - value_) * k_) + value_;
  return value_;
}

WmaStream::WmaStream(int period)
    : period_(period < 1 ? 1 : period),
      divider_(period_ * (period_ + 1) / 2.0),
      window_(static_cast<std::size_t>(period_)) {}

std::optional<double> WmaStream::update(double x) {
  // Sliding the weights down by one subtracts the old plain sum; the new value gets weight n.
  weighted_sum_ -= plain_sum_;
  if (window_.full()) plain_sum_ -= window_.oldest();
  window_.push(x);
  plain_sum_ += x;
  weighted_sum_ += x * period_;
  if (!window_.full()) return std::nullopt;
  value_ = weighted_sum_ / divider_;
  return value_;
}

std::optional<double> DemaStream::update(double x) {
  auto a = e1_.update(x);
  if (!a) return std::nullopt;
  auto b = e2_.update(*a);
  if (!b) return std::nullopt;
  value_ = 2.0 * *a - *b;
  return value_;
}

std::optional<double> TemaStream::update(double x) {
  auto a = e1_.update(x);
  if (!a) return std::nullopt;
  auto b = e2_.update(*a);
  if (!b) return std::nullopt;
  auto c = e3_.update(*b);
  if (!c) return std::nullopt;
  value_ = 3.0 * *a - 3.0 * *b + *c;
  return value_;
}

}  // namespace finchat::technical
