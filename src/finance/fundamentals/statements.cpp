#include "finance/fundamentals/statements.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>

namespace finchat::fundamentals {

bool is_balance_line(const std::string& line) {
  static const std::set<std::string> kBalance = {
      "total_assets",      "current_assets",      "cash",           "receivables",     "inventory",
      "total_liabilities", "current_liabilities", "long_term_debt", "short_term_debt", "equity",
      "retained_earnings", "shares_outstanding"};
  return kBalance.count(line) > 0;
}

const char* statement_of(const std::string& line) {
  if (is_balance_line(line)) return "balance";
  if (line == "operating_cash_flow" || line == "capex" || line == "dividends_paid") {
    return "cash_flow";
  }
  if (line == "diluted_shares") return "other";
  return "income";
}

void Statements::set(const std::string& line, const Period& period, double value, std::string unit,
                     std::string source) {
  Period p = period;
  if (is_balance_line(line)) p.type = PeriodType::instant;
  for (auto& v : values) {
    if (v.line == line && v.period.end == p.end && v.period.type == p.type) {
      v.value = value;
      v.unit = std::move(unit);
      v.source = std::move(source);
      return;
    }
  }
  values.push_back({line, p, value, std::move(unit), std::move(source)});
}

const LineValue* Statements::find(const std::string& line, const Period& period) const {
  const PeriodType type = is_balance_line(line) ? PeriodType::instant : period.type;
  for (const auto& v : values) {
    if (v.line == line && v.period.end == period.end && v.period.type == type) return &v;
  }
  return nullptr;
}

std::optional<double> Statements::get(const std::string& line, const Period& period) const {
  if (const auto* v = find(line, period)) return v->value;
  return std::nullopt;
}

std::optional<double> Statements::ttm(const std::string& line, const std::string& end) const {
  Period p{end, PeriodType::quarter};
  double sum = 0;
  for (int i = 0; i < 4; ++i) {
    const auto v = get(line, p);
    if (!v) return std::nullopt;
    sum += *v;
    if (i < 3) {
      auto prev = prior(p, 91);
      if (!prev) return std::nullopt;
      p = *prev;
    }
  }
  return sum;
}

std::vector<Period> Statements::periods(PeriodType type) const {
  std::set<std::string> ends;
  for (const auto& v : values) {
    if (v.period.type == type) ends.insert(v.period.end);
  }
  std::vector<Period> out;
  out.reserve(ends.size());
  for (const auto& e : ends) out.push_back({e, type});
  return out;
}

std::optional<Period> Statements::prior(const Period& period, long days) const {
  const auto end = parse_date(period.end);
  if (!end) return std::nullopt;
  std::optional<Period> best;
  long best_gap = 21;
  for (const auto& p : periods(period.type)) {
    const auto e = parse_date(p.end);
    const long gap = std::labs(*end - *e - days);
    if (gap < best_gap) {
      best_gap = gap;
      best = p;
    }
  }
  return best;
}

Statements statements_from_facts(const CompanyFacts& facts) {
  Statements s;
  s.company = facts.entity;
  // Prefer the first mapped concept_name seen for a line/period; facts are already deduplicated.
  for (const auto& f : facts.facts) {
    if (f.period == PeriodType::other) continue;
    Period p{f.end, f.period};
    if (s.find(f.line, p) && !is_balance_line(f.line)) continue;
    if (is_balance_line(f.line) && s.find(f.line, p)) continue;
    s.set(f.line, p, f.value, f.unit, f.concept_name + (f.restated ? " [restated]" : ""));
  }
  // Gross profit is often not tagged: derive it.
  std::vector<LineValue> extra;
  for (const auto& v : s.values) {
    if (v.line != "revenue" || s.find("gross_profit", v.period)) continue;
    if (const auto cost = s.get("cost_of_revenue", v.period)) {
      extra.push_back({"gross_profit", v.period, v.value - *cost, v.unit,
                       "derived: revenue - cost_of_revenue"});
    }
  }
  for (auto& e : extra) s.values.push_back(std::move(e));
  return s;
}

namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(line);
  while (std::getline(in, cur, ',')) out.push_back(cur);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

std::optional<PeriodType> parse_period_type(const std::string& s) {
  if (s == "annual" || s == "FY") return PeriodType::annual;
  if (s == "quarter" || s == "Q") return PeriodType::quarter;
  if (s == "instant") return PeriodType::instant;
  return std::nullopt;
}

}  // namespace

Result<Statements> parse_statement_csv(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string row;
  int line_no = 0;
  Statements s;
  while (std::getline(in, row)) {
    ++line_no;
    if (!row.empty() && row.back() == '\r') row.pop_back();
    if (row.empty()) continue;
    auto cols = split_csv_line(row);
    const auto where = name + ":" + std::to_string(line_no) + ": ";
    if (line_no == 1) {
      if (row != "company,period_end,period_type,line,value,unit") {
        return Error::invalid(where +
                              "expected header company,period_end,period_type,line,value,unit");
      }
      continue;
    }
    if (cols.size() != 6) return Error::invalid(where + "expected 6 columns", "row");
    if (!parse_date(cols[1]))
      return Error::invalid(where + "bad date '" + cols[1] + "'", "period_end");
    const auto type = parse_period_type(cols[2]);
    if (!type) return Error::invalid(where + "bad period_type '" + cols[2] + "'", "period_type");
    if (cols[3].empty()) return Error::invalid(where + "empty line name", "line");
    char* endp = nullptr;
    const double value = std::strtod(cols[4].c_str(), &endp);
    if (cols[4].empty() || *endp != '\0') {
      return Error::invalid(where + "bad value '" + cols[4] + "'", "value");
    }
    if (s.company.empty()) s.company = cols[0];
    s.set(cols[3], {cols[1], *type}, value, cols[5], name + ":" + std::to_string(line_no));
  }
  if (s.values.empty()) return Error::invalid(name + ": no rows");
  return s;
}

}  // namespace finchat::fundamentals
