#pragma once
// Historical daily price files. Long form: Date,Open,High,Low,Close,Volume[,Adj Close] (case-
// insensitive; a "SYMBOL." prefix such as "AAPL.Open" is ignored, "Adjusted"/"Adj Close" name
// the adjusted close). When adjusting, O/H/L/C are scaled by AdjClose/Close and volume divided by
// it, so splits and dividends do not show up as price jumps. Alternatively optional Split
// ("2", "2:1", "1:10"; empty = none) and Dividend (cash per share on the ex-date) columns are
// applied to the bars before each ex-date (not together with Adj Close). Errors name file:line.
// Wide form: one close column per symbol plus a Date column (e.g. stockdata.csv).
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "market/calendar.hpp"
#include "market/types.hpp"

namespace finchat::market {

struct CsvImportOptions {
  bool adjust = true;  // apply the Adj Close ratio when the column is present
};

// Bars oldest first with start_ms = the calendar's local midnight of the date.
Result<std::vector<Bar>> load_ohlcv_csv(const std::string& path, const MarketCalendar& calendar,
                                        CsvImportOptions options = {});
Result<std::vector<Bar>> parse_ohlcv_csv(const std::string& text, const MarketCalendar& calendar,
                                         CsvImportOptions options = {},
                                         const std::string& name = "<input>");

struct CloseMatrix {
  std::vector<int64_t> days;                          // session dates, oldest first
  std::map<std::string, std::vector<double>> closes;  // per symbol, aligned to days
  // Bars with open = high = low = close and zero volume, for replay.
  std::vector<Bar> bars(const std::string& symbol, const MarketCalendar& calendar) const;
};

Result<CloseMatrix> load_close_matrix(const std::string& path);
Result<CloseMatrix> parse_close_matrix(const std::string& text,
                                       const std::string& name = "<input>");

}  // namespace finchat::market
