#include "finance/fundamentals/facts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <tuple>

namespace finchat::fundamentals {

const char* to_string(PeriodType type) {
  switch (type) {
    case PeriodType::instant: return "instant";
    case PeriodType::quarter: return "quarter";
    case PeriodType::half: return "half";
    case PeriodType::nine_months: return "nine_months";
    case PeriodType::annual: return "annual";
    case PeriodType::other: return "other";
  }
  return "other";
}

std::optional<long> parse_date(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  // Civil-from-days inverse (proleptic Gregorian).
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string format_date(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
  return buf;
}

PeriodType classify_duration(long days) {
  if (days >= 80 && days <= 100) return PeriodType::quarter;
  if (days >= 170 && days <= 190) return PeriodType::half;
  if (days >= 260 && days <= 285) return PeriodType::nine_months;
  if (days >= 350 && days <= 380) return PeriodType::annual;
  return PeriodType::other;
}

std::string canonical_line(const std::string& taxonomy, const std::string& concept_name) {
  static const std::map<std::string, std::string> kMap = {
      {"us-gaap:Revenues", "revenue"},
      {"us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax", "revenue"},
      {"us-gaap:SalesRevenueNet", "revenue"},
      {"ifrs-full:Revenue", "revenue"},
      {"us-gaap:CostOfRevenue", "cost_of_revenue"},
      {"us-gaap:CostOfGoodsAndServicesSold", "cost_of_revenue"},
      {"ifrs-full:CostOfSales", "cost_of_revenue"},
      {"us-gaap:GrossProfit", "gross_profit"},
      {"ifrs-full:GrossProfit", "gross_profit"},
      {"us-gaap:OperatingIncomeLoss", "operating_income"},
      {"ifrs-full:ProfitLossFromOperatingActivities", "operating_income"},
      {"us-gaap:NetIncomeLoss", "net_income"},
      {"ifrs-full:ProfitLossAttributableToOwnersOfParent", "net_income"},
      {"us-gaap:"
       "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInteres"
       "t",
       "pretax_income"},
      {"ifrs-full:ProfitLossBeforeTax", "pretax_income"},
      {"us-gaap:IncomeTaxExpenseBenefit", "income_tax"},
      {"ifrs-full:IncomeTaxExpenseContinuingOperations", "income_tax"},
      {"us-gaap:InterestExpense", "interest_expense"},
      {"ifrs-full:FinanceCosts", "interest_expense"},
      {"us-gaap:DepreciationDepletionAndAmortization", "depreciation_amortization"},
      {"ifrs-full:DepreciationAndAmortisationExpense", "depreciation_amortization"},
      {"us-gaap:EarningsPerShareBasic", "eps_basic"},
      {"us-gaap:EarningsPerShareDiluted", "eps_diluted"},
      {"ifrs-full:BasicEarningsLossPerShare", "eps_basic"},
      {"ifrs-full:DilutedEarningsLossPerShare", "eps_diluted"},
      {"us-gaap:Assets", "total_assets"},
      {"ifrs-full:Assets", "total_assets"},
      {"us-gaap:AssetsCurrent", "current_assets"},
      {"ifrs-full:CurrentAssets", "current_assets"},
      {"us-gaap:CashAndCashEquivalentsAtCarryingValue", "cash"},
      {"ifrs-full:CashAndCashEquivalents", "cash"},
      {"us-gaap:AccountsReceivableNetCurrent", "receivables"},
      {"us-gaap:InventoryNet", "inventory"},
      {"ifrs-full:Inventories", "inventory"},
      {"us-gaap:Liabilities", "total_liabilities"},
      {"ifrs-full:Liabilities", "total_liabilities"},
      {"us-gaap:LiabilitiesCurrent", "current_liabilities"},
      {"ifrs-full:CurrentLiabilities", "current_liabilities"},
      {"us-gaap:LongTermDebtNoncurrent", "long_term_debt"},
      {"us-gaap:LongTermDebt", "long_term_debt"},
      {"ifrs-full:NoncurrentPortionOfNoncurrentLoansReceived", "long_term_debt"},
      {"us-gaap:StockholdersEquity", "equity"},
      {"ifrs-full:EquityAttributableToOwnersOfParent", "equity"},
      {"us-gaap:RetainedEarningsAccumulatedDeficit", "retained_earnings"},
      {"ifrs-full:RetainedEarnings", "retained_earnings"},
      {"us-gaap:NetCashProvidedByUsedInOperatingActivities", "operating_cash_flow"},
      {"ifrs-full:CashFlowsFromUsedInOperatingActivities", "operating_cash_flow"},
      {"us-gaap:PaymentsToAcquirePropertyPlantAndEquipment", "capex"},
      {"ifrs-full:PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities", "capex"},
      {"us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding", "diluted_shares"},
      {"ifrs-full:AdjustedWeightedAverageShares", "diluted_shares"},
      {"dei:EntityCommonStockSharesOutstanding", "shares_outstanding"},
  };
  auto it = kMap.find(taxonomy + ":" + concept_name);
  return it == kMap.end() ? std::string{} : it->second;
}

namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;  // line unit start end

bool same_value(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

// Reads one unit's observations of a concept_name into `best`, keeping the latest filing.
void ingest_unit(const std::string& qualified, const std::string& line, const std::string& unit,
                 const nlohmann::json& rows, ConceptReport& report, std::map<Key, Fact>& best) {
  for (const auto& row : rows) {
    if (!row.is_object() || !row.contains("end") || !row.contains("val") ||
        !row["val"].is_number() || !row["end"].is_string()) {
      ++report.skipped["missing end/val"];
      continue;
    }
    Fact f;
    f.line = line;
    f.concept_name = qualified;
    f.unit = unit;
    f.end = row["end"].get<std::string>();
    f.value = row["val"].get<double>();
    f.filed = row.value("filed", "");
    f.form = row.value("form", "");
    const auto end = parse_date(f.end);
    if (!end) {
      ++report.skipped["bad end date"];
      continue;
    }
    if (row.contains("start") && row["start"].is_string()) {
      f.start = row["start"].get<std::string>();
      const auto start = parse_date(f.start);
      if (!start) {
        ++report.skipped["bad start date"];
        continue;
      }
      f.period = classify_duration(*end - *start + 1);
      if (f.period == PeriodType::other) {
        ++report.skipped["duration not a quarter/half/9M/year"];
        continue;
      }
    } else {
      f.period = PeriodType::instant;
    }
    f.first_reported = f.value;
    f.first_filed = f.filed;
    Key key{line, unit, f.start, f.end};
    auto [it, inserted] = best.try_emplace(key, f);
    if (inserted) continue;
    ++report.duplicates;
    Fact& kept = it->second;
    const bool newer = f.filed > kept.filed;
    const bool restated = kept.restated || !same_value(f.value, kept.value);
    const bool earliest = f.filed < kept.first_filed;
    const double first = earliest ? f.value : kept.first_reported;
    const std::string first_filed = earliest ? f.filed : kept.first_filed;
    if (newer) kept = f;
    kept.first_reported = first;
    kept.first_filed = first_filed;
    kept.restated = restated;
  }
}

// Derives quarters by subtracting nested year-to-date durations with the same start.
void derive_quarters(std::map<Key, Fact>& best) {
  std::vector<Fact> derived;
  for (const auto& [ka, a] : best) {
    if (a.period == PeriodType::instant || a.unit.find('/') != std::string::npos) continue;
    for (const auto& [kb, b] : best) {
      if (b.line != a.line || b.unit != a.unit || b.start != a.start || b.end <= a.end) continue;
      const long qs = *parse_date(a.end) + 1;
      const long qe = *parse_date(b.end);
      if (classify_duration(qe - qs + 1) != PeriodType::quarter) continue;
      Key qk{a.line, a.unit, format_date(qs), b.end};
      if (best.count(qk)) continue;
      Fact q = b;
      q.start = format_date(qs);
      q.period = PeriodType::quarter;
      q.value = b.value - a.value;
      q.first_reported = b.first_reported - a.first_reported;
      q.restated = a.restated || b.restated;
      q.derived = true;
      q.concept_name =
          b.concept_name + " (" + to_string(b.period) + " - " + to_string(a.period) + ")";
      derived.push_back(q);
    }
  }
  for (auto& q : derived) best.try_emplace(Key{q.line, q.unit, q.start, q.end}, std::move(q));
}

}  // namespace

Result<CompanyFacts> parse_companyfacts(const nlohmann::json& doc) {
  if (!doc.is_object()) return Error::invalid("companyfacts: top level is not an object");
  if (!doc.contains("facts") || !doc["facts"].is_object()) {
    return Error::invalid("companyfacts: missing 'facts' object", "facts");
  }
  CompanyFacts out;
  out.entity = doc.value("entityName", "");
  if (doc.contains("cik")) out.cik = doc["cik"].dump();
  std::map<Key, Fact> best;
  for (const auto& [taxonomy, concepts] : doc["facts"].items()) {
    if (!concepts.is_object()) return Error::invalid("companyfacts: facts." + taxonomy);
    for (const auto& [concept_name, body] : concepts.items()) {
      ConceptReport report;
      report.concept_name = taxonomy;
      report.concept_name += ':';
      report.concept_name += concept_name;
      report.line = canonical_line(taxonomy, concept_name);
      if (!body.is_object() || !body.contains("units") || !body["units"].is_object()) {
        return Error::invalid("companyfacts: concept without units", report.concept_name);
      }
      if (report.line.empty()) {
        report.skipped["concept_name not mapped"] = 1;
        out.report.push_back(std::move(report));
        continue;
      }
      for (const auto& [unit, rows] : body["units"].items()) {
        if (!rows.is_array()) return Error::invalid("units not an array", report.concept_name);
        ingest_unit(report.concept_name, report.line, unit, rows, report, best);
      }
      out.report.push_back(std::move(report));
    }
  }
  derive_quarters(best);
  for (auto& [key, fact] : best) {
    for (auto& r : out.report) {
      if (r.concept_name == fact.concept_name) ++r.used;
    }
    out.facts.push_back(std::move(fact));
  }
  return out;
}

Result<CompanyFacts> load_companyfacts(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::not_found("cannot open " + path);
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded()) return Error::invalid(path + ": not valid JSON");
  auto r = parse_companyfacts(doc);
  if (!r.ok()) {
    Error e = r.error();
    e.message = path + ": " + e.message;
    return e;
  }
  return r;
}

}  // namespace finchat::fundamentals
