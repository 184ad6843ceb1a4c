#pragma once
// Ratio analysis: structured facts only, each naming its inputs.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "finance/fundamentals/statements.hpp"

namespace finchat::fundamentals {

struct AnalysisFact {
  std::string name;
  double value = 0;
  std::string unit;    // ratio, percent, USD, USD/shares, score
  std::string period;  // Period::label()
  std::string source;  // formula and inputs
};

struct AnalysisOptions {
  std::optional<double> price;  // share price for valuation multiples
};

// Everything computable for `period`; missing inputs simply omit a fact.
std::vector<AnalysisFact> analyze(const Statements& s, const Period& period,
                                  const AnalysisOptions& options = {});
// Compound annual growth of a line across annual periods first..last.
std::optional<AnalysisFact> cagr(const Statements& s, const std::string& line);
// Piotroski F-score (0..9) with its nine inputs as facts; needs the prior year.
std::vector<AnalysisFact> piotroski(const Statements& s, const Period& period);
// Altman Z-score with inputs; uses market equity when a price is given, else Z' (book equity).
std::vector<AnalysisFact> altman(const Statements& s, const Period& period,
                                 const AnalysisOptions& options = {});
// Percentile rank (0..100, ties count half) of each company's value among the peers.
std::vector<AnalysisFact> peer_percentiles(const std::string& metric,
                                           const std::map<std::string, double>& values);
const AnalysisFact* find_fact(const std::vector<AnalysisFact>& facts, const std::string& name);

}  // namespace finchat::fundamentals
