#include "market/analysis.hpp"

#include <algorithm>
#include <cmath>

#include "finance/technical/directional.hpp"
#include "finance/technical/momentum.hpp"
#include "finance/technical/moving_average.hpp"
#include "finance/technical/volatility.hpp"
#include "market/analysis_math.hpp"
#include "market/calendar.hpp"

namespace finchat::market {

using detail::nan;
using detail::round_to;

namespace {

struct Columns {
  std::vector<double> high, low, close, volume;
  explicit Columns(const std::vector<Bar>& d) {
    for (const Bar& b : d) {
      high.push_back(b.high);
      low.push_back(b.low);
      close.push_back(b.close);
      volume.push_back(b.volume);
    }
  }
};

double last_of(const technical::Series& s) { return s.values.empty() ? nan() : s.values.back(); }
double before_last(const technical::Series& s) {
  return s.values.size() < 2 ? nan() : s.values[s.values.size() - 2];
}

// Collects facts about one subject with a common time and source.
class FactSink {
 public:
  FactSink(const SymbolSnapshot& s, std::vector<Fact>& out) : s_(s), out_(out) {}
  void number(const std::string& name, double v, const char* unit, int digits = 4) {
    if (std::isfinite(v)) add(name, round_to(v, digits), unit);
  }
  void add(const std::string& name, nlohmann::json value, const std::string& unit) {
    out_.push_back(Fact{name, s_.symbol, std::move(value), unit, s_.as_of_ms, s_.source});
  }
  const std::string& currency() const { return s_.currency; }

