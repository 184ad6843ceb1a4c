#include "finance/fundamentals/periods.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "finance/fundamentals/analysis.hpp"
#include "finance/fundamentals/demo.hpp"
#include "finance/fundamentals/importer.hpp"
#include "store/migrations.hpp"

namespace finchat::fundamentals {
namespace {

std::shared_ptr<const Statements> demo() {
  return std::make_shared<const Statements>(generate_demo_company("NOVA", 42));
}

TEST(DemoQuarters, QuartersSumToFiscalYearsAndBalanceSheetsBalance) {
  const auto s = demo();
  const auto quarters = s->periods(PeriodType::quarter);
  EXPECT_EQ(quarters.size(), 5u * 4 + 3);
  EXPECT_EQ(quarters.back().end, kDemoLastQuarterEnd);
  for (const auto& y : s->periods(PeriodType::annual)) {
    double sum = 0;
    for (const auto& q : quarters) {
      if (q.end.substr(0, 4) == y.end.substr(0, 4)) sum += *s->get("revenue", q);
    }
    EXPECT_DOUBLE_EQ(sum, *s->get("revenue", y));
  }
  for (const auto& q : quarters) {
    EXPECT_NEAR(*s->get("total_assets", q), *s->get("total_liabilities", q) + *s->get("equity", q),
                2e3);
    EXPECT_GT(*s->get("cash", q), 0);
    EXPECT_NEAR(*s->get("gross_profit", q), *s->get("revenue", q) - *s->get("cost_of_revenue", q),
                2e3);
  }
}

TEST(Periods, ResolvesFiscalLabelsAndWords) {
  const auto s = demo();
  EXPECT_EQ(resolve_period(s, "latest")->label, "2026Q3");
  EXPECT_EQ(resolve_period(s, "last quarter")->end, "2026-09-30");
  EXPECT_EQ(resolve_period(s, "last year")->label, "FY2025");
  EXPECT_EQ(resolve_period(s, "fy2024")->end, "2024-12-31");
  EXPECT_EQ(resolve_period(s, "2025Q2")->end, "2025-06-30");
  EXPECT_EQ(resolve_period(s, "Q2 2025")->end, "2025-06-30");
  auto missing = resolve_period(s, "1999Q1");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  auto bad = resolve_period(s, "soon");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "period");
}

TEST(Periods, TtmAndYtdSumTheRightQuarters) {
  const auto s = demo();
  auto ttm = resolve_period(s, "TTM");
  ASSERT_TRUE(ttm) << ttm.error().message;
  EXPECT_EQ(ttm->label, "TTM 2026Q3");
  const double expected_ttm = *s->ttm("revenue", "2026-09-30");
  EXPECT_DOUBLE_EQ(*ttm->view->get("revenue", ttm->period), expected_ttm);
  auto ytd = resolve_period(s, "YTD");
  ASSERT_TRUE(ytd);
  double sum = 0;
  for (const char* end : {"2026-03-31", "2026-06-30", "2026-09-30"}) {
    sum += *s->get("revenue", {end, PeriodType::quarter});
  }
  EXPECT_DOUBLE_EQ(*ytd->view->get("revenue", ytd->period), sum);
  // YTD growth compares with the same nine months a year earlier.
  const auto facts = analyze(*ytd->view, ytd->period);
  const auto* growth = find_fact(facts, "revenue_growth_yoy");
  ASSERT_NE(growth, nullptr);
  double prior = 0;
  for (const char* end : {"2025-03-31", "2025-06-30", "2025-09-30"}) {
    prior += *s->get("revenue", {end, PeriodType::quarter});
  }
  EXPECT_NEAR(growth->value, (sum - prior) / prior * 100, 1e-9);
}

TEST(Periods, NonCalendarFiscalYear) {
  Statements s;
  s.set("revenue", {"2024-06-30", PeriodType::annual}, 100, "USD", "t");
  s.set("revenue", {"2024-09-30", PeriodType::quarter}, 30, "USD", "t");
  EXPECT_EQ(fiscal_year_end_month(s), 6);
  EXPECT_EQ(fiscal_label(s, {"2024-09-30", PeriodType::quarter}), "2025Q1");
  EXPECT_EQ(fiscal_label(s, {"2024-06-30", PeriodType::annual}), "FY2024");
}

TEST(Importer, CsvErrorsNameFileAndLine) {
  auto bad = import_statement_csv(
      "company,period_end,period_type,line,value,unit\nACME,2024-12-31,annual,revenue,12x,USD\n",
      "acme.csv");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("acme.csv:2"), std::string::npos) << bad.error().message;
  auto ok = import_statement_csv(
      "company,period_end,period_type,line,value,unit\nacme,2024-12-31,annual,revenue,12,USD\n",
      "acme.csv");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->profile.ticker, "ACME");
  ASSERT_EQ(ok->report.size(), 1u);
  EXPECT_EQ(ok->report[0], "revenue: used 1 (income)");
}

TEST(Importer, BadJsonNamesTheFile) {
  auto bad = import_companyfacts_text("{not json", "x_companyfacts.json", "X");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("x_companyfacts.json"), std::string::npos);
  EXPECT_EQ(ticker_from_filename("/a/lpa_companyfacts.json"), "LPA");
  EXPECT_FALSE(import_path("/nonexistent/dir"));
}

TEST(Importer, RealCompanyfactsWhenShared) {
  const std::string path = std::string(FINCHAT_SHARED_DIR) + "/data/edgar/lpa_companyfacts.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data absent";
  auto r = import_path(path);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].profile.ticker, "LPA");
  EXPECT_FALSE((*r)[0].statements.values.empty());
  EXPECT_FALSE((*r)[0].report.empty());
}

TEST(Repository, PersistsAndReloads) {
  auto db = store::open_database("sqlite::memory:", 1).value();
  ASSERT_TRUE(store::migrate(*db).ok());
  CompanyRepository repo(db);
  Statements s;
  s.set("revenue", {"2024-12-31", PeriodType::annual}, 12.5, "USD", "csv:2");
  ASSERT_TRUE(repo.save({"acme", "Acme", "", false, "csv"}, s).ok());
  CompanyRepository again(db);
  ASSERT_EQ(*again.load_saved(), 1u);
  auto c = again.get("ACME");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c->statements->get("revenue", {"2024-12-31", PeriodType::annual}), 12.5);
  EXPECT_FALSE(again.get("NOPE"));
}

}  // namespace
}  // namespace finchat::fundamentals
