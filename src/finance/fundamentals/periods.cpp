#include "finance/fundamentals/periods.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "core/text.hpp"

namespace finchat::fundamentals {

namespace {

int month_of(const std::string& iso) { return std::stoi(iso.substr(5, 2)); }
int year_of(const std::string& iso) { return std::stoi(iso.substr(0, 4)); }

int fiscal_year_of(int fye_month, const std::string& end) {
  return month_of(end) <= fye_month ? year_of(end) : year_of(end) + 1;
}
int fiscal_quarter_of(int fye_month, const std::string& end) {
  return ((month_of(end) - fye_month - 1 + 24) % 12) / 3 + 1;
}

using core::lower;

// Lines that are not summed when rolling quarters up.
bool averaged_line(const std::string& line) { return line == "diluted_shares"; }

ResolvedPeriod plain(const std::shared_ptr<const Statements>& s, const Period& p) {
  const std::string basis = p.type == PeriodType::quarter ? "quarter" : "annual";
  return {fiscal_label(*s, p), basis, p.end, p, s};
}

Result<ResolvedPeriod> rolled(const std::shared_ptr<const Statements>& s, bool ytd) {
  const auto quarters = s->periods(PeriodType::quarter);
  if (quarters.empty()) return Error::not_found("no quarterly statements to roll up");
  auto view = std::make_shared<Statements>(rolling_view(*s, ytd));
  const Period p{quarters.back().end, PeriodType::annual};
  if (!view->get("revenue", p) && !view->get("net_income", p)) {
    return Error::not_found(std::string("not enough quarters for ") + (ytd ? "YTD" : "TTM"));
  }
  return ResolvedPeriod{std::string(ytd ? "YTD " : "TTM ") + fiscal_label(*s, quarters.back()),
                        ytd ? "ytd" : "ttm", p.end, p, view};
}

Result<ResolvedPeriod> find_labelled(const std::shared_ptr<const Statements>& s, PeriodType type,
                                     const std::string& label) {
  for (const auto& p : s->periods(type)) {
    if (fiscal_label(*s, p) == label) return plain(s, p);
  }
  return Error::not_found("no statements for period " + label);
}

}  // namespace

int fiscal_year_end_month(const Statements& s) {
  std::map<int, int> counts;
  for (const auto& p : s.periods(PeriodType::annual)) ++counts[month_of(p.end)];
  int best = 12, best_count = 0;
  for (const auto& [month, n] : counts) {
    if (n > best_count) best = month, best_count = n;
  }
  return best;
}

std::string fiscal_label(const Statements& s, const Period& p) {
  if (p.end.size() != 10) return p.end;
  const int fye = fiscal_year_end_month(s);
  const int fy = fiscal_year_of(fye, p.end);
  if (p.type == PeriodType::annual) return "FY" + std::to_string(fy);
  if (p.type == PeriodType::quarter) {
    return std::to_string(fy) + "Q" + std::to_string(fiscal_quarter_of(fye, p.end));
  }
  return p.end;
}

Statements rolling_view(const Statements& s, bool ytd) {
  Statements out;
  out.company = s.company;
  out.fictional = s.fictional;
  const int fye = fiscal_year_end_month(s);
  std::map<std::string, bool> flow_lines;
  for (const auto& v : s.values) {
    if (v.period.type == PeriodType::instant) {
      out.values.push_back(v);
    } else if (v.period.type == PeriodType::quarter) {
      flow_lines[v.line] = true;
    }
  }
  for (const auto& q : s.periods(PeriodType::quarter)) {
    const int count = ytd ? fiscal_quarter_of(fye, q.end) : 4;
    for (const auto& [line, unused] : flow_lines) {
      Period p = q;
      double sum = 0;
      bool complete = true;
      std::string unit;
      for (int i = 0; i < count && complete; ++i) {
        const auto* v = s.find(line, p);
        if (!v) {
          complete = false;
          break;
        }
        sum += v->value;
        unit = v->unit;
        if (i + 1 < count) {
          auto prev = s.prior(p, 91);
          if (!prev)
            complete = false;
          else
            p = *prev;
        }
      }
      if (!complete) continue;
      const double value = averaged_line(line) ? sum / count : sum;
      out.set(line, {q.end, PeriodType::annual}, value, unit,
              std::string(ytd ? "fiscal year to date" : "trailing four quarters") + " of " + line);
    }
  }
  return out;
}

Result<ResolvedPeriod> resolve_period(const std::shared_ptr<const Statements>& s,
                                      const std::string& spec) {
  static const std::regex quarter_a(R"(^(?:fy)?(\d{4})[ -]?q([1-4])$)");
  static const std::regex quarter_b(R"(^q([1-4])[ -]?(?:fy)?(\d{4})$)");
  static const std::regex year(R"(^(?:fy ?)?(\d{4})$)");
  const std::string k = lower(spec);
  std::smatch m;
  const auto quarters = s->periods(PeriodType::quarter);
  const auto years = s->periods(PeriodType::annual);
  if (k.empty() || k == "latest" || k == "last quarter" || k == "lq" || k == "mrq") {
    if (!quarters.empty()) return plain(s, quarters.back());
    if (!years.empty()) return plain(s, years.back());
    return Error::not_found("no statements");
  }
  if (k == "fy" || k == "last year" || k == "lfy" || k == "annual") {
    if (years.empty()) return Error::not_found("no annual statements");
    return plain(s, years.back());
  }
  if (k == "ttm" || k == "ltm") return rolled(s, false);
  if (k == "ytd") return rolled(s, true);
  if (std::regex_match(k, m, quarter_a)) {
    return find_labelled(s, PeriodType::quarter, m[1].str() + "Q" + m[2].str());
  }
  if (std::regex_match(k, m, quarter_b)) {
    return find_labelled(s, PeriodType::quarter, m[2].str() + "Q" + m[1].str());
  }
  if (std::regex_match(k, m, year)) return find_labelled(s, PeriodType::annual, "FY" + m[1].str());
  return Error::invalid(
      "period '" + spec + "' not understood: use latest, TTM, YTD, last year, FY2024 or 2025Q3",
      "period");
}

}  // namespace finchat::fundamentals
