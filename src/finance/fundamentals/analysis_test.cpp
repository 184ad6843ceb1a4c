#include "finance/fundamentals/analysis.hpp"

#include <gtest/gtest.h>

#include "finance/fundamentals/demo.hpp"

namespace finchat::fundamentals {
namespace {

const Period k2023{"2023-12-31", PeriodType::annual};
const Period k2022{"2022-12-31", PeriodType::annual};

Statements hand_made() {
  Statements s;
  s.company = "Hand Co";
  auto put = [&](const Period& p, std::initializer_list<std::pair<const char*, double>> lines) {
    for (const auto& [l, v] : lines) s.set(l, p, v, "USD", "hand");
  };
  put(k2023, {{"revenue", 1000},
              {"cost_of_revenue", 600},
              {"operating_income", 200},
              {"net_income", 120},
              {"interest_expense", 20},
              {"pretax_income", 150},
              {"income_tax", 30},
              {"operating_cash_flow", 180},
              {"capex", 50},
              {"depreciation_amortization", 40},
              {"total_assets", 2000},
              {"current_assets", 500},
              {"current_liabilities", 250},
              {"inventory", 100},
              {"long_term_debt", 400},
              {"equity", 1000},
              {"cash", 100},
              {"retained_earnings", 300},
              {"total_liabilities", 1000},
              {"diluted_shares", 100}});
  put(k2022, {{"revenue", 800},
              {"cost_of_revenue", 500},
              {"operating_income", 150},
              {"net_income", 80},
              {"total_assets", 1900},
              {"current_assets", 400},
              {"current_liabilities", 250},
              {"long_term_debt", 450},
              {"equity", 950},
              {"operating_cash_flow", 100},
              {"diluted_shares", 105}});
  return s;
}

double value(const std::vector<AnalysisFact>& facts, const char* name) {
  const auto* f = find_fact(facts, name);
  EXPECT_NE(f, nullptr) << name;
  return f ? f->value : -1e300;
}

TEST(Analysis, RatiosMatchHandComputedValues) {
  const auto facts = analyze(hand_made(), k2023, {.price = 24.0});
  EXPECT_DOUBLE_EQ(value(facts, "gross_margin"), 40);
  EXPECT_DOUBLE_EQ(value(facts, "operating_margin"), 20);
  EXPECT_DOUBLE_EQ(value(facts, "net_margin"), 12);
  EXPECT_DOUBLE_EQ(value(facts, "roe"), 12);
  EXPECT_DOUBLE_EQ(value(facts, "roa"), 6);
  EXPECT_NEAR(value(facts, "roic"), 160.0 / 1300.0 * 100, 1e-9);
  EXPECT_DOUBLE_EQ(value(facts, "current_ratio"), 2);
  EXPECT_DOUBLE_EQ(value(facts, "quick_ratio"), 1.6);
  EXPECT_DOUBLE_EQ(value(facts, "debt_to_equity"), 0.4);
  EXPECT_DOUBLE_EQ(value(facts, "interest_coverage"), 10);
  EXPECT_DOUBLE_EQ(value(facts, "asset_turnover"), 0.5);
  EXPECT_DOUBLE_EQ(value(facts, "cash_conversion"), 1.5);
  EXPECT_DOUBLE_EQ(value(facts, "free_cash_flow"), 130);
  EXPECT_DOUBLE_EQ(value(facts, "eps"), 1.2);
  EXPECT_DOUBLE_EQ(value(facts, "book_value_per_share"), 10);
  EXPECT_NEAR(value(facts, "pe"), 20, 1e-9);
  EXPECT_DOUBLE_EQ(value(facts, "ps"), 2.4);
  EXPECT_DOUBLE_EQ(value(facts, "enterprise_value"), 2700);
  EXPECT_DOUBLE_EQ(value(facts, "ev_ebitda"), 11.25);
  EXPECT_DOUBLE_EQ(value(facts, "revenue_growth_yoy"), 25);
  EXPECT_DOUBLE_EQ(value(facts, "net_income_growth_yoy"), 50);
  // DuPont product equals ROE.
  EXPECT_NEAR(value(facts, "dupont_net_margin") * value(facts, "dupont_asset_turnover") *
                  value(facts, "dupont_equity_multiplier") * 100,
              value(facts, "roe"), 1e-9);
  EXPECT_EQ(find_fact(facts, "roe")->period, "2023-12-31/annual");
  EXPECT_EQ(find_fact(analyze(hand_made(), k2023), "pe"), nullptr);  // no price, no multiple
}

TEST(Analysis, CagrOverAnnualPeriods) {
  auto g = cagr(hand_made(), "revenue");
  ASSERT_TRUE(g);
  EXPECT_NEAR(g->value, 25, 1e-9);
}

TEST(Analysis, PiotroskiKnownExampleScoresNine) {
  const auto f = piotroski(hand_made(), k2023);
  EXPECT_DOUBLE_EQ(value(f, "piotroski_f_score"), 9);
  EXPECT_DOUBLE_EQ(value(f, "fscore_leverage_down"), 1);
  auto worse = hand_made();
  worse.set("diluted_shares", k2023, 120, "shares", "hand");
  worse.set("operating_cash_flow", k2023, 100, "USD", "hand");
  const auto g = piotroski(worse, k2023);
  EXPECT_DOUBLE_EQ(value(g, "fscore_no_dilution"), 0);
  EXPECT_DOUBLE_EQ(value(g, "fscore_accruals"), 0);
  EXPECT_DOUBLE_EQ(value(g, "piotroski_f_score"), 7);
}

TEST(Analysis, AltmanZWithInputs) {
  const auto z = altman(hand_made(), k2023, {.price = 24.0});
  EXPECT_DOUBLE_EQ(value(z, "altman_x1"), 0.125);
  EXPECT_DOUBLE_EQ(value(z, "altman_x4"), 2.4);
  EXPECT_NEAR(value(z, "altman_z_score"), 2.63, 1e-12);
  const auto book = altman(hand_made(), k2023);
  EXPECT_NEAR(value(book, "altman_z_score"),
              0.717 * 0.125 + 0.847 * 0.15 + 3.107 * 0.1 + 0.420 * 1.0 + 0.998 * 0.5, 1e-12);
}

TEST(Analysis, PeerPercentiles) {
  const auto p = peer_percentiles("roe", {{"A", 1}, {"B", 2}, {"C", 3}, {"D", 3}});
  ASSERT_EQ(p.size(), 4u);
  EXPECT_DOUBLE_EQ(p[1].value, 37.5);
  EXPECT_DOUBLE_EQ(p[2].value, 75);
}

TEST(Demo, SeededFictionalAndCoherent) {
  const auto a = generate_demo_company("NOVA", 7), b = generate_demo_company("NOVA", 7);
  EXPECT_TRUE(a.fictional);
  EXPECT_NE(a.company.find("fictional"), std::string::npos);
  ASSERT_EQ(a.values.size(), b.values.size());
  EXPECT_EQ(a.values[0].value, b.values[0].value);
  const auto years = a.periods(PeriodType::annual);
  ASSERT_EQ(years.size(), 5u);
  for (const auto& y : years) {
    EXPECT_NEAR(*a.get("total_assets", y), *a.get("total_liabilities", y) + *a.get("equity", y),
                2e3);
    EXPECT_NEAR(*a.get("gross_profit", y), *a.get("revenue", y) - *a.get("cost_of_revenue", y),
                2e3);
  }
  EXPECT_FALSE(analyze(a, years.back()).empty());
}

}  // namespace
}  // namespace finchat::fundamentals
