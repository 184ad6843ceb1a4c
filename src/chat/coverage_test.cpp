#include "chat/coverage.hpp"

#include <gtest/gtest.h>

namespace finchat::chat {
namespace {

std::vector<Fact> quote_facts() {
  return {Fact{"NOVA.last", 187.4312, "USD", "2026-11-25T15:00:00Z", "simulated"},
          Fact{"NOVA.change_pct", -0.01234, "ratio", "", "simulated"}};
}

TEST(CoverageTest, AcceptsRoundedAndPercentForms) {
  auto r = check_coverage("NOVA trades at 187.43 USD, down 1.23% today.", quote_facts());
  EXPECT_TRUE(r.ok) << (r.missing.empty() ? "" : r.missing.front());
}

TEST(CoverageTest, AnswerThatSaysNothingRelevantFails) {
  auto r = check_coverage("Markets can be volatile; please invest carefully.", quote_facts());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.missing.size(), 4u);  // ticker and value of both facts
}

TEST(CoverageTest, MissingOneNumberIsNamed) {
  auto r = check_coverage("NOVA trades at 187.43 USD.", quote_facts());
  ASSERT_FALSE(r.ok);
  ASSERT_EQ(r.missing.size(), 1u);
  EXPECT_EQ(r.missing[0].rfind("NOVA.change_pct", 0), 0u);
}

TEST(CoverageTest, WrongNumberDoesNotCount) {
  EXPECT_FALSE(covers_facts("NOVA trades at 188.43 USD, down 1.23%.", quote_facts()));
}

TEST(CoverageTest, TickerMustAppearAsWholeWord) {
  EXPECT_FALSE(covers_facts("NOVAX trades at 187.43 USD, down 1.23%.", quote_facts()));
  EXPECT_TRUE(covers_facts("nova trades at 187.43 USD, down 1.23%.", quote_facts()));
}

TEST(CoverageTest, ScaledNumbersCount) {
  const std::vector<Fact> facts = {Fact{"revenue", 10'127'345'678.0, "USD", "", "statements"}};
  EXPECT_TRUE(covers_facts("Revenue was $10.13 billion.", facts));
  EXPECT_FALSE(covers_facts("Revenue was $12.5 billion.", facts));
}

TEST(CoverageTest, ShortStringsAndNumbersInsideProse) {
  const std::vector<Fact> facts = {Fact{"ticket_number", "TCK-004512", "", "", "support"},
                                   Fact{"label", "overbought", "", "", "sim"},
                                   Fact{"wire_fee", "$45 per transfer", "USD", "", "kb"}};
  EXPECT_TRUE(covers_facts("Ticket TCK-004512: RSI is Overbought; wires cost $45.", facts));
  EXPECT_FALSE(covers_facts("Ticket TCK-004513: RSI is overbought; wires cost $45.", facts));
  EXPECT_FALSE(covers_facts("Ticket TCK-004512: RSI is neutral; wires cost $45.", facts));
  EXPECT_FALSE(covers_facts("Ticket TCK-004512: RSI is overbought; wires cost $40.", facts));
}

TEST(CoverageTest, ArraysNeedEveryNumberAndProseWithoutDigitsIsFree) {
  const std::vector<Fact> facts = {
      Fact{"closes", nlohmann::json::array({101.5, 99.25}), "", "", ""},
      Fact{"answer", "You can reset it from the settings page.", "", "", "kb"},
      Fact{"open", true, "", "", ""}};
  EXPECT_TRUE(covers_facts("Closes were 101.50 and 99.25.", facts));
  EXPECT_FALSE(covers_facts("The close was 101.50.", facts));
}

TEST(CoverageTest, NoFactsIsCovered) { EXPECT_TRUE(covers_facts("Hello!", {})); }

}  // namespace
}  // namespace finchat::chat
