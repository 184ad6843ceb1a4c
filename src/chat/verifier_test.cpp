#include "chat/verifier.hpp"

#include <gtest/gtest.h>

namespace finchat::chat {
namespace {

std::vector<Fact> quote_facts() {
  return {Fact{"price", 187.4312, "USD", "2026-11-25T15:00:00Z", "simulated"},
          Fact{"change_pct", -0.01234, "ratio", "", "simulated"},
          Fact{"wire_fee", "$45 per transfer", "USD", "", "kb-fees"}};
}

TEST(VerifierTest, AcceptsRoundedAndPercentForms) {
  auto v =
      verify_numbers("NOVA trades at 187.43, down 1.23% today; wires cost $45.", quote_facts());
  EXPECT_TRUE(v.ok) << (v.unsupported.empty() ? "" : v.unsupported.front());
}

TEST(VerifierTest, RejectsInventedNumbers) {
  auto v = verify_numbers("NOVA trades at 190.00 and will reach 250.", quote_facts());
  EXPECT_FALSE(v.ok);
  ASSERT_EQ(v.unsupported.size(), 2u);
  EXPECT_EQ(v.unsupported[0], "190.00");
}

TEST(VerifierTest, UserNumbersAreAllowed) {
  EXPECT_TRUE(verify_numbers("You asked about investing 20,000.", {}, "invest $20,000").ok);
  EXPECT_FALSE(verify_numbers("You asked about investing 30,000.", {}, "invest $20,000").ok);
}

TEST(VerifierTest, ExtractsThousandsShorthand) {
  auto n = extract_numbers("about $20k and 1,234.5 units");
  ASSERT_EQ(n.size(), 2u);
  EXPECT_DOUBLE_EQ(n[0], 20000);
  EXPECT_DOUBLE_EQ(n[1], 1234.5);
}

TEST(VerifierTest, NumbersInsideVouchedLabelsAreNotFigures) {
  const std::vector<Fact> facts = {Fact{"price", 101.25, "USD", "", "sim"}};
  const std::string text = "Question 3 of 10: how long will you invest? NOVA is at 101.25.";
  EXPECT_FALSE(verify_numbers(text, facts).ok) << "3 and 10 are not facts";
  EXPECT_TRUE(verify_numbers(text, facts, {}, {"Question 3 of 10"}).ok);
  auto r = verify_numbers("Question 3 of 10, and 7 more", facts, {}, {"Question 3 of 10"});
  ASSERT_FALSE(r.ok) << "a number outside the label is still checked";
  EXPECT_EQ(r.unsupported, std::vector<std::string>{"7"});
}

TEST(VerifierTest, ScaledFiguresCompareAtTheirShownPrecision) {
  const std::vector<Fact> facts = {Fact{"revenue", 10'127'345'678.0, "USD", "", "statements"},
                                   Fact{"net_income", 564'321'000.0, "USD", "", "statements"}};
  EXPECT_TRUE(
      verify_numbers("Revenue was $10.13 billion and net income $564.3 million.", facts).ok);
  EXPECT_TRUE(verify_numbers("Revenue $10.13B, net income 564.3M.", facts).ok);
  auto wrong = verify_numbers("Revenue was $10.25 billion.", facts);
  EXPECT_FALSE(wrong.ok) << "a different figure in the same scale is caught";
  EXPECT_FALSE(verify_numbers("Revenue was $10.13 million.", facts).ok)
      << "the wrong scale is caught";
}

TEST(VerifierTest, FactsWrittenWithScaleWordsCheckInAnyScale) {
  // Document facts are sentences: "$4.2 billion" must support the same amount restated.
  const std::vector<Fact> facts = {
      Fact{"point_1", "q3 revenue rose 12 percent to $4.2 billion", "", "", "document d1"}};
  EXPECT_TRUE(verify_numbers("Revenue grew 12% to $4.2 billion.", facts).ok);
  EXPECT_TRUE(verify_numbers("Revenue reached $4,200 million.", facts).ok);
  EXPECT_FALSE(verify_numbers("Revenue reached $4.2 million.", facts).ok)
      << "the wrong scale is still caught";
  EXPECT_FALSE(verify_numbers("Revenue reached $4.5 billion.", facts).ok);
}

TEST(VerifierTest, RoundingTiesBelowTheHalfInBinaryStillMatch) {
  // 51.335 is stored a hair below the tie, so "* 100 then round" gives 51.33 while printf's
  // exact rounding shows 51.34: both are the fact at two decimals.
  const std::vector<Fact> facts = {
      Fact{"support_levels", nlohmann::json::array({51.335}), "USD", "", "sim"}};
  EXPECT_TRUE(verify_numbers("Nearest support: 51.34.", facts).ok);
  EXPECT_TRUE(verify_numbers("Nearest support: 51.33.", facts).ok);
  EXPECT_TRUE(verify_numbers("Nearest support: 51.3.", facts).ok);
  auto off = verify_numbers("Nearest support: 51.35.", facts);
  EXPECT_FALSE(off.ok) << "a cent beyond the rounding is still caught";
  EXPECT_TRUE(verify_numbers("Nearest support: 51.", facts).ok);
  EXPECT_FALSE(verify_numbers("Nearest support: 52.", facts).ok) << "51.335 rounds to 51";
}

TEST(VerifierTest, ALabelInsideALongerLabelDoesNotBreakIt) {
  const std::string condition = "Max 3 per day ($90); never charged on Student Checking";
  const std::string text = "Checking fees: Overdraft 30.00 USD (" + condition + ")";
  const std::vector<Fact> facts = {Fact{"fee.amount", 30.0, "USD", "", "kg"}};
  EXPECT_TRUE(verify_numbers(text, facts, {}, {"Checking", condition}).ok);
  EXPECT_TRUE(verify_numbers(text, facts, {}, {condition, "Checking"}).ok);
}

}  // namespace
}  // namespace finchat::chat
