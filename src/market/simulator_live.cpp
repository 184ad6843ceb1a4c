// History generation and live stepping for MarketSimulator.
#include <algorithm>
#include <cmath>

#include "market/simulator.hpp"

namespace finchat::market {

namespace {
constexpr double kTradingDays = 252.0;
constexpr int64_t kMinuteMs = 60'000;
double cents(double p) { return std::round(p * 100.0) / 100.0; }
}  // namespace

SimulatedHistory MarketSimulator::generate_history(int64_t now_ms, int sessions) {
  SimulatedHistory h;
  h.as_of_ms = now_ms;
  const std::size_t n = config_.universe.size();
  const double w = config_.overnight_variance_share;
  const int64_t latest = calendar_.latest_session(now_ms);
  std::vector<int64_t> days;
  for (int64_t d = latest; static_cast<int>(days.size()) < std::max(sessions, 0);) {
    d = calendar_.previous_trading_day(d);
    days.push_back(d);
  }
  std::reverse(days.begin(), days.end());

  for (int64_t day : days) {
    const auto gap = draw_returns(w / kTradingDays);
    step_vol_state(1.0);
    const auto session = draw_returns((1.0 - w) / kTradingDays);
    for (std::size_t i = 0; i < n; ++i) {
      const double open = price_[i] * std::exp(gap[i]);
      const double close = open * std::exp(session[i]);
      price_[i] = close;
      h.daily[config_.universe[i].symbol].push_back(
          daily_bar(i, open, close, (1.0 - w) / kTradingDays, day));
    }
  }

  // Minute bars of the latest session up to now (or its close).
  const int minutes = calendar_.session_minutes();
  const int64_t open_ms = calendar_.session_open_ms(latest);
  const int64_t end_ms = std::min(now_ms, calendar_.session_close_ms(latest));
  const auto gap = draw_returns(w / kTradingDays);
  for (std::size_t i = 0; i < n; ++i) price_[i] *= std::exp(gap[i]);
  const double dt = (1.0 - w) / (kTradingDays * minutes);
  for (int m = 0; open_ms + (m + 1) * kMinuteMs <= end_ms && m < minutes; ++m) {
    step_vol_state(1.0 / minutes);
    const auto r = draw_returns(dt);
    const double intensity = volume_intensity((m + 0.5) / minutes);
    for (std::size_t i = 0; i < n; ++i) {
      const double open = price_[i];
      price_[i] *= std::exp(r[i]);
      Bar b = daily_bar(i, open, price_[i], dt, latest);
      b.start_ms = open_ms + m * kMinuteMs;
      b.volume = std::round(b.volume * intensity / minutes);
      b.trades = static_cast<uint32_t>(b.volume / 100.0);
      h.intraday[config_.universe[i].symbol].push_back(b);
    }
  }
  clock_ms_ = std::max(end_ms, open_ms);
  clock_session_ = latest;
  return h;
}

std::vector<Tick> MarketSimulator::advance_to(int64_t now_ms) {
  std::vector<Tick> ticks;
  if (now_ms <= clock_ms_) return ticks;
  const int minutes = calendar_.session_minutes();
  const double session_ms = minutes * static_cast<double>(kMinuteMs);
  const double w = config_.overnight_variance_share;
  double elapsed_ms = 0;
  double fraction = 0.5;  // position in the session, for the volume shape
  if (config_.trade_outside_hours) {
    elapsed_ms = static_cast<double>(now_ms - clock_ms_);
  } else {
    if (!calendar_.is_open(now_ms)) {
      clock_ms_ = now_ms;
      return ticks;
    }
    const int64_t session = calendar_.local_day(now_ms);
    const int64_t open_ms = calendar_.session_open_ms(session);
    int64_t from = std::max(clock_ms_, open_ms);
    if (session != clock_session_) {
      const auto gap = draw_returns(w / kTradingDays);
      for (std::size_t i = 0; i < price_.size(); ++i) price_[i] *= std::exp(gap[i]);
      clock_session_ = session;
      from = open_ms;
    }
    elapsed_ms = static_cast<double>(now_ms - from);
    fraction = static_cast<double>(now_ms - open_ms) / session_ms;
  }
  clock_ms_ = now_ms;
  step_vol_state(elapsed_ms / session_ms);
  const auto r = draw_returns((1.0 - w) * elapsed_ms / (session_ms * kTradingDays));
  const double intensity = volume_intensity(fraction);
  for (std::size_t i = 0; i < price_.size(); ++i) {
    const InstrumentSpec& s = config_.universe[i];
    price_[i] *= std::exp(r[i]);
    const double expected = s.avg_daily_volume * intensity * elapsed_ms / session_ms;
    const double size = std::max(1.0, std::round(expected * std::exp(0.5 * normal_(rng_) - 0.125)));
    ticks.push_back(
        Tick{s.symbol, cents(price_[i]), size, now_ms, ++sequence_[i], kSimulatedSource});
  }
  return ticks;
}

}  // namespace finchat::market