 private:
  const SymbolSnapshot& s_;
  std::vector<Fact>& out_;
};

int64_t ytd_reference_index(const std::vector<Bar>& d) {
  const int year = civil_from_days(d.back().session).year;
  for (std::size_t i = d.size(); i-- > 0;) {
    if (civil_from_days(d[i].session).year < year) return static_cast<int64_t>(i);
  }
  return -1;
}

void price_facts(const SymbolSnapshot& s, FactSink& sink) {
  const auto& d = s.daily;
  const Bar& last = d.back();
  const std::string& ccy = sink.currency();
  sink.number("last_price", last.close, ccy.c_str());
  sink.add("session_in_progress", s.session_in_progress, "boolean");
  sink.number("change_since_open", detail::pct_change(last.close, last.open), "%");
  sink.number("change_1d", detail::pct_change(last.close, detail::close_back(d, 1)), "%");
  sink.number("change_5d", detail::pct_change(last.close, detail::close_back(d, 5)), "%");
  sink.number("change_1m", detail::pct_change(last.close, detail::close_back(d, 21)), "%");
  const int64_t ytd = ytd_reference_index(d);
  if (ytd >= 0) sink.number("change_ytd", detail::pct_change(last.close, d[ytd].close), "%");
  sink.number("realized_vol_20d", detail::realized_vol_pct(d, 20), "% annualized");
  if (d.size() > 20) {
    double sum = 0;
    for (std::size_t i = d.size() - 21; i < d.size() - 1; ++i) sum += d[i].volume;
    const double avg = sum / 20.0;
    sink.number("volume", last.volume, "shares", 0);
    sink.number("avg_volume_20d", avg, "shares", 0);
    if (avg > 0) sink.number("volume_vs_avg_20d", last.volume / avg, "ratio");
  }
}

void indicator_facts(const SymbolSnapshot& s, const Columns& c, FactSink& sink) {
  using namespace technical;
  const double close = c.close.back();
  const double rsi14 = last_of(rsi(c.close, 14));
  if (std::isfinite(rsi14)) {
    sink.number("rsi_14", rsi14, "points", 2);
    sink.add("rsi_14_signal", rsi_label(rsi14), "label");
  }
  const MacdSeries m = macd(c.close);
  if (!m.hist.values.empty()) {
    sink.number("macd", last_of(m.macd), "points");
    sink.number("macd_signal_line", last_of(m.signal), "points");
    sink.number("macd_histogram", last_of(m.hist), "points");
    const double h = last_of(m.hist), prev = before_last(m.hist);
    std::string label = h > 0 ? "bullish" : "bearish";
    if (std::isfinite(prev) && (prev > 0) != (h > 0)) label += "_crossover";
    sink.add("macd_signal", label, "label");
  }
  const Series s50 = sma(c.close, 50), s200 = sma(c.close, 200);
  sink.number("sma_50", last_of(s50), s.currency.c_str());
  sink.number("sma_200", last_of(s200), s.currency.c_str());
  if (!s50.values.empty())
    sink.add("price_vs_sma_50", close >= last_of(s50) ? "above" : "below", "label");
  if (!s200.values.empty()) {
    sink.add("price_vs_sma_200", close >= last_of(s200) ? "above" : "below", "label");
    // A cross within the last 10 sessions is reported as such.
    std::string structure =
        last_of(s50) >= last_of(s200) ? "sma50_above_sma200" : "sma50_below_sma200";
    const std::size_t n = s200.values.size();
    for (std::size_t k = 1; k <= 10 && k < n; ++k) {
      const std::size_t bar = s200.begin + n - 1 - k;
      const bool above_then = s50.at_bar(bar) >= s200.at_bar(bar);
      const bool above_now = last_of(s50) >= last_of(s200);
      if (above_then != above_now) {
        structure = above_now ? "golden_cross" : "death_cross";
        break;
      }
    }
    sink.add("ma_structure", structure, "label");
  }
  const BandsSeries bb = bbands(c.close, 20, 2.0, 2.0);
  if (!bb.middle.values.empty()) {
    const double up = last_of(bb.upper), mid = last_of(bb.middle), lo = last_of(bb.lower);
    sink.number("bollinger_upper", up, s.currency.c_str());
    sink.number("bollinger_middle", mid, s.currency.c_str());
    sink.number("bollinger_lower", lo, s.currency.c_str());
    if (up > lo) sink.number("bollinger_percent_b", (close - lo) / (up - lo), "ratio");
    const char* pos = close > up     ? "above_upper"
                      : close < lo   ? "below_lower"
                      : close >= mid ? "upper_half"
                                     : "lower_half";
    sink.add("bollinger_position", pos, "label");
  }
  const DirectionalSeries dm = directional(c.high, c.low, c.close, 14);
  if (!dm.adx.values.empty()) {
    const double a = last_of(dm.adx);
    sink.number("adx_14", a, "points", 2);
    sink.number("plus_di_14", last_of(dm.plus_di), "points", 2);
    sink.number("minus_di_14", last_of(dm.minus_di), "points", 2);
    sink.add("adx_14_signal", adx_label(a), "label");
    sink.add("trend_direction", last_of(dm.plus_di) >= last_of(dm.minus_di) ? "bullish" : "bearish",
             "label");
  }
  sink.number("atr_14", last_of(atr(c.high, c.low, c.close, 14)), s.currency.c_str());
}

// Swing points: a bar whose high (low) is the extreme of the `k` bars on each side.
void level_facts(const SymbolSnapshot& s, const Columns& c, const AnalysisOptions& o,
                 FactSink& sink) {
  const std::size_t n = c.close.size();
  const double price = c.close.back();
  const std::size_t k = static_cast<std::size_t>(std::max(1, o.swing_window));
  const std::size_t first =
      n > static_cast<std::size_t>(o.level_lookback) ? n - o.level_lookback : 0;
  std::vector<double> highs, lows;
  for (std::size_t i = std::max(first, k); i + k < n; ++i) {
    bool is_high = true, is_low = true;
    for (std::size_t j = i - k; j <= i + k; ++j) {
      if (j == i) continue;
      is_high = is_high && c.high[i] >= c.high[j];
      is_low = is_low && c.low[i] <= c.low[j];
    }
    if (is_high && c.high[i] > price) highs.push_back(c.high[i]);
    if (is_low && c.low[i] < price) lows.push_back(c.low[i]);
  }
  // Nearest first; levels within 1% of a nearer one are merged into it.
  auto pick = [&](std::vector<double> v, bool ascending) {
    std::sort(v.begin(), v.end());
    if (!ascending) std::reverse(v.begin(), v.end());
    nlohmann::json out = nlohmann::json::array();
    double last = nan();
    for (double x : v) {
      if (std::isfinite(last) && std::fabs(x / last - 1.0) < 0.01) continue;
      out.push_back(round_to(x, 4));
      last = x;
      if (static_cast<int>(out.size()) >= o.max_levels) break;
    }
    return out;
  };
  sink.add("resistance_levels", pick(highs, true), s.currency);
  sink.add("support_levels", pick(lows, false), s.currency);
  // Classic floor-trader pivots from the last completed session.
  const std::size_t skip = s.session_in_progress ? 2 : 1;
  if (n >= skip) {
    const std::size_t ref = n - skip;
    const double p = (c.high[ref] + c.low[ref] + c.close[ref]) / 3.0;
    sink.number("pivot_point", p, s.currency.c_str());
    sink.number("pivot_r1", 2 * p - c.low[ref], s.currency.c_str());
    sink.number("pivot_s1", 2 * p - c.high[ref], s.currency.c_str());
  }
}

void event_facts(const SymbolSnapshot& s, const AnalysisOptions& o, FactSink& sink) {
  const auto& d = s.daily;
  const std::size_t n = d.size();
  nlohmann::json gaps = nlohmann::json::array();
  for (std::size_t i = n > static_cast<std::size_t>(o.gap_lookback) ? n - o.gap_lookback : 1; i < n;
       ++i) {
    if (i == 0) continue;
    const double gap = detail::pct_change(d[i].open, d[i - 1].close);
    if (!(std::fabs(gap) >= o.gap_threshold_pct)) continue;
    bool filled = false;  // price traded back to the previous close afterwards
    for (std::size_t j = i; j < n && !filled; ++j) {
      filled = gap > 0 ? d[j].low <= d[i - 1].close : d[j].high >= d[i - 1].close;
    }
    gaps.push_back({{"date", format_date(d[i].session)},
                    {"direction", gap > 0 ? "up" : "down"},
                    {"size_pct", round_to(gap, 4)},
                    {"filled", filled}});
  }
  sink.add("recent_gaps", gaps, "events");
  nlohmann::json breaks = nlohmann::json::array();
  const std::size_t w = static_cast<std::size_t>(o.breakout_window);
  for (std::size_t i = n > static_cast<std::size_t>(o.breakout_lookback) ? n - o.breakout_lookback
                                                                         : 0;
       i < n; ++i) {
    if (i < w) continue;
    double hi = d[i - w].high, lo = d[i - w].low;
    for (std::size_t j = i - w; j < i; ++j) {
      hi = std::max(hi, d[j].high);
      lo = std::min(lo, d[j].low);
    }
    if (d[i].close > hi) {
      breaks.push_back({{"date", format_date(d[i].session)},
                        {"type", "breakout_high"},
                        {"level", round_to(hi, 4)},
                        {"window_sessions", o.breakout_window}});
    } else if (d[i].close < lo) {
      breaks.push_back({{"date", format_date(d[i].session)},
                        {"type", "breakdown_low"},
                        {"level", round_to(lo, 4)},
                        {"window_sessions", o.breakout_window}});
    }
  }
  sink.add("recent_breakouts", breaks, "events");
}

}  // namespace

const char* rsi_label(double rsi) {
  if (rsi >= 70) return "overbought";
  if (rsi <= 30) return "oversold";
  return "neutral";
}

const char* adx_label(double adx) {
  if (adx >= 25) return "strong_trend";
  if (adx < 20) return "no_trend";
  return "developing_trend";
}

const char* regime_label(double close, double sma50, double sma200, double adx) {
  if (!std::isfinite(sma50)) return "insufficient_history";
  const bool trending = std::isfinite(adx) && adx >= 20;
  const bool long_ok = !std::isfinite(sma200);
  if (trending && close > sma50 && (long_ok || sma50 > sma200)) return "uptrend";
  if (trending && close < sma50 && (long_ok || sma50 < sma200)) return "downtrend";
  return "range";
}

SymbolMetrics compute_metrics(const SymbolSnapshot& s) {
  SymbolMetrics m;
  const auto& d = s.daily;
  if (d.empty()) {
    m.regime = "insufficient_history";
    m.last = nan();
    return m;
  }
  Columns c(d);
  m.last = d.back().close;
  m.change_1d_pct = detail::pct_change(m.last, detail::close_back(d, 1));
  m.change_5d_pct = detail::pct_change(m.last, detail::close_back(d, 5));
  m.change_1m_pct = detail::pct_change(m.last, detail::close_back(d, 21));
  m.realized_vol_20d_pct = detail::realized_vol_pct(d, 20);
  m.realized_vol_1y_pct = detail::realized_vol_pct(d, std::min<std::size_t>(252, d.size() - 1));
  m.sma50 = last_of(technical::sma(c.close, 50));
  m.sma200 = last_of(technical::sma(c.close, 200));
  const auto dm = technical::directional(c.high, c.low, c.close, 14);
  m.adx = last_of(dm.adx);
  m.plus_di = last_of(dm.plus_di);
  m.minus_di = last_of(dm.minus_di);
  m.regime = regime_label(m.last, m.sma50, m.sma200, m.adx);
  return m;
}

std::vector<Fact> analyze_symbol(const SymbolSnapshot& s, const AnalysisOptions& options) {
  std::vector<Fact> facts;
  FactSink sink(s, facts);
  if (s.daily.empty()) {
    sink.add("data_available", false, "boolean");
    return facts;
  }
  if (!s.name.empty()) sink.add("company_name", s.name, "label");
  if (!s.sector.empty()) sink.add("sector", s.sector, "label");
  const Columns c(s.daily);
  price_facts(s, sink);
  indicator_facts(s, c, sink);
  level_facts(s, c, options, sink);
  event_facts(s, options, sink);
  const SymbolMetrics m = compute_metrics(s);
  sink.add("regime", m.regime, "label");
  return facts;
}

}  // namespace finchat::market
