#include "finance/fundamentals/facts.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "finance/fundamentals/statements.hpp"

namespace finchat::fundamentals {
namespace {

std::string edgar(const char* file) {
  return std::string(FINCHAT_SHARED_DIR) + "/data/edgar/" + file;
}

const Fact* find(const CompanyFacts& cf, const std::string& line, const std::string& start,
                 const std::string& end) {
  for (const auto& f : cf.facts) {
    if (f.line == line && f.start == start && f.end == end) return &f;
  }
  return nullptr;
}

TEST(Dates, RoundTripAndDurations) {
  EXPECT_EQ(*parse_date("1970-01-02"), 1);
  EXPECT_EQ(format_date(*parse_date("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(parse_date("2024-13-01"));
  EXPECT_EQ(classify_duration(*parse_date("2022-04-30") - *parse_date("2022-02-01") + 1),
            PeriodType::quarter);
  EXPECT_EQ(classify_duration(365), PeriodType::annual);
}

TEST(CompanyFacts, SnowflakeQuarterFromPeriodNotFp) {
  if (!std::filesystem::exists(edgar("snow_companyfacts.json"))) GTEST_SKIP();
  auto cf = load_companyfacts(edgar("snow_companyfacts.json"));
  ASSERT_TRUE(cf.ok()) << cf.error().message;
  // First filed with fp=FY, but the period is a quarter.
  const auto* q1 = find(*cf, "revenue", "2022-02-01", "2022-04-30");
  ASSERT_NE(q1, nullptr);
  EXPECT_EQ(q1->period, PeriodType::quarter);
  EXPECT_DOUBLE_EQ(q1->value, 422371000);
  EXPECT_EQ(q1->filed, "2023-06-02");  // latest filing kept
  // Q4 = FY - 9M YTD.
  const auto* q4 = find(*cf, "revenue", "2022-11-01", "2023-01-31");
  ASSERT_NE(q4, nullptr);
  EXPECT_DOUBLE_EQ(q4->value, 2065659000.0 - 1476647000.0);
  EXPECT_TRUE(q4->derived);
  const auto* fy = find(*cf, "revenue", "2022-02-01", "2023-01-31");
  ASSERT_NE(fy, nullptr);
  EXPECT_EQ(fy->period, PeriodType::annual);
  EXPECT_EQ(fy->filed, "2025-03-21");
  EXPECT_FALSE(fy->restated);
}

TEST(CompanyFacts, SnowflakeRestatementFlagged) {
  if (!std::filesystem::exists(edgar("snow_companyfacts.json"))) GTEST_SKIP();
  auto cf = load_companyfacts(edgar("snow_companyfacts.json"));
  ASSERT_TRUE(cf.ok());
  const auto* sh = find(*cf, "diluted_shares", "2020-02-01", "2021-01-31");
  ASSERT_NE(sh, nullptr);
  EXPECT_TRUE(sh->restated);
  EXPECT_NE(sh->value, sh->first_reported);
  bool unmapped_reported = false;
  for (const auto& r : cf->report) {
    if (r.concept_name == "us-gaap:AccountsPayableCurrent") {
      unmapped_reported = r.skipped.count("concept_name not mapped") > 0;
    }
  }
  EXPECT_TRUE(unmapped_reported);
  auto st = statements_from_facts(*cf);
  EXPECT_TRUE(st.ttm("revenue", "2023-01-31"));
  EXPECT_NEAR(*st.ttm("revenue", "2023-01-31"), 2065659000.0, 1);
}

TEST(CompanyFacts, IfrsConceptsMapped) {
  if (!std::filesystem::exists(edgar("lpa_companyfacts.json"))) GTEST_SKIP();
  auto cf = load_companyfacts(edgar("lpa_companyfacts.json"));
  ASSERT_TRUE(cf.ok()) << cf.error().message;
  int ifrs_used = 0;
  for (const auto& f : cf->facts) ifrs_used += f.concept_name.rfind("ifrs-full:", 0) == 0;
  EXPECT_GT(ifrs_used, 5);
  EXPECT_EQ(cf->entity, "Logistic Properties of the Americas");
}

TEST(CompanyFacts, BadInputsGiveClearErrors) {
  auto missing = parse_companyfacts(nlohmann::json{{"entityName", "X"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "facts");
  auto no_units =
      parse_companyfacts(nlohmann::json::parse(R"({"facts":{"us-gaap":{"Assets":{}}}})"));
  ASSERT_FALSE(no_units.ok());
  EXPECT_EQ(no_units.error().field, "us-gaap:Assets");
  auto path = std::filesystem::temp_directory_path() / "fund_bad.json";
  { std::ofstream(path) << "{not json"; }
  auto bad = load_companyfacts(path.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not valid JSON"), std::string::npos);
  auto rows = parse_companyfacts(nlohmann::json::parse(
      R"({"facts":{"us-gaap":{"Assets":{"units":{"USD":[{"end":"2024-01-31"},{"end":"x","val":1}]}}}}})"));
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->report[0].skipped.at("missing end/val"), 1);
  EXPECT_EQ(rows->report[0].skipped.at("bad end date"), 1);
}

TEST(StatementCsv, ParsesAndReportsLineNumbers) {
  auto ok = parse_statement_csv(
      "company,period_end,period_type,line,value,unit\nACME,2024-12-31,annual,revenue,100,USD\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok->get("revenue", {"2024-12-31", PeriodType::annual}), 100);
  auto bad = parse_statement_csv(
      "company,period_end,period_type,line,value,unit\nACME,2024-12-31,annual,revenue,abc,USD\n",
      "f.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("f.csv:2"), std::string::npos);
  EXPECT_EQ(bad.error().field, "value");
}

}  // namespace
}  // namespace finchat::fundamentals
