#include "finance/documents/sentiment.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "finance/documents/sentiment_eval.hpp"
#include "nlp/dataset.hpp"

namespace finchat::documents {
namespace {

const std::string kBundled = std::string(FINCHAT_SOURCE_DIR) + "/" + kBundledSentimentData;

TEST(Sentiment, LexiconMarkersForTheClassifier) {
  EXPECT_EQ(lexicon_counts("Record growth, but a lawsuit"), (std::pair<int, int>{2, 1}));
  EXPECT_EQ(with_lexicon_features("Strong quarter"), "Strong quarter xxlexpos");
  EXPECT_EQ(with_lexicon_features("Weak and lower"), "Weak and lower xxlexneg xxlexneg");
  EXPECT_EQ(with_lexicon_features("Meeting on Tuesday"), "Meeting on Tuesday xxlexneutral");
}

TEST(Sentiment, BundledDataIsOursBalancedAndClean) {
  nlp::DatasetSpec spec;
  auto data = nlp::load_dataset(kBundled, spec);
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_GE(data->size(), 600u);
  std::map<std::string, size_t> per_label;
  std::set<std::string> texts;
  for (const auto& e : data->examples) {
    ++per_label[e.label];
    EXPECT_TRUE(texts.insert(e.text).second) << "duplicate: " << e.text;
  }
  ASSERT_EQ(per_label.size(), 3u);
  for (const auto& [label, n] : per_label) EXPECT_GE(n, 200u) << label;
}

TEST(Sentiment, BundledClassifierScoresSentencesAndSections) {
  auto trained = SentimentAnalyzer::train_csv(kBundled);
  ASSERT_TRUE(trained.ok()) << trained.error().message;
  const auto& a = *trained;
  ASSERT_TRUE(a.has_classifier());
  EXPECT_EQ(a.score("Zentrix Corp shares plunge after it slashes its profit forecast").label,
            "negative");
  EXPECT_EQ(a.score("Zentrix Corp beats estimates and raises full-year guidance").label,
            "positive");
  EXPECT_EQ(a.score("Zentrix Corp will report quarterly results on Tuesday").label, "neutral");
  EXPECT_EQ(a.score("Zentrix Corp beats estimates").method, "classifier");
  const auto s = a.sections(
      "Record revenue and a higher dividend. Margins expanded.\n\n"
      "We took a large impairment and cut jobs. Sales fell 9%.\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].score.label, "positive");
  EXPECT_EQ(s[1].score.label, "negative");
}

TEST(Sentiment, NeutralPriorShiftsBorderlineCalls) {
  SentimentPriors flat{.neutral = 1.0 / 3, .positive = 1.0 / 3, .negative = 1.0 / 3};
  SentimentPriors neutral_heavy{.neutral = 0.98, .positive = 0.01, .negative = 0.01};
  auto a = SentimentAnalyzer::train_csv(kBundled, flat);
  auto b = SentimentAnalyzer::train_csv(kBundled, neutral_heavy);
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string text = "Zentrix Corp revenue rose 2% while costs rose 3%";
  EXPECT_EQ(b->score(text).label, "neutral");
  EXPECT_GT(b->score(text).confidence,
            a->score(text).label == "neutral" ? a->score(text).confidence : 0.0);
}

TEST(Sentiment, BundledInBackgroundFallsBackToLexicon) {
  const auto missing = SentimentAnalyzer::bundled("/nonexistent/sentences.csv");
  EXPECT_FALSE(missing.has_classifier(true));
  EXPECT_EQ(missing.score("Record growth").method, "lexicon");
  const auto ready = SentimentAnalyzer::bundled(kBundled);
  EXPECT_TRUE(ready.has_classifier(true));
  EXPECT_EQ(ready.score("Record growth").method, "classifier");
}

TEST(Sentiment, BeatsLexiconOnTfnsWhenPresent) {
  const std::string path = std::string(FINCHAT_SHARED_DIR) + "/data/sentiment/tfns.jsonl";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  nlp::DatasetSpec spec;
  spec.text_column = "context";
  spec.label_column = "target";
  spec.text_after = "Input:";
  auto data = nlp::load_dataset(path, spec);
  ASSERT_TRUE(data.ok()) << data.error().message;
  auto scores = evaluate_sentiment(kBundled, *data);
  ASSERT_TRUE(scores.ok()) << scores.error().message;
  std::map<std::string, SentimentMethodScore> by;
  for (const auto& s : *scores) by[s.method] = s;
  EXPECT_GT(by["classifier"].macro_f1, by["lexicon"].macro_f1);
  EXPECT_GT(by["classifier"].accuracy, by["always-neutral"].accuracy);
  EXPECT_GT(by["classifier"].macro_f1, by["classifier-no-prior"].macro_f1 - 0.02);
}

TEST(Sentiment, EvalCliUsageAndErrors) {
  std::ostringstream out, err;
  EXPECT_EQ(run_sentiment_eval_cli({"eval", "sentiment"}, out, err), 2);
  EXPECT_EQ(run_sentiment_eval_cli({"eval", "sentiment", "/nonexistent.csv"}, out, err), 1);
  EXPECT_EQ(run_sentiment_eval_cli({"eval", "sentiment", kBundled, "--bogus", "x"}, out, err), 2);
}

}  // namespace
}  // namespace finchat::documents
