#include "finance/portfolio/risk_profile.hpp"

#include <gtest/gtest.h>

#include "finance/portfolio/portfolio_json.hpp"

namespace finchat::portfolio {
namespace {

Answers boldest() {
  return {{"horizon", "gt10"},       {"loss_reaction", "buy_more"},
          {"max_loss", "gt30"},      {"income_stability", "very_stable"},
          {"goal", "max_growth"},    {"experience", "advanced"},
          {"liquidity", "lt10"},     {"age_band", "lt30"},
          {"emergency_fund", "gt6"}, {"wealth_share", "lt25"}};
}

TEST(Questionnaire, DefaultHasTenValidQuestions) {
  const Questionnaire& q = default_questionnaire();
  EXPECT_EQ(q.questions.size(), 10u);
  EXPECT_TRUE(validate_questionnaire(q).ok());
}

TEST(Questionnaire, BoldestAnswersScoreAggressive) {
  auto p = score_questionnaire(default_questionnaire(), boldest());
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->level, RiskLevel::aggressive);
  EXPECT_EQ(p->score, p->max_score);
  EXPECT_DOUBLE_EQ(p->score_fraction, 1.0);
  EXPECT_DOUBLE_EQ(p->limits.max_volatility, limits_for(RiskLevel::aggressive).max_volatility);
  EXPECT_TRUE(p->caps.empty());
  ASSERT_EQ(p->drivers.size(), 10u);
  EXPECT_GE(p->drivers.front().points, p->drivers.back().points);
}

TEST(Questionnaire, ShortHorizonCapsTheProfileAndIsRecorded) {
  Answers a = boldest();
  a["horizon"] = "lt1";
  auto p = score_questionnaire(default_questionnaire(), a);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->level_from_score, RiskLevel::aggressive);  // 59 / 67 points
  EXPECT_EQ(p->level, RiskLevel::conservative);
  ASSERT_EQ(p->caps.size(), 1u);
  EXPECT_EQ(p->caps[0].question_id, "horizon");
}

TEST(Questionnaire, MiddleAnswersScoreModerate) {
  Answers a = {{"horizon", "5to10"},       {"loss_reaction", "hold"},
               {"max_loss", "20"},         {"income_stability", "stable"},
               {"goal", "balanced"},       {"experience", "funds"},
               {"liquidity", "10to25"},    {"age_band", "45to59"},
               {"emergency_fund", "3to6"}, {"wealth_share", "25to50"}};
  auto p = score_questionnaire(default_questionnaire(), a);
  ASSERT_TRUE(p.ok());
  // 6 + 5 + 4 + 4 + 4 + 2 + 4 + 3 + 4 + 4 = 40 of 67 = 0.597 -> moderate (growth from 0.6).
  EXPECT_EQ(p->score, 40);
  EXPECT_EQ(p->max_score, 67);
  EXPECT_EQ(p->level, RiskLevel::moderate);
  a["goal"] = "growth";
  a["experience"] = "stocks";
  p = score_questionnaire(default_questionnaire(), a);
  EXPECT_EQ(p->score, 44);  // 0.657 -> growth
  EXPECT_EQ(p->level, RiskLevel::growth);
}

TEST(Questionnaire, ValidationErrorsNameTheQuestion) {
  Answers a = boldest();
  a.erase("liquidity");
  auto missing = score_questionnaire(default_questionnaire(), a);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "liquidity");
  a = boldest();
  a["goal"] = "get_rich";
  auto unknown_option = score_questionnaire(default_questionnaire(), a);
  ASSERT_FALSE(unknown_option.ok());
  EXPECT_EQ(unknown_option.error().field, "goal");
  a = boldest();
  a["favourite_colour"] = "blue";
  auto unknown_question = score_questionnaire(default_questionnaire(), a);
  ASSERT_FALSE(unknown_question.ok());
  EXPECT_EQ(unknown_question.error().field, "favourite_colour");
}

TEST(Questionnaire, ProfileLimitsIncreaseWithRisk) {
  for (int i = 1; i <= static_cast<int>(RiskLevel::aggressive); ++i) {
    const auto lower = limits_for(static_cast<RiskLevel>(i - 1));
    const auto higher = limits_for(static_cast<RiskLevel>(i));
    EXPECT_LT(lower.max_volatility, higher.max_volatility);
    EXPECT_LT(lower.max_equity_share, higher.max_equity_share);
  }
}

TEST(QuestionnaireJson, RoundTripsAndRejectsDuplicates) {
  nlohmann::json j = to_json(default_questionnaire());
  auto back = questionnaire_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->questions.size(), 10u);
  EXPECT_EQ(back->questions[0].options[0].caps_profile_at,
            default_questionnaire().questions[0].options[0].caps_profile_at);
  auto p1 = score_questionnaire(*back, boldest());
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->score, 67);
  j["questions"][1]["id"] = "horizon";
  auto dup = questionnaire_from_json(j);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().field, "horizon");
}

TEST(QuestionnaireJson, AnswersAndProfile) {
  nlohmann::json answers = boldest();
  auto parsed = answers_from_json(answers);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->at("goal"), "max_growth");
  answers["goal"] = 3;
  auto bad = answers_from_json(answers);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "goal");
  auto p = score_questionnaire(default_questionnaire(), boldest());
  nlohmann::json pj = to_json(*p);
  EXPECT_EQ(pj["level"], "aggressive");
  EXPECT_EQ(pj["rationale"]["drivers"].size(), 10u);
}

}  // namespace
}  // namespace finchat::portfolio
