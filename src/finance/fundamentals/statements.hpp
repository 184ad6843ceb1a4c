#pragma once
// Normalised statement lines by period, plus a simple CSV format for non-SEC data.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/fundamentals/facts.hpp"

namespace finchat::fundamentals {

struct Period {
  std::string end;  // ISO date
  PeriodType type = PeriodType::annual;
  std::string label() const { return end + "/" + to_string(type); }
};

struct LineValue {
  std::string line;
  Period period;  // balance-sheet lines use PeriodType::instant
  double value = 0;
  std::string unit;
  std::string source;
};

// Lines that are point-in-time balances rather than flows.
bool is_balance_line(const std::string& line);
// Which statement a line belongs to: "income", "balance", "cash_flow", "other".
const char* statement_of(const std::string& line);

class Statements {
 public:
  std::string company;
  bool fictional = false;
  std::vector<LineValue> values;

  void set(const std::string& line, const Period& period, double value, std::string unit,
           std::string source);
  // Flow lines: value for the period; balance lines: instant at period.end.
  std::optional<double> get(const std::string& line, const Period& period) const;
  const LineValue* find(const std::string& line, const Period& period) const;
  // Sum of the four quarters ending at `end` (contiguous), for flow lines.
  std::optional<double> ttm(const std::string& line, const std::string& end) const;
  // Distinct periods of a type, ascending by end date.
  std::vector<Period> periods(PeriodType type) const;
  // The same-type period ending about `days` earlier (+-20 days).
  std::optional<Period> prior(const Period& period, long days) const;
};

Statements statements_from_facts(const CompanyFacts& facts);

// CSV: company,period_end,period_type,line,value,unit (header required).
Result<Statements> parse_statement_csv(const std::string& text, const std::string& name = "csv");

}  // namespace finchat::fundamentals
