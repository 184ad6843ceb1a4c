#include "finance/portfolio/recommendation.hpp"

#include <gtest/gtest.h>

#include "finance/portfolio/portfolio_json.hpp"

namespace finchat::portfolio {
namespace {

// Four equities in two sectors, a bond fund and a cash fund, all simulated.
Universe sample_universe() {
  Universe u;
  u.assets = {{"EQ1", AssetClass::equity, "tech"},   {"EQ2", AssetClass::equity, "tech"},
              {"EQ3", AssetClass::equity, "health"}, {"EQ4", AssetClass::equity, "energy"},
              {"BND", AssetClass::bond, "", true},   {"CSH", AssetClass::cash, "", true}};
  u.expected_returns.resize(6);
  u.expected_returns << 0.12, 0.10, 0.08, 0.09, 0.04, 0.02;
  Eigen::VectorXd vol(6);
  vol << 0.25, 0.22, 0.18, 0.24, 0.06, 0.005;
  Eigen::MatrixXd corr = Eigen::MatrixXd::Identity(6, 6);
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      if (i != j) corr(i, j) = 0.5;
    }
    corr(i, 4) = corr(4, i) = 0.1;
  }
  u.cov = vol.asDiagonal() * corr * vol.asDiagonal();
  u.latest_prices.resize(6);
  u.latest_prices << 150, 80, 40, 60, 100, 10;
  u.simulated = true;
  return u;
}

RiskProfile profile_of(RiskLevel level) {
  RiskProfile p;
  p.level = level;
  p.limits = limits_for(level);
  p.score = 30;
  p.max_score = 62;
  return p;
}

TEST(Recommendation, RespectsProfileAndConcentration) {
  const Universe u = sample_universe();
  for (RiskLevel level : {RiskLevel::conservative, RiskLevel::moderate, RiskLevel::aggressive}) {
    const RiskProfile profile = profile_of(level);
    auto r = build_recommendation(profile, u, 10000);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NEAR(r->weights.sum(), 1.0, 1e-9);
    EXPECT_GE(r->weights.minCoeff(), 0.0);
    EXPECT_LE(r->performance.volatility, profile.limits.max_volatility + 1e-6) << to_string(level);
    EXPECT_LE(r->equity_share, profile.limits.max_equity_share + 1e-6);
    EXPECT_LE(r->weights.head(4).maxCoeff(), 0.25 + 1e-6);
    EXPECT_LE(r->weights(0) + r->weights(1), 0.40 + 1e-6);  // tech sector
    EXPECT_TRUE(r->suitability.suitable) << to_string(level);
    EXPECT_NEAR(r->return_p95 - r->performance.expected_return,
                1.6448536269514722 * r->performance.volatility, 1e-12);
    // The allocation never spends more than the cash.
    const double spent = r->allocation.shares.cast<double>().dot(u.latest_prices);
    EXPECT_NEAR(spent + r->allocation.leftover, 10000, 1e-6);
    EXPECT_GE(r->allocation.leftover, 0);
  }
}

TEST(Recommendation, TargetVolatilityUsesTheRiskBudget) {
  const Universe u = sample_universe();
  RecommendationOptions opt;
  opt.objective = RecommendationObjective::target_volatility;
  const RiskProfile profile = profile_of(RiskLevel::moderate);
  auto targeted = build_recommendation(profile, u, 10000, opt);
  auto sharpe = build_recommendation(profile, u, 10000);
  ASSERT_TRUE(targeted.ok());
  ASSERT_TRUE(sharpe.ok());
  EXPECT_EQ(targeted->method, "efficient_risk");
  EXPECT_NEAR(targeted->performance.volatility, profile.limits.max_volatility, 1e-8);
  EXPECT_GE(targeted->performance.expected_return, sharpe->performance.expected_return - 1e-12);
  EXPECT_LE(targeted->performance.sharpe, sharpe->performance.sharpe + 1e-9);
}

TEST(Recommendation, ReasonsAreStructuredFactsFromTheResult) {
  auto r = build_recommendation(profile_of(RiskLevel::moderate), sample_universe(), 10000);
  ASSERT_TRUE(r.ok());
  auto fact = [&](const std::string& name) {
    for (const auto& f : r->reasons) {
      if (f.name == name) return f;
    }
    ADD_FAILURE() << "missing fact " << name;
    return Fact{};
  };
  EXPECT_DOUBLE_EQ(fact("volatility").value, r->performance.volatility);
  EXPECT_DOUBLE_EQ(fact("expected_return").value, r->performance.expected_return);
  EXPECT_EQ(fact("volatility").unit, "fraction");
  EXPECT_DOUBLE_EQ(fact("cash_left_over").value, r->allocation.leftover);
  EXPECT_DOUBLE_EQ(fact("profile_max_volatility").value, 0.12);
}

