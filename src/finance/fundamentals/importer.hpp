#pragma once
// Imports statements from SEC companyfacts JSON or the statement CSV, with a per-concept
// report of what was used and skipped. Errors name the file (and the line for CSV).
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/fundamentals/repository.hpp"

namespace finchat::fundamentals {

struct ImportResult {
  CompanyProfile profile;
  Statements statements;
  std::vector<std::string> report;  // one line per concept (JSON) or a summary (CSV)
};

// "lpa_companyfacts.json" -> "LPA".
std::string ticker_from_filename(const std::string& path);
Result<ImportResult> import_companyfacts_text(const std::string& text, const std::string& name,
                                              const std::string& ticker);
Result<ImportResult> import_statement_csv(const std::string& text, const std::string& name,
                                          const std::string& ticker = {});
// One file (.json companyfacts or .csv) or every such file in a directory (sorted).
// `ticker` overrides the name-derived ticker (single files only).
Result<std::vector<ImportResult>> import_path(const std::string& path,
                                              const std::string& ticker = {});

}  // namespace finchat::fundamentals
