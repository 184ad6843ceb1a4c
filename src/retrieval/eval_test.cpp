#include "retrieval/eval.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include <unistd.h>

#include "retrieval/test_corpus.hpp"

namespace finchat::retrieval {
namespace {
namespace fs = std::filesystem;

TEST(Eval, ScoresEachMethodOnLabelledQueries) {
  Retriever bm25_only(testing::small_faq_corpus(), nullptr);
  const auto rows = evaluate(bm25_only, testing::small_heldout(), {Method::bm25, Method::dense});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].queries, 8u);
  EXPECT_GE(rows[0].recall_at_1, 0.75);  // keyword queries: BM25 handles nearly all
  EXPECT_LE(rows[0].recall_at_1, rows[0].recall_at_5);
  EXPECT_GE(rows[0].mrr, rows[0].recall_at_1);
  EXPECT_LE(rows[0].mrr, rows[0].recall_at_5 + 1e-12);
  EXPECT_EQ(rows[1].recall_at_5, 0.0);  // no encoder: dense finds nothing
  const auto none = evaluate(bm25_only, {{"faq-2fa", "zzzz"}}, {Method::bm25});
  EXPECT_EQ(none[0].recall_at_1, 0.0);
  EXPECT_EQ(none[0].mrr, 0.0);
}

TEST(Cli, RejectsBadUsage) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_retrieval_cli({}, out, err), 2);
  EXPECT_NE(err.str().find("usage"), std::string::npos);
  EXPECT_EQ(run_retrieval_cli({"eval", "faq", "--bogus", "1"}, out, err), 2);
  EXPECT_EQ(run_retrieval_cli({"eval", "faq", "--folds"}, out, err), 2);
  EXPECT_EQ(run_retrieval_cli({"eval", "faq", "--folds", "x"}, out, err), 1);
  EXPECT_EQ(run_retrieval_cli({"eval", "faq", "--kb", "/nonexistent"}, out, err), 1);
  EXPECT_NE(err.str().find("/nonexistent"), std::string::npos);
}

TEST(Cli, IngestAndEvalOnFiles) {
  const fs::path root =
      fs::temp_directory_path() / ("finchat-cli-" + std::to_string(std::random_device{}()));
  fs::create_directories(root / "kb");
  std::ofstream(root / "kb" / "a.md")
      << "---\nid: kb-pin\ntitle: Card PIN\n---\n## Forgot your PIN\nReset it in the app.\n";
  {
    std::ofstream faq(root / "faq.jsonl");
    for (const auto& c : testing::small_faq_corpus()) {
      if (c.kind != ChunkKind::faq) continue;
      nlohmann::json j{
          {"id", c.id}, {"question", c.title}, {"answer", c.text}, {"paraphrases", c.paraphrases}};
      faq << j.dump() << '\n';
    }
    std::ofstream held(root / "held.jsonl");
    for (const auto& q : testing::small_heldout()) {
      held << nlohmann::json{{"faq_id", q.faq_id}, {"text", q.text}}.dump() << '\n';
    }
  }
  std::ostringstream out;
  std::ostringstream err;
  const std::string index = (root / "index").string();
  ASSERT_EQ(run_retrieval_cli({"ingest", "kb", (root / "kb").string(), "--index", index}, out, err),
            0)
      << err.str();
  EXPECT_NE(out.str().find("1 added"), std::string::npos) << out.str();
  EXPECT_TRUE(fs::exists(root / "index" / "manifest.json"));
  out.str("");
  ASSERT_EQ(run_retrieval_cli({"ingest", "kb", (root / "kb").string(), "--index", index}, out, err),
            0);
  EXPECT_NE(out.str().find("1 unchanged"), std::string::npos) << out.str();
  out.str("");
  ASSERT_EQ(run_retrieval_cli({"eval", "faq", "--kb", (root / "kb").string(), "--faq",
                               (root / "faq.jsonl").string(), "--heldout",
                               (root / "held.jsonl").string(), "--folds", "2", "--epochs", "5"},
                              out, err),
            0)
      << err.str();
  for (const char* word : {"recall@1", "bm25", "dense", "hybrid", "8 queries"}) {
    EXPECT_NE(out.str().find(word), std::string::npos) << out.str();
  }
  fs::remove_all(root);
}

// The shipped FAQ with at most `keep` training paraphrases per entry, in a temp file.
fs::path trimmed_faq(const fs::path& faq, size_t keep) {
  fs::path out = fs::temp_directory_path() / ("finchat_faq_trim_" + std::to_string(keep) + "_" +
                                              std::to_string(::getpid()) + ".jsonl");
  std::ifstream in(faq);
  std::ofstream os(out);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    auto& p = j["paraphrases"];
    if (p.size() > keep) p.erase(p.begin() + static_cast<std::ptrdiff_t>(keep), p.end());
    os << j.dump() << "\n";
  }
  return out;
}

// The shipped FAQ: hybrid must keep a recall floor on held-out paraphrases.
TEST(Eval, RealFaqRecallFloor) {
  const fs::path data = FINCHAT_SOURCE_DIR "/data";
  if (!fs::exists(data / "faq" / "faq.jsonl") ||
      !fs::exists(data / "faq" / "heldout_paraphrases.jsonl")) {
    GTEST_SKIP() << "data/faq not present";
  }
  // Ten paraphrases per FAQ (the shipped file has 29+) and a much smaller model than the
  // default keep the test quick under sanitizers; the floors
  // sit a few points under what this configuration measured (hybrid 0.486 / 0.727, bm25 0.482,
  // before the FAQ paraphrases were extended; BM25 does not depend on the encoder and now
  // measures 0.743, so its floor went up).
  FitConfig cfg;
  cfg.encoder.buckets = 1u << 12;
  cfg.encoder.dim = 32;
  cfg.train.epochs = 4;
  cfg.folds = 2;
  const fs::path faq = trimmed_faq(data / "faq" / "faq.jsonl", 10);
  FaqEvalPaths paths{data / "kb", faq, data / "faq" / "heldout_paraphrases.jsonl", {}};
  auto result = run_faq_eval(paths, cfg);
  fs::remove(faq);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->heldout_leaks, 0u);
  ASSERT_EQ(result->scores.size(), 5u);
  const auto& bm25 = result->scores.front();
  const auto& hybrid = result->scores.back();
  ASSERT_EQ(hybrid.method, Method::hybrid);
  EXPECT_GE(bm25.recall_at_1, 0.70);
  EXPECT_GE(hybrid.recall_at_1, 0.42);
  EXPECT_GE(hybrid.recall_at_5, 0.65);
  EXPECT_GE(hybrid.recall_at_5, bm25.recall_at_5 - 0.02);
}

}  // namespace
}  // namespace finchat::retrieval
