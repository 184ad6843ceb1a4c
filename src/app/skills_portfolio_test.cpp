#include "app/skills_portfolio.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "finance/portfolio/advisor_testing.hpp"
#include "store/migrations.hpp"

namespace finchat::app {
namespace {

using nlohmann::json;
namespace pf = finchat::portfolio;

const chat::Fact* find_fact(const chat::SkillResult& r, const std::string& name) {
  for (const auto& f : r.facts) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

struct PortfolioChat : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    auto cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    store = std::make_shared<pf::PortfolioStore>(db, cipher);
    auto advisor =
        std::make_shared<const pf::Advisor>(pf::testing::synthetic_source(), pf::AdvisorConfig{});
    std::map<std::string, std::shared_ptr<chat::Skill>> skills = {
        {"portfolio", std::make_shared<PortfolioSkill>(advisor, store)},
        {"faq", std::make_shared<PortfolioSkill>(advisor, store)}};  // stands in for a fallback
    engine = std::make_unique<chat::Engine>(skills, nullptr);
    for (auto& rule : portfolio_route_rules()) engine->add_rule(rule);
  }
  chat::SkillResult say(const std::string& text) {
    chat::Turn turn{"alice", "customer", "c1", text, state, "", json::object()};
    auto r = engine->respond(turn, nullptr);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    last_intent = turn.intent;
    state = turn.state;
    return r.ok() ? r.value() : chat::SkillResult{};
  }
  bool claimed() const { return state.value("active_skill", json()).is_string(); }