TEST(Recommendation, DisclosuresReflectInputs) {
  Universe u = sample_universe();
  RiskProfile profile = profile_of(RiskLevel::moderate);
  auto r = build_recommendation(profile, u, 10000);
  ASSERT_TRUE(r.ok());
  auto has = [&](const Recommendation& rec, const std::string& needle) {
    for (const auto& d : rec.disclosures) {
      if (d.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(*r, "simulated data"));
  EXPECT_TRUE(has(*r, "Past performance"));
  EXPECT_TRUE(has(*r, "Checked for suitability"));
  u.simulated = false;
  profile.from_questionnaire = false;
  r = build_recommendation(profile, u, 10000);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(has(*r, "simulated data"));
  EXPECT_TRUE(has(*r, "not personal advice"));
}

TEST(Recommendation, ImpossibleProfileFallsBackAndIsFlagged) {
  Universe u = sample_universe();
  // Only equities left: a conservative profile can meet neither volatility nor equity caps.
  u.assets.resize(4);
  u.expected_returns.conservativeResize(4);
  u.cov.conservativeResize(4, 4);
  u.latest_prices.conservativeResize(4);
  RecommendationOptions opt;
  opt.limits.max_sector = 1.0;
  auto r = build_recommendation(profile_of(RiskLevel::conservative), u, 5000, opt);
  ASSERT_FALSE(r.ok());  // equity cap 25% cannot be met with 100% equities
  EXPECT_EQ(r.error().field, "universe");
}

TEST(Recommendation, SuitabilityFlagsEveryBreach) {
  const Universe u = sample_universe();
  Eigen::VectorXd w(6);
  w << 0.5, 0.3, 0.2, 0, 0, 0;
  SuitabilityReport rep = check_suitability(w, u, profile_of(RiskLevel::moderate), {});
  EXPECT_FALSE(rep.suitable);
  std::vector<std::string> codes;
  for (const auto& i : rep.issues) codes.push_back(i.code + ":" + i.subject);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "volatility_above_profile:"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "equity_above_profile:"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "single_asset_concentration:EQ1"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "single_asset_concentration:EQ2"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "sector_concentration:tech"), codes.end());
}

TEST(Recommendation, AddingBondsLowersRiskAndEquity) {
  const Universe u = sample_universe();
  const RiskProfile profile = profile_of(RiskLevel::aggressive);
  auto base = build_recommendation(profile, u, 10000);
  ASSERT_TRUE(base.ok());
  auto blended = blend_with_asset(*base, profile, u, "BND", 0.10);
  ASSERT_TRUE(blended.ok()) << blended.error().message;
  EXPECT_NEAR(blended->weights(4), 0.9 * base->weights(4) + 0.1, 1e-12);
  EXPECT_NEAR(blended->equity_share, 0.9 * base->equity_share, 1e-12);
  EXPECT_LT(blended->performance.volatility, base->performance.volatility);
  EXPECT_NEAR(blended->performance.expected_return,
              0.9 * base->performance.expected_return + 0.1 * 0.04, 1e-12);
  EXPECT_FALSE(blend_with_asset(*base, profile, u, "NOPE", 0.1).ok());
  EXPECT_FALSE(blend_with_asset(*base, profile, u, "BND", 1.5).ok());
}

TEST(RecommendationJson, UniverseRoundTripAndErrors) {
  const Universe u = sample_universe();
  nlohmann::json j = to_json(u);
  auto back = universe_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->assets[4].asset_class, AssetClass::bond);
  EXPECT_EQ(back->assets[2].sector, "health");
  EXPECT_TRUE(back->assets[5].diversified);
  EXPECT_TRUE(back->simulated);
  EXPECT_LT((back->cov - u.cov).cwiseAbs().maxCoeff(), 1e-15);
  nlohmann::json bad = j;
  bad["assets"][1]["asset_class"] = "crypto";
  auto e1 = universe_from_json(bad);
  ASSERT_FALSE(e1.ok());
  EXPECT_EQ(e1.error().field, "assets[1].asset_class");
  bad = j;
  bad["expected_returns"].erase(0);
  auto e2 = universe_from_json(bad);
  ASSERT_FALSE(e2.ok());
  EXPECT_EQ(e2.error().field, "expected_returns");
  bad = j;
  bad["cov"][2][3] = "x";
  EXPECT_FALSE(universe_from_json(bad).ok());
}

TEST(RecommendationJson, OutputCarriesWeightsReasonsAndDisclosures) {
  auto r = build_recommendation(profile_of(RiskLevel::growth), sample_universe(), 10000);
  ASSERT_TRUE(r.ok());
  nlohmann::json j = to_json(*r);
  EXPECT_EQ(j["profile"], "growth");
  EXPECT_EQ(j["weights"].size(), 6u);
  EXPECT_DOUBLE_EQ(j["performance"]["volatility"].get<double>(), r->performance.volatility);
  EXPECT_EQ(j["reasons"].size(), r->reasons.size());
  EXPECT_EQ(j["disclosures"].size(), r->disclosures.size());
  EXPECT_TRUE(j["suitability"]["suitable"].get<bool>());
  EXPECT_TRUE(j["reasons"][0].contains("unit"));
}

}  // namespace
}  // namespace finchat::portfolio
