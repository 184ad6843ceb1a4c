#pragma once
// Glue between the live state and analysis: load simulated history into a MarketState and
// build SymbolSnapshots from it.
#include <string>
#include <vector>

#include "market/facts.hpp"
#include "market/market_state.hpp"
#include "market/simulator.hpp"

namespace finchat::market {

// Daily bars become the closed 1d history (warming indicators); today's minute bars are merged
// into 1m/5m/1h/1d.
void load_history(MarketState& state, const SimulatedHistory& history);

// The symbol's daily bars including the forming session; `info` may be null.
SymbolSnapshot make_snapshot(const MarketState& state, const std::string& symbol,
                             const InstrumentSpec* info, int64_t now_ms, const std::string& source);

std::vector<SymbolSnapshot> make_snapshots(const MarketState& state,
                                           const std::vector<InstrumentSpec>& universe,
                                           int64_t now_ms, const std::string& source);

}  // namespace finchat::market
