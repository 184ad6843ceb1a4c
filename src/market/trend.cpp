#include "market/trend.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "market/analysis.hpp"
#include "market/analysis_math.hpp"

namespace finchat::market {

using detail::round_to;

namespace {

struct Row {
  const SymbolSnapshot* s;
  SymbolMetrics m;
};

double median(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return detail::nan();
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2.0;
}

class Sink {
 public:
  Sink(int64_t as_of, std::string source, std::vector<Fact>& out)
      : as_of_(as_of), source_(std::move(source)), out_(out) {}
  void add(const std::string& name, const std::string& subject, nlohmann::json v,
           const char* unit) {
    if (v.is_number_float() && !std::isfinite(v.get<double>())) return;
    out_.push_back(Fact{name, subject, std::move(v), unit, as_of_, source_});
  }

 private:
  int64_t as_of_;
  std::string source_;
  std::vector<Fact>& out_;
};

void breadth(const std::vector<Row>& stocks, const std::string& scope, Sink& sink) {
  int adv = 0, dec = 0, unch = 0, above50 = 0, have50 = 0, above200 = 0, have200 = 0;
  for (const Row& r : stocks) {
    if (r.m.change_1d_pct > 0)
      ++adv;
    else if (r.m.change_1d_pct < 0)
      ++dec;
    else
      ++unch;
    if (std::isfinite(r.m.sma50)) {
      ++have50;
      above50 += r.m.last > r.m.sma50;
    }
    if (std::isfinite(r.m.sma200)) {
      ++have200;
      above200 += r.m.last > r.m.sma200;
    }
  }
  sink.add("advancers", scope, adv, "count");
  sink.add("decliners", scope, dec, "count");
  sink.add("unchanged", scope, unch, "count");
  if (dec > 0) sink.add("advance_decline_ratio", scope, round_to(double(adv) / dec, 4), "ratio");
  if (have50) sink.add("pct_above_sma_50", scope, round_to(100.0 * above50 / have50, 2), "%");
  if (have200) sink.add("pct_above_sma_200", scope, round_to(100.0 * above200 / have200, 2), "%");
}

void sectors(const std::vector<Row>& stocks, Sink& sink) {
  std::map<std::string, std::vector<double>> by_sector;
  std::vector<double> all;
  for (const Row& r : stocks) {
    if (!std::isfinite(r.m.change_1m_pct)) continue;
    by_sector[r.s->sector].push_back(r.m.change_1m_pct);
    all.push_back(r.m.change_1m_pct);
  }
  if (all.empty()) return;
  double universe_avg = 0;
  for (double x : all) universe_avg += x;
  universe_avg /= all.size();
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [sector, v] : by_sector) {
    double avg = 0;
    for (double x : v) avg += x;
    avg /= v.size();
    sink.add("sector_return_1m", sector, round_to(avg, 4), "%");
    sink.add("sector_relative_strength_1m", sector, round_to(avg - universe_avg, 4), "pct_points");
    ranked.emplace_back(avg, sector);
  }
  std::sort(ranked.rbegin(), ranked.rend());
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    sink.add("sector_rank_1m", ranked[i].second, static_cast<int>(i + 1), "rank");
  }
  sink.add("leading_sector", "", ranked.front().second, "label");
  sink.add("lagging_sector", "", ranked.back().second, "label");
}

void volatility(const std::vector<Row>& stocks, const TrendOptions& o, const std::string& scope,
                Sink& sink) {
  std::vector<double> short_term, long_term;
  for (const Row& r : stocks) {
    short_term.push_back(r.m.realized_vol_20d_pct);
    long_term.push_back(r.m.realized_vol_1y_pct);
  }
  const double now = median(short_term), base = median(long_term);
  sink.add("median_realized_vol_20d", scope, round_to(now, 4), "% annualized");
  sink.add("median_realized_vol_1y", scope, round_to(base, 4), "% annualized");
  if (std::isfinite(now) && std::isfinite(base) && base > 0) {
    const double ratio = now / base;
    const char* label = ratio > o.high_vol_ratio  ? "high"
                        : ratio < o.low_vol_ratio ? "low"
                                                  : "normal";
    sink.add("volatility_regime", scope, label, "label");
  }
}

void movers(std::vector<Row> stocks, int top, Sink& sink) {
  stocks.erase(std::remove_if(stocks.begin(), stocks.end(),
                              [](const Row& r) { return !std::isfinite(r.m.change_1d_pct); }),
               stocks.end());
  std::sort(stocks.begin(), stocks.end(),
            [](const Row& a, const Row& b) { return a.m.change_1d_pct > b.m.change_1d_pct; });
  const std::size_t n =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(top, 0)), stocks.size());
  for (std::size_t i = 0; i < n; ++i) {
    sink.add("top_gainer", stocks[i].s->symbol,
             {{"rank", i + 1}, {"change_1d", round_to(stocks[i].m.change_1d_pct, 4)}}, "%");
    const Row& l = stocks[stocks.size() - 1 - i];
    sink.add("top_loser", l.s->symbol,
             {{"rank", i + 1}, {"change_1d", round_to(l.m.change_1d_pct, 4)}}, "%");
  }
}

}  // namespace

std::vector<Fact> analyze_market(const std::vector<SymbolSnapshot>& universe,
                                 const TrendOptions& options) {
  std::vector<Fact> facts;
  int64_t as_of = 0;
  std::string source;
  std::vector<Row> rows;
  for (const auto& s : universe) {
    if (!options.sector.empty() && s.sector != options.sector) continue;
    if (s.daily.empty()) continue;
    rows.push_back({&s, compute_metrics(s)});
    as_of = std::max(as_of, s.as_of_ms);
    if (source.empty())
      source = s.source;
    else if (source != s.source)
      source = "mixed";
  }
  Sink sink(as_of, source, facts);
  const std::string scope = options.sector.empty() ? "universe" : options.sector;
  sink.add("symbols_analyzed", scope, static_cast<int>(rows.size()), "count");
  if (rows.empty()) return facts;
  std::map<std::string, int> regime_counts;
  std::vector<Row> stocks;
  for (const Row& r : rows) {
    sink.add("regime", r.s->symbol, r.m.regime, "label");
    if (r.s->is_index) continue;
    ++regime_counts[r.m.regime];
    stocks.push_back(r);
  }
  for (const auto& [regime, count] : regime_counts)
    sink.add("regime_count", regime, count, "count");
  if (stocks.empty()) return facts;
  breadth(stocks, scope, sink);
  if (options.sector.empty()) sectors(stocks, sink);
  volatility(stocks, options, scope, sink);
  movers(stocks, options.top_movers, sink);
  return facts;
}

}  // namespace finchat::market
