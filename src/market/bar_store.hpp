#pragma once
// Daily bars in the database (table market_daily_bars): imported history that the market
// service serves for a symbol, and that other components (portfolio) can read.
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "market/calendar.hpp"
#include "market/types.hpp"
#include "store/database.hpp"

namespace finchat::market {

struct SymbolHistory {
  std::string symbol;
  std::vector<Bar> bars;  // oldest first
  std::string source = "imported";
};

class DailyBarStore {
 public:
  explicit DailyBarStore(std::shared_ptr<store::Database> db) : db_(std::move(db)) {}

  // Replaces the stored history of every given symbol, all in one transaction.
  Status replace(const std::vector<SymbolHistory>& histories);
  // Bars oldest first; start_ms is recomputed from `calendar` (sessions are what is stored).
  Result<std::vector<Bar>> load(const std::string& symbol, const MarketCalendar& calendar) const;
  Result<std::vector<std::string>> symbols() const;

 private:
  std::shared_ptr<store::Database> db_;
};

struct PriceImport {
  std::string path;
  std::string symbol;  // empty: the file name without extension, upper-cased
};

struct PriceImportSummary {
  std::string symbol;
  std::size_t bars = 0;
  std::string first, last;  // session dates
};

// Parses every file first (errors name file:line) and then stores all of them in one
// transaction, so a bad file leaves the database untouched.
Result<std::vector<PriceImportSummary>> import_price_files(DailyBarStore& store,
                                                           const std::vector<PriceImport>& files,
                                                           const MarketCalendar& calendar);

}  // namespace finchat::market
