#include "finance/fundamentals/insights.hpp"

#include <algorithm>

namespace finchat::fundamentals {

namespace {

std::optional<ResolvedPeriod> comparable_period(const std::shared_ptr<const Statements>& s) {
  if (auto ttm = resolve_period(s, "TTM")) return *ttm;
  if (auto fy = resolve_period(s, "last year")) return *fy;
  return std::nullopt;
}

}  // namespace

std::vector<AnalysisFact> company_insights(const ResolvedPeriod& period,
                                           const AnalysisOptions& options) {
  auto facts = analyze(*period.view, period.period, options);
  for (auto& f : piotroski(*period.view, period.period)) facts.push_back(std::move(f));
  for (auto& f : altman(*period.view, period.period, options)) facts.push_back(std::move(f));
  if (period.basis == "annual") {
    if (auto c = cagr(*period.view, "revenue")) facts.push_back(*c);
  }
  return facts;
}

nlohmann::json to_json(const AnalysisFact& f) {
  return {{"name", f.name},
          {"value", f.value},
          {"unit", f.unit},
          {"period", f.period},
          {"source", f.source}};
}

nlohmann::json statement_lines_json(const ResolvedPeriod& period) {
  nlohmann::json out = {{"income", nlohmann::json::object()},
                        {"balance", nlohmann::json::object()},
                        {"cash_flow", nlohmann::json::object()},
                        {"other", nlohmann::json::object()}};
  for (const auto& v : period.view->values) {
    const bool instant = v.period.type == PeriodType::instant;
    if (v.period.end != period.end) continue;
    if (!instant && v.period.type != period.period.type) continue;
    out[statement_of(v.line)][v.line] = {
        {"value", v.value}, {"unit", v.unit}, {"source", v.source}};
  }
  return out;
}

nlohmann::json available_periods_json(const Statements& s) {
  nlohmann::json quarters = nlohmann::json::array(), years = nlohmann::json::array();
  for (const auto& p : s.periods(PeriodType::quarter)) quarters.push_back(fiscal_label(s, p));
  for (const auto& p : s.periods(PeriodType::annual)) years.push_back(fiscal_label(s, p));
  return {{"quarters", quarters}, {"years", years}};
}

const std::vector<std::string>& peer_metrics() {
  static const std::vector<std::string> kMetrics = {
      "gross_margin", "operating_margin", "net_margin",     "roe",
      "roa",          "current_ratio",    "debt_to_equity", "revenue_growth_yoy"};
  return kMetrics;
}

PeerComparison compare_peers(const CompanyRepository& repo, const std::string& ticker,
                             const std::vector<std::string>& peers) {
  PeerComparison out;
  std::vector<std::string> group = {upper_ticker(ticker)};
  for (const auto& p : peers) {
    const auto t = upper_ticker(p);
    if (std::find(group.begin(), group.end(), t) == group.end()) group.push_back(t);
  }
  for (const auto& t : group) {
    auto c = repo.get(t);
    if (!c) continue;
    auto period = comparable_period(c->statements);
    if (!period) continue;
    if (t == group.front()) out.basis = period->label;
    const auto facts = analyze(*period->view, period->period);
    for (const auto& m : peer_metrics()) {
      if (const auto* f = find_fact(facts, m)) out.metrics[t][m] = f->value;
    }
  }
  for (const auto& m : peer_metrics()) {
    std::map<std::string, double> values;
    for (const auto& [t, metrics] : out.metrics) {
      if (auto it = metrics.find(m); it != metrics.end()) values[t] = it->second;
    }
    if (values.size() < 2 || !values.count(group.front())) continue;
    for (const auto& f : peer_percentiles(m, values)) {
      if (f.source.rfind(group.front() + " ", 0) == 0) out.percentiles[m] = f.value;
    }
  }
  return out;
}

}  // namespace finchat::fundamentals
