#include "retrieval/bm25.hpp"

#include <gtest/gtest.h>

namespace finchat::retrieval {
namespace {

FieldTexts body(std::string text) {
  FieldTexts f;
  f.body = std::move(text);
  return f;
}

FieldTexts titled(std::string title, std::string text) {
  FieldTexts f = body(std::move(text));
  f.title = std::move(title);
  return f;
}

Bm25Params unit_weights() {
  Bm25Params p;
  p.title_weight = p.alt_weight = p.body_weight = 1.0;
  return p;
}

// Three body-only documents; expected scores computed by hand with k1 = 1.2, b = 0.75:
// idf(n=2, N=3) = ln(1 + 1.5 / 2.5) = ln 1.6; avgdl = (2 + 3 + 4) / 3 = 3.
class Bm25Tiny : public ::testing::Test {
 protected:
  void SetUp() override {
    index.add(0, body("apple banana"));
    index.add(1, body("apple apple cherry"));
    index.add(2, body("banana cherry durian egg"));
  }
  Bm25Index index{unit_weights()};
};

TEST_F(Bm25Tiny, MatchesHandComputedScores) {
  EXPECT_NEAR(Bm25Index::idf(2, 3), 0.4700036, 1e-6);
  EXPECT_DOUBLE_EQ(index.average_length(), 3.0);
  // d0: tf 1, dl 2 -> ln1.6 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2/3)) = 0.544215
  // d1: tf 2, dl 3 -> ln1.6 * 4.4 / (2 + 1.2) = 0.646255
  const auto hits = index.search("apple", 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].doc, 1u);
  EXPECT_NEAR(hits[0].score, 0.646255, 1e-5);
  EXPECT_EQ(hits[1].doc, 0u);
  EXPECT_NEAR(hits[1].score, 0.544215, 1e-5);
  EXPECT_NEAR(index.score("apple", 0), 0.544215, 1e-5);
}

TEST_F(Bm25Tiny, SumsOverQueryTermsAndRanks) {
  // banana in d2: tf 1, dl 4 -> ln1.6 * 2.2 / (1 + 1.2 * 1.25) = 0.413603
  const auto hits = index.search("apple banana", 10);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].doc, 0u);
  EXPECT_NEAR(hits[0].score, 2 * 0.544215, 1e-5);
  EXPECT_EQ(hits[1].doc, 1u);
  EXPECT_EQ(hits[2].doc, 2u);
  EXPECT_NEAR(hits[2].score, 0.413603, 1e-5);
}

TEST_F(Bm25Tiny, TopKAndFilter) {
  EXPECT_EQ(index.search("apple banana", 1).size(), 1u);
  const auto odd = index.search("apple banana", 10, [](uint32_t d) { return d != 0; });
  ASSERT_EQ(odd.size(), 2u);
  EXPECT_EQ(odd[0].doc, 1u);
  EXPECT_TRUE(index.search("zebra", 10).empty());
  EXPECT_TRUE(index.search("apple", 0).empty());
}

TEST_F(Bm25Tiny, RemoveAndReplaceUpdateStatistics) {
  EXPECT_TRUE(index.remove(1));
  EXPECT_FALSE(index.remove(1));
  EXPECT_EQ(index.size(), 2u);
  EXPECT_DOUBLE_EQ(index.average_length(), 3.0);  // (2 + 4) / 2
  auto hits = index.search("apple", 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].doc, 0u);
  index.add(0, body("cherry"));  // replaces d0
  EXPECT_TRUE(index.search("apple", 10).empty());
  EXPECT_EQ(index.size(), 2u);
}

TEST(Bm25, TitleWeightLiftsTitleMatches) {
  Bm25Index index;  // title weight 3
  index.add(0, titled("Wire transfer fees", "Fees for sending money."));
  index.add(1, titled("Account fees", "A wire can be sent from the app."));
  const auto hits = index.search("wire", 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].doc, 0u);
}

TEST(Bm25, ConfigurableParameters) {
  Bm25Params flat = unit_weights();
  flat.b = 0.0;  // no length normalisation: equal tf gives equal scores
  Bm25Index index(flat);
  index.add(0, body("fee"));
  index.add(1, body("fee plus many other words here"));
  index.add(2, body("unrelated"));
  const auto hits = index.search("fee", 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_DOUBLE_EQ(hits[0].score, hits[1].score);
}

}  // namespace
}  // namespace finchat::retrieval
