#pragma once
// Market-wide view across a universe or one sector: per-symbol regime, breadth, sector relative
// strength, volatility regime and top movers. Index-like symbols get a regime but are left out
// of breadth, sectors and movers.
#include <string>
#include <vector>

#include "market/facts.hpp"

namespace finchat::market {

struct TrendOptions {
  std::string sector;  // empty = whole universe
  int top_movers = 3;
  double high_vol_ratio = 1.25;  // 20d vs 1y median realised vol above this = "high"
  double low_vol_ratio = 0.8;
};

std::vector<Fact> analyze_market(const std::vector<SymbolSnapshot>& universe,
                                 const TrendOptions& options = {});

}  // namespace finchat::market
