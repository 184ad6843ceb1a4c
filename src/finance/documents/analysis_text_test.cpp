#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "finance/documents/eval.hpp"
#include "finance/documents/key_figures.hpp"
#include "finance/documents/sentiment.hpp"

namespace finchat::documents {
namespace {

TEST(KeyFigures, RevenueEpsGuidanceMargin) {
  const auto f = extract_key_figures(
      "Q1 revenue rose 9.4 percent to $356.8 million. Non-GAAP EPS was $1.37. "
      "We expect fiscal 2024 revenue of $1.410 billion. Gross margin declined to 41.5%.");
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].metric, "revenue");
  EXPECT_EQ(f[0].value, "$356.8 million");
  EXPECT_EQ(f[0].period, "q1");
  EXPECT_EQ(f[0].direction, Direction::up);
  EXPECT_EQ(f[0].change, "9.4 percent");
  EXPECT_EQ(f[1].metric, "eps");
  EXPECT_EQ(f[1].value, "$1.37");
  EXPECT_TRUE(f[2].guidance);
  EXPECT_EQ(f[2].period, "fiscal 2024");
  EXPECT_EQ(f[3].metric, "margin");
  EXPECT_EQ(f[3].value, "41.5%");
  EXPECT_EQ(f[3].direction, Direction::down);
}

TEST(Sentiment, LexiconFallbackAndSections) {
  SentimentAnalyzer a;
  EXPECT_FALSE(a.has_classifier());
  EXPECT_EQ(a.score("Record revenue and strong growth").label, "positive");
  EXPECT_EQ(a.score("Margins fell on weak demand and impairment").label, "negative");
  const auto s = a.sections("Strong growth.\n\nWeak demand, losses.\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1].score.label, "negative");
}

TEST(Sentiment, ClassifierFromTfnsWhenPresent) {
  const std::string path = std::string(FINCHAT_SHARED_DIR) + "/data/sentiment/tfns.jsonl";
  if (!std::filesystem::exists(path)) GTEST_SKIP();
  auto a = SentimentAnalyzer::train_tfns(path, 3000);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_TRUE(a->has_classifier());
  EXPECT_EQ(a->score("Stock soars after earnings beat and raised guidance").method, "classifier");
}

TEST(DocumentsCli, UsageAndBadDirectory) {
  std::ostringstream out, err;
  EXPECT_EQ(run_documents_cli({"eval"}, out, err), 2);
  EXPECT_NE(err.str().find("usage"), std::string::npos);
  EXPECT_EQ(run_documents_cli({"eval", "summaries", "/nonexistent"}, out, err), 1);
  EXPECT_EQ(run_documents_cli({"eval", "summaries", "/x", "--limit", "abc"}, out, err), 2);
}

TEST(DocumentsCli, EvaluatesEctsumSample) {
  const std::string dir = std::string(FINCHAT_SHARED_DIR) + "/data/ectsum/val";
  if (!std::filesystem::exists(dir)) GTEST_SKIP();
  std::ostringstream out, err;
  ASSERT_EQ(run_documents_cli({"eval", "summaries", dir, "--limit", "5"}, out, err), 0)
      << err.str();
  EXPECT_NE(out.str().find("documents 5"), std::string::npos);
  EXPECT_NE(out.str().find("rouge2"), std::string::npos);
}

}  // namespace
}  // namespace finchat::documents

namespace finchat::documents {
namespace {

// The shipped analyser is the lexicon (no model is trained on ../shared data); this prints
// its accuracy on TFNS for the record.
TEST(Sentiment, LexiconAccuracyOnTfnsWhenPresent) {
  const std::string path = std::string(FINCHAT_SHARED_DIR) + "/data/sentiment/tfns.jsonl";
  if (!std::filesystem::exists(path)) GTEST_SKIP();
  std::ifstream in(path);
  std::string row;
  std::size_t total = 0, correct = 0;
  std::map<std::string, std::size_t> per_label;
  while (std::getline(in, row)) {
    auto j = nlohmann::json::parse(row, nullptr, false);
    if (j.is_discarded()) continue;
    std::string text = j.value("context", "");
    if (auto at = text.find("Input:"); at != std::string::npos) text = text.substr(at + 6);
    if (auto at = text.find("\nAnswer:"); at != std::string::npos) text = text.substr(0, at);
    const std::string label = j.value("target", "");
    ++total;
    ++per_label[label];
    correct += lexicon_sentiment(text).label == label;
  }
  ASSERT_GT(total, 0u);
  const double accuracy = double(correct) / double(total);
  std::printf("lexicon sentiment on TFNS: accuracy %.4f over %zu (neutral share %.4f)\n", accuracy,
              total, double(per_label["neutral"]) / double(total));
  EXPECT_GT(accuracy, 1.0 / 3);
}

}  // namespace
}  // namespace finchat::documents
