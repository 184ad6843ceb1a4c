#include "retrieval/faq_intent.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "retrieval/eval.hpp"
#include "retrieval/hybrid.hpp"
#include "retrieval/test_corpus.hpp"

namespace finchat::retrieval {
namespace {

TEST(FaqIntent, LearnsFaqIdsFromQuestionsAndParaphrases) {
  const auto chunks = testing::small_faq_corpus();
  const auto intent = train_faq_intent(chunks);
  ASSERT_NE(intent, nullptr);
  EXPECT_EQ(intent->labels().size(), 8u);  // the FAQs only, not the article section
  Retriever r(chunks, nullptr);
  r.set_intent(intent);
  SearchOptions opts;
  opts.k = 2;
  const auto hits = r.rank("someone stole my card", Method::intent, opts);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(r.chunk(hits[0].chunk).doc_id, "faq-lost-card");
  EXPECT_GT(hits[0].intent, hits[1].intent);
  EXPECT_EQ(hits[0].score, hits[0].intent);
  // Article sections have no intent label.
  opts.kind = ChunkKind::article_section;
  EXPECT_TRUE(r.rank("someone stole my card", Method::intent, opts).empty());
}

TEST(FaqIntent, DisabledOrTooFewFaqsGivesNoModel) {
  const auto chunks = testing::small_faq_corpus();
  IntentConfig off;
  off.enabled = false;
  EXPECT_EQ(train_faq_intent(chunks, off), nullptr);
  EXPECT_EQ(train_faq_intent({chunks[0]}), nullptr);
  Retriever r(chunks, nullptr);
  EXPECT_FALSE(r.has_intent());
  EXPECT_TRUE(r.rank("lost card", Method::intent, {}).empty());
}

TEST(ValidationSplit, MovesTwoParaphrasesPerFaqDeterministically) {
  auto chunks = testing::small_faq_corpus();
  const auto before = chunks;
  const auto queries = split_validation(chunks);
  EXPECT_EQ(queries.size(), 2u * 8u);
  for (size_t i = 0; i < chunks.size(); ++i) {
    if (chunks[i].kind != ChunkKind::faq) {
      EXPECT_EQ(chunks[i].paraphrases, before[i].paraphrases);
      continue;
    }
    EXPECT_EQ(chunks[i].paraphrases.size(), before[i].paraphrases.size() - 2);
    // Every validation text left the training side of its own FAQ.
    for (const auto& q : queries) {
      const auto& kept = chunks[i].paraphrases;
      EXPECT_EQ(std::count(kept.begin(), kept.end(), q.text), 0);
    }
  }
  std::set<std::string> texts;
  for (const auto& q : queries) texts.insert(q.faq_id + "|" + q.text);
  EXPECT_EQ(texts.size(), queries.size());
  auto again = before;
  const auto same = split_validation(again);
  ASSERT_EQ(same.size(), queries.size());
  for (size_t i = 0; i < same.size(); ++i) EXPECT_EQ(same[i].text, queries[i].text);
  // FAQs with too few paraphrases keep them all (two must stay for training).
  auto few = before;
  few[0].paraphrases.resize(3);
  const auto partial = split_validation(few);
  EXPECT_EQ(few[0].paraphrases.size(), 3u);
  EXPECT_EQ(partial.size(), 2u * 7u);
}

}  // namespace
}  // namespace finchat::retrieval
