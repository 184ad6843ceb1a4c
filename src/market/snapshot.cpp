#include "market/snapshot.hpp"

namespace finchat::market {

void load_history(MarketState& state, const SimulatedHistory& history) {
  for (const auto& [symbol, bars] : history.daily) state.seed_history(symbol, Interval::d1, bars);
  for (const auto& [symbol, bars] : history.intraday) state.add_bars(symbol, Interval::m1, bars);
}

SymbolSnapshot make_snapshot(const MarketState& state, const std::string& symbol,
                             const InstrumentSpec* info, int64_t now_ms,
                             const std::string& source) {
  SymbolSnapshot s;
  s.symbol = symbol;
  if (info) {
    s.name = info->name;
    s.sector = info->sector;
    s.is_index = info->is_index;
  }
  s.daily = state.bars(symbol, Interval::d1, true);
  const MarketCalendar& cal = state.calendar();
  s.session_in_progress = !s.daily.empty() && s.daily.back().session == cal.local_day(now_ms) &&
                          now_ms < cal.session_close_ms(s.daily.back().session);
  s.as_of_ms = now_ms;
  if (auto t = state.last_tick(symbol))
    s.as_of_ms = std::min(now_ms, std::max(t->ts_ms, int64_t{0}));
  s.source = source;
  return s;
}

std::vector<SymbolSnapshot> make_snapshots(const MarketState& state,
                                           const std::vector<InstrumentSpec>& universe,
                                           int64_t now_ms, const std::string& source) {
  std::vector<SymbolSnapshot> out;
  out.reserve(universe.size());
  for (const auto& spec : universe)
    out.push_back(make_snapshot(state, spec.symbol, &spec, now_ms, source));
  return out;
}

}  // namespace finchat::market
