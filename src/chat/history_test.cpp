#include "chat/history.hpp"

#include <gtest/gtest.h>

namespace finchat::chat {
namespace {

SkillResult answer(const std::string& skill, const std::string& text,
                   std::vector<Fact> facts = {}) {
  SkillResult r;
  r.skill = skill;
  r.text = text;
  r.facts = std::move(facts);
  return r;
}

TEST(HistoryTest, LongConversationsAreSummarisedWithinTheBudget) {
  nlohmann::json state = nlohmann::json::object();
  HistoryOptions options;
  options.budget_tokens = 100;
  record_exchange(state, "How is NOVA doing?", answer("market_quote", "NOVA trades at 101.25."),
                  {{"symbols", {"NOVA"}}}, options);
  for (int i = 0; i < 30; ++i) {
    record_exchange(state, "Tell me about fees number " + std::to_string(i),
                    answer("faq", std::string(120, 'x')), nlohmann::json::object(), options);
  }
  size_t tokens = 0;
  for (const auto& h : state["history"]) {
    tokens += estimate_tokens(h["user"]) + estimate_tokens(h["assistant"]);
  }
  EXPECT_LE(tokens, options.budget_tokens);
  EXPECT_LT(state["history"].size(), 31U);
  ASSERT_FALSE(state["summary"].empty());
  EXPECT_EQ(state["summary"][0], "market_quote: NOVA") << "the first topic is remembered";
  EXPECT_NE(history_context(state).find("market_quote: NOVA"), std::string::npos);
}

TEST(HistoryTest, FactsInUseAreKeptExactlyAndRefreshed) {
  nlohmann::json state = nlohmann::json::object();
  HistoryOptions options;
  options.budget_tokens = 10;  // everything older than one exchange is folded
  record_exchange(state, "NOVA?",
                  answer("market_quote", "101.25",
                         {Fact{"NOVA.last", 101.25, "USD", "2026-11-25T10:00:00Z", "sim"}}),
                  nlohmann::json::object(), options);
  for (int i = 0; i < 5; ++i) {
    record_exchange(state, "hello", answer("smalltalk", "Hello there, how can I help you today?"),
                    nlohmann::json::object(), options);
  }
  ASSERT_EQ(state["facts_in_use"].size(), 1U);
  EXPECT_DOUBLE_EQ(state["facts_in_use"][0]["value"].get<double>(), 101.25);
  record_exchange(state, "NOVA now?",
                  answer("market_quote", "102", {Fact{"NOVA.last", 102.0, "USD", "", "sim"}}),
                  nlohmann::json::object(), options);
  ASSERT_EQ(state["facts_in_use"].size(), 1U) << "a newer value replaces the older one";
  EXPECT_DOUBLE_EQ(state["facts_in_use"][0]["value"].get<double>(), 102.0);
  EXPECT_NE(history_context(state).find("NOVA.last = 102"), std::string::npos);
}

}  // namespace
}  // namespace finchat::chat
