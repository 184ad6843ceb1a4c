#include "retrieval/analyzer.hpp"

#include "nlp/text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace finchat::retrieval {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

TEST(Analyzer, StemsAndDropsStopwords) {
  EXPECT_THAT(analyze("The payments were declined"), ElementsAre("payment", "declin"));
  EXPECT_EQ(analyze("transfers"), analyze("transfer"));
  EXPECT_EQ(analyze("charges"), analyze("charged"));
}

TEST(Analyzer, KeepsFinanceTokens) {
  const auto terms = analyze("Enable 2FA for ACH and Form 1099-INT, see $AAPL at 3.5%");
  EXPECT_THAT(terms, Contains("2fa"));
  EXPECT_THAT(terms, Contains("ach"));
  EXPECT_THAT(terms, Contains("1099-int"));
  EXPECT_THAT(terms, Contains("1099"));
  EXPECT_THAT(terms, Contains("$aapl"));
  EXPECT_THAT(terms, Contains("3.5%"));
}

TEST(Analyzer, KeepsNumbersAndQuestionWords) {
  const auto terms = analyze("Why is $35 charged after 10 days?");
  EXPECT_THAT(terms, Contains(nlp::porter2_stem("why")));
  EXPECT_THAT(terms, Contains("$35"));
  EXPECT_THAT(terms, Contains("10"));
  EXPECT_THAT(terms, Not(Contains("is")));
}

TEST(Analyzer, DropsFillerAndPossessives) {
  EXPECT_THAT(analyze("hi please thanks"), ElementsAre());
  EXPECT_EQ(analyze("bank's"), analyze("bank"));
}

TEST(Analyzer, OptionsDisableStemmingAndStopwords) {
  AnalyzerOptions raw;
  raw.stem = false;
  raw.drop_stopwords = false;
  EXPECT_THAT(analyze("The payments", raw), ElementsAre("the", "payments"));
}

}  // namespace
}  // namespace finchat::retrieval
