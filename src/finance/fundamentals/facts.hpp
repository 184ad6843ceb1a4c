#pragma once
// SEC EDGAR XBRL companyfacts ingestion: periods from start/end, latest filing wins,
// restatements flagged, quarters derived from year-to-date values.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace finchat::fundamentals {

enum class PeriodType { instant, quarter, half, nine_months, annual, other };
const char* to_string(PeriodType type);

struct Fact {
  std::string line;          // canonical statement line, e.g. "revenue"
  std::string concept_name;  // taxonomy:concept_name it came from
  std::string unit;          // USD, shares, USD/shares
  std::string start;         // empty for instants
  std::string end;
  PeriodType period = PeriodType::other;
  double value = 0;
  std::string filed;
  std::string form;
  bool restated = false;      // an earlier filing reported a different value
  double first_reported = 0;  // value in the earliest filing
  std::string first_filed;    // date of the earliest filing
  bool derived = false;       // computed from year-to-date facts
};

struct ConceptReport {
  std::string concept_name;
  std::string line;  // empty when not mapped
  int used = 0;
  int duplicates = 0;
  std::map<std::string, int> skipped;  // reason -> count
};

struct CompanyFacts {
  std::string entity;
  std::string cik;
  std::vector<Fact> facts;
  std::vector<ConceptReport> report;
};

// Days since 1970-01-01 for an ISO date; nullopt when malformed.
std::optional<long> parse_date(const std::string& iso);
std::string format_date(long days);
PeriodType classify_duration(long days);

// Canonical line for a "taxonomy:Concept" name, or empty.
std::string canonical_line(const std::string& taxonomy, const std::string& concept_name);

Result<CompanyFacts> parse_companyfacts(const nlohmann::json& doc);
Result<CompanyFacts> load_companyfacts(const std::string& path);

}  // namespace finchat::fundamentals
