#pragma once
// Per-symbol analysis: price changes, realised volatility, volume, indicator readings with
// interpretation labels, support/resistance, gaps and breakouts. Output is facts only.
#include <optional>
#include <vector>

#include "market/facts.hpp"

namespace finchat::market {

// Numbers shared by symbol and market analysis; NaN when history is too short.
struct SymbolMetrics {
  double last = 0;
  double change_1d_pct = 0, change_5d_pct = 0, change_1m_pct = 0;
  double realized_vol_20d_pct = 0, realized_vol_1y_pct = 0;
  double sma50 = 0, sma200 = 0, adx = 0, plus_di = 0, minus_di = 0;
  std::string regime;  // "uptrend", "downtrend", "range", "insufficient_history"
};

SymbolMetrics compute_metrics(const SymbolSnapshot& s);

struct AnalysisOptions {
  int swing_window = 3;      // bars each side for a swing high/low
  int level_lookback = 120;  // sessions searched for support/resistance
  int max_levels = 3;
  double gap_threshold_pct = 2.0;
  int gap_lookback = 20;
  int breakout_window = 20;   // breakout = close beyond the prior N-session high/low
  int breakout_lookback = 5;  // sessions checked for recent breakouts
};

std::vector<Fact> analyze_symbol(const SymbolSnapshot& s, const AnalysisOptions& options = {});

// Labels used by the analysis, exposed for tests and for alerts wording.
const char* rsi_label(double rsi);  // "overbought" >= 70, "oversold" <= 30, else "neutral"
const char* adx_label(
    double adx);  // "strong_trend" >= 25, "no_trend" < 20, else "developing_trend"
const char* regime_label(double close, double sma50, double sma200, double adx);

}  // namespace finchat::market
