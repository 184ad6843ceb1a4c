#pragma once
// Fiscal periods as people say them: "2025Q3", "FY2024", "latest", "last quarter",
// "last year", "TTM", "YTD" — resolved against the fiscal calendar of the statements
// (fiscal year end month taken from their annual periods).
#include <memory>
#include <string>

#include "core/result.hpp"
#include "finance/fundamentals/statements.hpp"

namespace finchat::fundamentals {

struct ResolvedPeriod {
  std::string label;                       // "2025Q3", "FY2024", "TTM 2026Q3", "YTD 2026Q3"
  std::string basis;                       // quarter | annual | ttm | ytd
  std::string end;                         // ISO date of the period end
  Period period;                           // the period to analyse within `view`
  std::shared_ptr<const Statements> view;  // the statements, or a rolled TTM/YTD view
};

// Month (1..12) in which the fiscal year ends; 12 when there are no annual periods.
int fiscal_year_end_month(const Statements& s);
// "2025Q3" for a quarter, "FY2025" for a year, the ISO date otherwise.
std::string fiscal_label(const Statements& s, const Period& p);
// Flow lines summed over the trailing four quarters (ytd = false) or the fiscal year to date
// (ytd = true), as annual-typed periods at each quarter end; balance lines copied.
Statements rolling_view(const Statements& s, bool ytd);
// invalid_argument (field "period") for an unrecognised spec; not_found when the statements
// have no such period.
Result<ResolvedPeriod> resolve_period(const std::shared_ptr<const Statements>& s,
                                      const std::string& spec);

}  // namespace finchat::fundamentals
