#pragma once
// Seeded, reproducible market simulator. Log returns follow a factor model
//   r_i = drift_i dt + m_t (beta_i F_market + s_i F_sector(i) + e_i) + J_i
// with a common stochastic-volatility multiplier m_t (log-OU, E[m^2] = 1), idiosyncratic
// Poisson jumps J (not for index-like symbols) and idiosyncratic variance sized so that each
// symbol's total annualised volatility equals its configured `annual_vol`. Intraday volume
// follows a U-shape; trading follows the MarketCalendar. Every tick is source="simulated".
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "market/calendar.hpp"
#include "market/types.hpp"

namespace finchat::market {

struct InstrumentSpec {
  std::string symbol;
  std::string name;
  std::string sector;         // display sector ("Index" for index-like symbols)
  std::string factor_sector;  // sector factor it loads on; empty = `sector`
  double start_price = 100;
  double annual_vol = 0.25;     // total annualised volatility
  double beta = 1.0;            // loading on the market factor
  double sector_loading = 0.5;  // loading on its sector factor
  double annual_drift = 0.06;
  double avg_daily_volume = 2e6;
  bool is_index = false;
};

struct SimulatorConfig {
  uint64_t seed = 20240101;
  std::vector<InstrumentSpec> universe;   // empty = default_universe()
  double market_vol = 0.16;               // annualised market-factor volatility
  double sector_vol = 0.12;               // annualised sector-factor volatility
  double vol_of_vol = 0.25;               // stationary sd of the log-volatility state
  double vol_half_life_days = 15;         // mean reversion of the volatility state
  double jump_intensity = 3.0;            // idiosyncratic jumps per year
  double jump_sd = 0.04;                  // sd of log jump size
  double overnight_variance_share = 0.2;  // part of daily variance realised at the open gap
  double volume_u_shape = 2.5;            // open/close volume intensity relative to midday
  CalendarConfig calendar;
  bool trade_outside_hours = false;  // live ticks even when the market is closed (demos)
};

// About 30 clearly fictional companies across sectors plus three index-like symbols.
std::vector<InstrumentSpec> default_universe();

struct SimulatedHistory {
  std::map<std::string, std::vector<Bar>> daily;     // completed sessions, oldest first
  std::map<std::string, std::vector<Bar>> intraday;  // 1m bars of the latest session to now
  int64_t as_of_ms = 0;
};

class MarketSimulator {
 public:
  static Result<MarketSimulator> create(SimulatorConfig config);

  const std::vector<InstrumentSpec>& universe() const { return config_.universe; }
  const MarketCalendar& calendar() const { return calendar_; }
  const SimulatorConfig& config() const { return config_; }
  const InstrumentSpec* find(const std::string& symbol) const;

  // Correlation of two symbols' diffusive returns implied by the factor model.
  double implied_correlation(std::size_t i, std::size_t j) const;
  double idiosyncratic_vol(std::size_t i) const { return idio_vol_[i]; }

  // `sessions` daily bars ending before the session containing now_ms (or the last one), then
  // 1-minute bars of that latest session up to now_ms; leaves the live state at now_ms.
  SimulatedHistory generate_history(int64_t now_ms, int sessions);
  // Advances the live state to now_ms and returns one tick per symbol (none when closed).
  std::vector<Tick> advance_to(int64_t now_ms);
  // Relative intraday volume intensity at a minute of the session (mean 1 over the session).
  double volume_intensity(double session_fraction) const;
  double last_price(std::size_t i) const { return price_[i]; }

 private:
  MarketSimulator(SimulatorConfig config, MarketCalendar calendar);
  // One correlated log-return draw per symbol over dt years of trading time.
  std::vector<double> draw_returns(double dt_years);
  void step_vol_state(double dt_days);
  Bar daily_bar(std::size_t i, double open, double close, double dt_years, int64_t day);

  SimulatorConfig config_;
  MarketCalendar calendar_;
  std::vector<double> idio_vol_;
  std::vector<std::size_t> sector_of_;  // factor index per symbol
  std::size_t sector_count_ = 0;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
  std::uniform_real_distribution<double> uniform_{0.0, 1.0};
  double log_vol_ = 0;  // stochastic volatility state
  std::vector<double> price_;
  std::vector<uint64_t> sequence_;
  int64_t clock_ms_ = 0;       // live state time
  int64_t clock_session_ = 0;  // session of the live state
};

}  // namespace finchat::market