  std::shared_ptr<store::Database> db;
  std::shared_ptr<pf::PortfolioStore> store;
  std::unique_ptr<chat::Engine> engine;
  json state = json::object();
  std::string last_intent;
};

TEST_F(PortfolioChat, QuestionnaireInChatThenRecommendationThenWhatIf) {
  auto first = say("How should I invest $20k?");
  EXPECT_EQ(last_intent, "portfolio");
  EXPECT_TRUE(claimed());
  EXPECT_NE(first.text.find("Question 1 of 10"), std::string::npos) << first.text;
  // Answers as numbers, letters and words; one invalid answer is asked again.
  const std::vector<std::string> answers = {
      "5", "d", "More than 30%", "4", "e", "2", "less than a tenth", "a", "gt6"};
  say(answers[0]);
  auto again = say("purple");
  EXPECT_NE(again.text.find("didn't catch"), std::string::npos);
  EXPECT_NE(again.text.find("Question 2 of 10"), std::string::npos);
  for (size_t i = 1; i < answers.size(); ++i) {
    auto r = say(answers[i]);
    EXPECT_TRUE(claimed()) << "after answer " << i;
    EXPECT_NE(r.text.find(fmt::format("Question {} of 10", i + 2)), std::string::npos) << r.text;
  }
  auto rec = say("Less than 25%");
  EXPECT_FALSE(claimed());
  EXPECT_NE(rec.text.find("risk profile is"), std::string::npos) << rec.text;
  ASSERT_NE(find_fact(rec, "expected_return"), nullptr);
  ASSERT_NE(find_fact(rec, "return_p05_1y"), nullptr);
  EXPECT_EQ(find_fact(rec, "cash")->value, 20000.0);
  EXPECT_NE(rec.disclaimer.find("suitability"), std::string::npos);
  EXPECT_EQ(rec.disclaimer.find(chat::kInvestmentDisclaimer), std::string::npos);
  EXPECT_NE(rec.disclaimer.find("BONDS is a modelled"), std::string::npos);
  auto profile = store->profile("alice").value();
  ASSERT_TRUE(profile.has_value());
  EXPECT_EQ(profile->profile.level, pf::RiskLevel::aggressive);
  const double bonds_before = find_fact(rec, "bond_share")->value.get<double>();

  auto what_if = say("What if I add 10% bonds?");
  EXPECT_EQ(last_intent, "portfolio");
  EXPECT_NE(what_if.text.find("Compared with the previous recommendation"), std::string::npos);
  ASSERT_NE(find_fact(what_if, "change_volatility"), nullptr);
  EXPECT_EQ(find_fact(what_if, "previous_expected_return")->value,
            find_fact(rec, "expected_return")->value);
  EXPECT_GE(find_fact(what_if, "bond_share")->value.get<double>(), bonds_before + 10 - 0.1);
  auto audits = db->query("SELECT id FROM portfolio_recommendations WHERE user_id = 'alice'");
  EXPECT_EQ(audits.value().size(), 2u);
}

TEST_F(PortfolioChat, AsksForAmountAndCanBeCancelled) {
  auto r = say("Can you help me invest my savings?");
  EXPECT_TRUE(claimed());
  EXPECT_NE(r.text.find("How much"), std::string::npos);
  r = say("$5,000");
  EXPECT_NE(r.text.find("Question 1 of 10"), std::string::npos);
  r = say("cancel");
  EXPECT_FALSE(claimed());
  EXPECT_NE(r.text.find("Stopped"), std::string::npos);
}

TEST_F(PortfolioChat, AssessesStoredHoldingsAgainstProfile) {
  ASSERT_TRUE(store->save_profile("alice", pf::testing::cautious_answers()).ok());
  auto none = say("Is my portfolio too risky?");
  EXPECT_NE(none.text.find("don't have your holdings"), std::string::npos);
  ASSERT_TRUE(store->create("alice", "Main", {{"AAA", 200}}).ok());
  auto r = say("Is my portfolio too risky?");
  EXPECT_EQ(last_intent, "portfolio");
  EXPECT_NE(r.text.find("riskier than your profile allows"), std::string::npos) << r.text;
  ASSERT_NE(find_fact(r, "portfolio_volatility"), nullptr);
  EXPECT_NE(find_fact(r, "issue.single_asset_concentration.AAA"), nullptr);
  EXPECT_EQ(find_fact(r, "suitable")->value, false);
  EXPECT_NE(r.disclaimer.find("suitability"), std::string::npos);
}

TEST_F(PortfolioChat, RoutesInvestmentQuestionsOnly) {
  for (const char* text : {"I want to invest 5,000", "Is my portfolio too risky?",
                           "what is my risk tolerance", "How should I invest $20k?"}) {
    chat::Turn t{"alice", "customer", "c1", text, json::object(), "", json::object()};
    EXPECT_EQ(engine->route(t), "portfolio") << text;
  }
  chat::Turn no_context{"alice",        "customer", "c1",          "what if I add 10% bonds?",
                        json::object(), "",         json::object()};
  EXPECT_EQ(engine->route(no_context), "faq") << "a what-if needs a previous recommendation";
  chat::Turn other{"alice",        "customer", "c1",          "how do I reset my password",
                   json::object(), "",         json::object()};
  EXPECT_EQ(engine->route(other), "faq");
}

TEST(PortfolioParsing, CashPercentAndOptions) {
  EXPECT_EQ(parse_cash_amount("How should I invest $20k?"), 20000);
  EXPECT_EQ(parse_cash_amount("invest 12,500 dollars"), 12500);
  EXPECT_EQ(parse_cash_amount("I have 2.5 million"), 2.5e6);
  EXPECT_FALSE(parse_cash_amount("in 10 years with 5% risk").has_value());
  EXPECT_EQ(parse_percent("add 10% bonds"), 0.10);
  EXPECT_FALSE(parse_percent("add some bonds").has_value());
  const auto& q = pf::default_questionnaire().questions[0];  // horizon
  EXPECT_EQ(match_option(q, "2"), "1to3");
  EXPECT_EQ(match_option(q, "b)"), "1to3");
  EXPECT_EQ(match_option(q, "in more than 10 years"), "gt10");
  EXPECT_FALSE(match_option(q, "9").has_value());
  EXPECT_FALSE(match_option(q, "years").has_value()) << "ambiguous";
}

TEST(PortfolioParsing, AnswersInCustomersOwnWords) {
  const auto& qs = pf::default_questionnaire().questions;
  auto question = [&](const std::string& id) -> const pf::Question& {
    return *std::find_if(qs.begin(), qs.end(), [&](const auto& q) { return q.id == id; });
  };
  // Positions in words.
  EXPECT_EQ(match_option(question("horizon"), "the second one"), "1to3");
  EXPECT_EQ(match_option(question("horizon"), "option three"), "3to5");
  EXPECT_EQ(match_option(question("horizon"), "the last one"), "gt10");
  // A number with words picks the option whose range holds it.
  EXPECT_EQ(match_option(question("horizon"), "in about 7 years"), "5to10");
  EXPECT_EQ(match_option(question("age_band"), "I'm 35"), "30to44");
  EXPECT_EQ(match_option(question("age_band"), "i am 81 years old"), "75plus");
  EXPECT_EQ(match_option(question("age_band"), "24 years old"), "lt30");
  EXPECT_EQ(match_option(question("emergency_fund"), "2 months of expenses"), "lt3");
  EXPECT_EQ(match_option(question("wealth_share"), "roughly 60 percent"), "50to75");
  // Paraphrases share words with one option only.
  EXPECT_EQ(match_option(question("loss_reaction"), "I'd probably just hold"), "hold");
  EXPECT_EQ(match_option(question("experience"), "mostly ETFs"), "funds");
  EXPECT_EQ(match_option(question("goal"), "growth over the long term"), "growth");
  // Still asks again when unsure.
  EXPECT_FALSE(match_option(question("loss_reaction"), "I would sell").has_value()) << "tie";
  EXPECT_FALSE(match_option(question("horizon"), "banana").has_value());
  EXPECT_FALSE(match_option(question("max_loss"), "15%").has_value()) << "between two options";
}

}  // namespace
}  // namespace finchat::app
