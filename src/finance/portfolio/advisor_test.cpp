#include "finance/portfolio/advisor.hpp"

#include <gtest/gtest.h>

#include "finance/portfolio/advisor_testing.hpp"

namespace finchat::portfolio {
namespace {

using testing::synthetic_source;

RiskProfile profile_of(const Answers& a) {
  return score_questionnaire(default_questionnaire(), a).value();
}

Advisor make_advisor() { return Advisor(synthetic_source(), AdvisorConfig{}); }

TEST(Advisor, UniverseAddsDisclosedBondSleeveWithStatedAssumptions) {
  std::vector<std::string> notes;
  auto u = make_advisor().universe({}, &notes);
  ASSERT_TRUE(u.ok()) << u.error().message;
  ASSERT_EQ(u->assets.size(), 7u);
  EXPECT_EQ(u->assets.back().ticker, "BONDS");
  EXPECT_EQ(u->assets.back().asset_class, AssetClass::bond);
  EXPECT_NEAR(u->cov(6, 6), 0.05 * 0.05, 1e-12);
  EXPECT_NEAR(u->expected_returns(6), 0.035, 1e-12);
  EXPECT_NEAR(u->cov(0, 6), 0.0, 1e-12);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[1].find("not a traded instrument"), std::string::npos);
  EXPECT_TRUE(u->simulated);
}

TEST(Advisor, LookbackLimitsTheEstimationWindow) {
  AdvisorConfig c;
  c.lookback_days = 100;
  std::vector<std::string> notes;
  ASSERT_TRUE(Advisor(synthetic_source(), c).universe({}, &notes).ok());
  EXPECT_NE(notes[0].find("from 100 daily closes"), std::string::npos) << notes[0];
}

TEST(Advisor, CautiousProfileStaysWithinItsLimits) {
  const auto profile = profile_of(testing::cautious_answers());
  auto advice = make_advisor().recommend(profile, {20000, {}, {}, {}});
  ASSERT_TRUE(advice.ok()) << advice.error().message;
  const auto& r = advice->recommendation;
  EXPECT_LE(r.performance.volatility, profile.limits.max_volatility + 1e-6);
  EXPECT_LE(r.equity_share, profile.limits.max_equity_share + 1e-6);
  EXPECT_GT(advice->bond_share, 0.5);
  EXPECT_TRUE(r.suitability.suitable);
  bool sleeve_disclosed = false;
  for (const auto& d : r.disclosures) sleeve_disclosed |= d.find("BONDS is a modelled") == 0;
  EXPECT_TRUE(sleeve_disclosed);
  double weight_sum = 0;
  for (const auto& a : advice->assets) weight_sum += a.weight;
  EXPECT_NEAR(weight_sum, 1.0, 1e-3);
}

TEST(Advisor, ConstraintsAreHonoured) {
  const auto profile = profile_of(testing::boldest_answers());
  RecommendationRequest req{50000, 0.2, 0.3, {"AAA"}};
  auto advice = make_advisor().recommend(profile, req);
  ASSERT_TRUE(advice.ok()) << advice.error().message;
  EXPECT_GE(advice->bond_share, 0.3 - 1e-6);
  for (const auto& a : advice->assets) {
    EXPECT_NE(a.ticker, "AAA");
    if (a.ticker != "BONDS") {
      EXPECT_LE(a.weight, 0.2 + 1e-6) << a.ticker;
    }
  }
}

TEST(Advisor, MoreBondsLowersVolatility) {
  const auto profile = profile_of(testing::boldest_answers());
  auto base = make_advisor().recommend(profile, {10000, {}, {}, {}});
  ASSERT_TRUE(base.ok()) << base.error().message;
  EXPECT_LT(base->bond_share, 0.5) << "an aggressive profile uses its volatility budget";
  auto more = make_advisor().recommend(profile, {10000, {}, base->bond_share + 0.2, {}});
  ASSERT_TRUE(more.ok()) << more.error().message;
  EXPECT_LT(more->recommendation.performance.volatility,
            base->recommendation.performance.volatility);
}

TEST(Advisor, AssessFlagsConcentrationAndUnknownTickers) {
  const auto profile = profile_of(testing::cautious_answers());
  auto risk = make_advisor().assess(profile, {{"AAA", 100}, {"ZZZ", 5}});
  ASSERT_TRUE(risk.ok()) << risk.error().message;
  EXPECT_EQ(risk->unknown_tickers, std::vector<std::string>{"ZZZ"});
  EXPECT_FALSE(risk->suitability.suitable);
  bool single = false;
  for (const auto& i : risk->suitability.issues) single |= i.code == "single_asset_concentration";
  EXPECT_TRUE(single);
  auto none = make_advisor().assess(profile, {{"ZZZ", 5}});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().field, "holdings");
}

TEST(Advisor, BacktestRejectsSleeveAndRunsNamedPolicies) {
  auto sleeve =
      make_advisor().backtest({"fixed", {{"BONDS", 0.5}}}, RebalanceFrequency::monthly, 0);
  ASSERT_FALSE(sleeve.ok());
  EXPECT_EQ(sleeve.error().field, "policy.weights.BONDS");
  auto hrp = make_advisor().backtest({"hrp", {}}, RebalanceFrequency::quarterly, 5);
  ASSERT_TRUE(hrp.ok()) << hrp.error().message;
  EXPECT_GE(hrp->result.max_drawdown, 0);
  EXPECT_GT(hrp->result.rebalances, 0);
  EXPECT_EQ(hrp->result.drawdown.size(), hrp->result.equity.size());
}

TEST(Advisor, SourceFailureIsReported) {
  Advisor broken([]() -> Result<MarketData> { return Error::unavailable("feed down"); }, {});
  auto u = broken.universe();
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().message, "feed down");
}

}  // namespace
}  // namespace finchat::portfolio
