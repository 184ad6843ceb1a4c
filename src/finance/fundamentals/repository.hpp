#pragma once
// Companies with their statements: fictional demo companies held in memory, imported ones
// persisted in the store (company_profiles, company_statement_values) and reloaded at start.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/fundamentals/statements.hpp"
#include "store/database.hpp"

namespace finchat::fundamentals {

struct CompanyProfile {
  std::string ticker;
  std::string name;
  std::string sector;
  bool fictional = false;
  std::string source;  // "demo generator (fictional)", "SEC companyfacts", "csv"
};

struct CompanyData {
  CompanyProfile profile;
  std::shared_ptr<const Statements> statements;
};

class CompanyRepository {
 public:
  explicit CompanyRepository(std::shared_ptr<store::Database> db = nullptr) : db_(std::move(db)) {}

  // In memory only (demo data regenerated at every start).
  void put(CompanyProfile profile, Statements statements);
  // Persists (replacing the company's earlier lines) and keeps it in memory.
  Status save(CompanyProfile profile, Statements statements);
  // Loads every persisted company, overriding demo data with the same ticker.
  Result<std::size_t> load_saved();
  std::optional<CompanyData> get(const std::string& ticker) const;  // case-insensitive
  std::vector<CompanyData> list() const;                            // by ticker

 private:
  std::shared_ptr<store::Database> db_;
  mutable std::mutex mu_;
  std::map<std::string, CompanyData> companies_;
};

std::string upper_ticker(std::string ticker);
std::optional<PeriodType> period_type_from_string(const std::string& s);

}  // namespace finchat::fundamentals
