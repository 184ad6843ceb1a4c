#include "support/escalation.hpp"

#include <gtest/gtest.h>

namespace finchat::support {
namespace {

TurnSignals sig(std::string text, int negative = 0, int failed = 0,
                std::optional<double> retrieval = std::nullopt,
                std::optional<int64_t> sla_left = std::nullopt) {
  TurnSignals t;
  t.text = std::move(text);
  t.negative_streak = negative;
  t.failed_streak = failed;
  t.retrieval_confidence = retrieval;
  t.sla_minutes_left = sla_left;
  return t;
}

bool fired(const EscalationDecision& d, const std::string& rule) {
  for (const auto& r : d.reasons) {
    if (r.rule == rule) return true;
  }
  return false;
}

TEST(Escalation, CalmQuestionDoesNotEscalate) {
  EscalationEngine e;
  auto d = e.evaluate(sig("What is my routing number?", 0, 0, 0.9, 120));
  EXPECT_FALSE(d.escalate);
  EXPECT_TRUE(d.reasons.empty());
}

TEST(Escalation, EveryRuleFiresAndSaysWhy) {
  EscalationEngine e;
  EXPECT_TRUE(fired(e.evaluate(sig("Let me talk to a real person")), "human_request"));
  EXPECT_TRUE(fired(e.evaluate(sig("ok", 2)), "negative_sentiment"));
  EXPECT_FALSE(fired(e.evaluate(sig("ok", 1)), "negative_sentiment"));
  EXPECT_TRUE(fired(e.evaluate(sig("ok", 0, 2)), "repeated_failure"));
  EXPECT_TRUE(fired(e.evaluate(sig("ok", 0, 0, 0.1)), "low_retrieval_confidence"));
  EXPECT_FALSE(fired(e.evaluate(sig("ok", 0, 0, 0.8)), "low_retrieval_confidence"));
  auto fraud = e.evaluate(sig("There are charges I didn't make"));
  ASSERT_TRUE(fired(fraud, "regulated_topic"));
  EXPECT_EQ(fraud.reasons[0].detail.rfind("fraud", 0), 0u);
  EXPECT_TRUE(fired(e.evaluate(sig("My husband passed away last month")), "regulated_topic"));
  EXPECT_TRUE(fired(e.evaluate(sig("I want to file a complaint")), "regulated_topic"));
  EXPECT_TRUE(fired(e.evaluate(sig("I have dementia and get confused")), "regulated_topic"));
  auto big = e.evaluate(sig("Please wire $25,000.00 to my brother"));
  ASSERT_TRUE(fired(big, "high_value"));
  EXPECT_NE(big.reasons.back().detail.find("25000"), std::string::npos);
  EXPECT_FALSE(fired(e.evaluate(sig("Send $250 to Ann on account 123456789")), "high_value"));
  EXPECT_TRUE(fired(e.evaluate(sig("ok", 0, 0, std::nullopt, 5)), "sla_risk"));
  EXPECT_FALSE(fired(e.evaluate(sig("ok", 0, 0, std::nullopt, 60)), "sla_risk"));
}

TEST(Escalation, HighValueNeedsAnActionAndWordsStartOnBoundaries) {
  EscalationEngine e;
  EXPECT_FALSE(
      fired(e.evaluate(sig("What is the fee on a $20,000 account balance?")), "high_value"));
  EXPECT_TRUE(fired(e.evaluate(sig("transfer $20,000 to savings")), "high_value"));
  EXPECT_FALSE(fired(e.evaluate(sig("I studied the careers page")), "regulated_topic"));
  EXPECT_FALSE(fired(e.evaluate(sig("that reply was inhuman")), "human_request"));
  auto c = parse_escalation_config("high_value_action_words: []\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(fired(EscalationEngine(*c).evaluate(sig("a $20,000 balance")), "high_value"));
}

TEST(Escalation, AmountParsing) {
  EXPECT_DOUBLE_EQ(*largest_amount("move 12k now"), 12000.0);
  EXPECT_DOUBLE_EQ(*largest_amount("$5 then $1,200.50"), 1200.5);
  EXPECT_DOUBLE_EQ(*largest_amount("3000 dollars"), 3000.0);
  EXPECT_FALSE(largest_amount("account 12345678 on Nov 12").has_value());
}

TEST(EscalationConfigTest, YamlOverridesDefaultsAndRejectsUnknownKeys) {
  auto c = parse_escalation_config(
      "negative_turns: 3\nhigh_value_amount: 500\nregulated_keywords:\n  fraud: [phish]\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->negative_turns, 3);
  EXPECT_EQ(c->failed_turns, 2) << "default kept";
  EscalationEngine e(*c);
  EXPECT_FALSE(fired(e.evaluate(sig("ok", 2)), "negative_sentiment"));
  EXPECT_TRUE(fired(e.evaluate(sig("pay $600")), "high_value"));
  EXPECT_TRUE(fired(e.evaluate(sig("a phish email")), "regulated_topic"));
  EXPECT_FALSE(fired(e.evaluate(sig("it was a scam")), "regulated_topic")) << "list replaced";

  auto unknown = parse_escalation_config("negativ_turns: 3\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "negativ_turns");
  auto wrong = parse_escalation_config("failed_turns: lots\n");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().field, "failed_turns");
  EXPECT_FALSE(parse_escalation_config("[1, 2]").ok());
  EXPECT_FALSE(parse_escalation_config("negative_turns: 0").ok());
  EXPECT_TRUE(parse_escalation_config("").ok());
}

}  // namespace
}  // namespace finchat::support
