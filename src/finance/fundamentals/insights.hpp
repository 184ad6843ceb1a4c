#pragma once
// What the API and the chat show about a company for one resolved period: every analysis
// fact (growth, margins, returns, liquidity, DuPont, Piotroski and Altman with their inputs,
// valuation when a price is known), the statement lines, and peer percentile ranks.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "finance/fundamentals/analysis.hpp"
#include "finance/fundamentals/periods.hpp"
#include "finance/fundamentals/repository.hpp"

namespace finchat::fundamentals {

std::vector<AnalysisFact> company_insights(const ResolvedPeriod& period,
                                           const AnalysisOptions& options = {});
nlohmann::json to_json(const AnalysisFact& f);
// {"income": {line: {value, unit, source}}, "balance": ..., "cash_flow": ..., "other": ...}
nlohmann::json statement_lines_json(const ResolvedPeriod& period);
// Fiscal labels of the quarters and years available, ascending.
nlohmann::json available_periods_json(const Statements& s);

// Ratios compared across peers.
const std::vector<std::string>& peer_metrics();
struct PeerComparison {
  std::string basis;  // "TTM 2026Q3" style label of the company's own period
  std::map<std::string, std::map<std::string, double>> metrics;  // ticker -> metric -> value
  std::map<std::string, double> percentiles;  // metric -> percentile of the company
};
// Compares `ticker` with `peers` (those without data are skipped) on TTM, else latest year.
PeerComparison compare_peers(const CompanyRepository& repo, const std::string& ticker,
                             const std::vector<std::string>& peers);

}  // namespace finchat::fundamentals
