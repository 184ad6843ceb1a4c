#include "finance/documents/summarize.hpp"

#include <gtest/gtest.h>

#include "finance/documents/sentences.hpp"

namespace finchat::documents {
namespace {

TEST(Sentences, AbbreviationsAndDecimals) {
  const auto s = split_sentences(
      "Revenue was $3.5 billion, up 4.2% vs. last year. Mr. Smith of Acme Inc. spoke. "
      "The U.S. business grew! Next?");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0], "Revenue was $3.5 billion, up 4.2% vs. last year.");
  EXPECT_EQ(s[1], "Mr. Smith of Acme Inc. spoke.");
  EXPECT_EQ(s[2], "The U.S. business grew!");
}

TEST(Summarize, PrefersFinanceSentencesAndRemovesDuplicates) {
  std::vector<std::string> doc = {
      "Good morning and welcome to the call.",
      "Revenue increased 12% to $4.1 billion in the third quarter.",
      "Revenue increased 12% to $4.1 billion in the third quarter.",
      "Thank you operator, next question please.",
      "We expect full-year earnings per share of $2.10 to $2.20.",
      "It was a nice day at the office with the team.",
  };
  SummaryOptions o;
  o.sentences = 2;
  const auto s = summarize_sentences(doc, o);
  ASSERT_EQ(s.sentences.size(), 2u);
  EXPECT_EQ(s.sentences[0].index, 1u);  // one copy of the duplicate only
  EXPECT_EQ(s.sentences[1].index, 4u);
  EXPECT_GT(finance_score(doc[4]), finance_score(doc[0]));
}

TEST(Summarize, RatioSectionsAndProgress) {
  std::vector<std::string> doc;
  doc.reserve(40);
  for (int i = 0; i < 40; ++i) {
    doc.push_back("Segment " + std::to_string(i) + " sales rose " + std::to_string(i) +
                  " percent on strong demand in region " + std::to_string(i % 7) + ".");
  }
  std::vector<std::pair<size_t, size_t>> calls;
  SummaryOptions o;
  o.ratio = 0.1;
  o.section_sentences = 16;
  o.progress = [&](size_t done, size_t total) { calls.emplace_back(done, total); };
  const auto s = summarize_sentences(doc, o);
  EXPECT_EQ(s.sentences.size(), 4u);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls.back(), std::make_pair(size_t{3}, size_t{3}));
  for (size_t i = 1; i < s.sentences.size(); ++i) {
    EXPECT_LT(s.sentences[i - 1].index, s.sentences[i].index);  // document order
  }
  EXPECT_TRUE(summarize("").sentences.empty());
}

}  // namespace
}  // namespace finchat::documents

namespace finchat::documents {
namespace {

TEST(Summarize, LengthPriorFiguresAndWordBudget) {
  const std::vector<std::string> doc = {
      "Revenue increased 5% in the quarter, and we are very pleased with how the teams across all "
      "of our regions and business units executed during a period that was quite eventful.",
      "Revenue increased 5% to $2.1 billion.",
      "The weather was pleasant at the meeting and everyone enjoyed the lunch.",
      "Earnings per share rose to $1.25 from $1.10, and revenue grew 5% to $2.1 billion in Q3."};
  SummaryOptions one;
  one.sentences = 1;
  one.ideal_words = 10;
  EXPECT_EQ(summarize_sentences({doc[0], doc[1]}, one).sentences[0].index, 1u)
      << "same content, the shorter sentence wins";
  one.ideal_words = 0;
  one.number_bonus = 0.2;
  EXPECT_EQ(summarize_sentences(doc, one).sentences[0].index, 3u) << "more figures";
  SummaryOptions budget;
  budget.word_budget = 5;
  EXPECT_EQ(summarize_sentences(doc, budget).sentences.size(), 1u);
  budget.word_budget = 1000;
  EXPECT_EQ(summarize_sentences(doc, budget).sentences.size(), 4u);
}

}  // namespace
}  // namespace finchat::documents
