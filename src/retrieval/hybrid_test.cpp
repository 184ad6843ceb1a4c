#include "retrieval/hybrid.hpp"

#include <gtest/gtest.h>

#include "retrieval/fit.hpp"
#include "retrieval/search_json.hpp"
#include "retrieval/test_corpus.hpp"

namespace finchat::retrieval {
namespace {

TEST(Rrf, MatchesHandArithmetic) {
  EXPECT_DOUBLE_EQ(rrf_term(1), 1.0 / 61.0);
  EXPECT_DOUBLE_EQ(rrf_term(3, 10), 1.0 / 13.0);
  // 1: 1/61 + 1/62; 3: 1/63 + 1/61; 2: 1/62; 4: 1/64.
  const auto fused = reciprocal_rank_fusion({{1, 2, 3}, {3, 1, 4}});
  ASSERT_EQ(fused.size(), 4u);
  EXPECT_EQ(fused[0].id, 1u);
  EXPECT_DOUBLE_EQ(fused[0].score, 1.0 / 61 + 1.0 / 62);
  EXPECT_EQ(fused[1].id, 3u);
  EXPECT_DOUBLE_EQ(fused[1].score, 1.0 / 63 + 1.0 / 61);
  EXPECT_EQ(fused[2].id, 2u);
  EXPECT_EQ(fused[3].id, 4u);
  EXPECT_DOUBLE_EQ(fused[3].score, 1.0 / 63);
}

TEST(Confidence, MonotonicAndBounded) {
  const Calibration cal{1.3, 0.7, -2.0};
  double previous = -1;
  for (int step = -40; step <= 40; ++step) {
    const double top = 0.5 * step;
    const double c = cal.confidence(top, 1.0);
    EXPECT_GE(c, 0.0);
    EXPECT_LE(c, 1.0);
    EXPECT_GE(c, previous);
    previous = c;
  }
  EXPECT_GT(cal.confidence(1.0, 2.0), cal.confidence(1.0, 0.5));
  EXPECT_DOUBLE_EQ(cal.confidence(1.0, -5.0), cal.confidence(1.0, 0.0));
}

TEST(Decide, Thresholds) {
  const DecisionThresholds t{0.7, 0.4};
  EXPECT_EQ(decide(0.95, t), Decision::answer);
  EXPECT_EQ(decide(0.7, t), Decision::answer);
  EXPECT_EQ(decide(0.69, t), Decision::clarify);
  EXPECT_EQ(decide(0.4, t), Decision::clarify);
  EXPECT_EQ(decide(0.39, t), Decision::escalate);
  EXPECT_EQ(decide(0.0), Decision::escalate);
  EXPECT_STREQ(to_string(Decision::clarify), "clarify");
}

TEST(Logistic, LearnsSignAndRespectsNonNegative) {
  std::vector<std::vector<double>> x;
  std::vector<int> y;
  for (int i = 0; i < 200; ++i) {
    const double v = (i % 20) / 10.0 - 1.0;  // in [-1, 0.9]
    x.push_back({v, -v});
    y.push_back(v + 0.1 * ((i * 7) % 5 - 2) > 0 ? 1 : 0);
  }
  const auto free_fit = fit_logistic(x, y);
  EXPECT_GT(free_fit.weights[0], 0);
  EXPECT_LT(free_fit.weights[1], 0);
  const auto clamped = fit_logistic(x, y, 1e-3, {1});
  EXPECT_GE(clamped.weights[1], 0);
  EXPECT_GT(clamped.weights[0], 0);
}

class SmallRetriever : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    FitConfig cfg;
    cfg.encoder.buckets = 1u << 12;
    cfg.encoder.dim = 32;
    cfg.train.epochs = 30;
    cfg.train.batch_size = 8;
    cfg.folds = 2;
    models_ = new FittedModels(fit_models(testing::small_faq_corpus(), cfg));
    retriever_ = make_retriever(testing::small_faq_corpus(), *models_).release();
  }
  static void TearDownTestSuite() {
    delete retriever_;
    delete models_;
  }
  static FittedModels* models_;
  static Retriever* retriever_;
};
FittedModels* SmallRetriever::models_ = nullptr;
Retriever* SmallRetriever::retriever_ = nullptr;

TEST_F(SmallRetriever, FindsFaqsAndReturnsTextVerbatim) {
  EXPECT_TRUE(models_->rerank.fitted);
  EXPECT_GT(models_->report.training_queries, 0u);
  SearchOptions opts;
  opts.kind = ChunkKind::faq;
  const auto r = retriever_->search("what is the fee for an overseas wire", opts);
  ASSERT_FALSE(r.hits.empty());
  const Chunk& top = retriever_->chunk(r.hits[0].chunk);
  EXPECT_EQ(top.doc_id, "faq-wire-fee");
  EXPECT_EQ(top.text, "Outgoing international wires cost $35; incoming wires are free.");
  EXPECT_GE(r.confidence, 0.0);
  EXPECT_LE(r.confidence, 1.0);
  EXPECT_GT(r.hits[0].bm25, 0.0);
  EXPECT_GT(r.hits[0].dense, 0.0);
}

TEST_F(SmallRetriever, EveryMethodRanksAndRespectsK) {
  SearchOptions opts;
  opts.k = 3;
  EXPECT_TRUE(retriever_->has_intent());
  for (Method m : {Method::bm25, Method::dense, Method::intent, Method::rrf, Method::hybrid}) {
    const auto hits = retriever_->rank("enable 2fa", m, opts);
    ASSERT_FALSE(hits.empty()) << to_string(m);
    EXPECT_LE(hits.size(), 3u);
    EXPECT_EQ(retriever_->chunk(hits[0].chunk).doc_id, "faq-2fa") << to_string(m);
  }
  opts.kind = ChunkKind::article_section;
  const auto articles = retriever_->rank("forgot my PIN", Method::hybrid, opts);
  ASSERT_FALSE(articles.empty());
  EXPECT_EQ(retriever_->chunk(articles[0].chunk).kind, ChunkKind::article_section);
}

TEST_F(SmallRetriever, OffTopicQueryGetsLowerConfidence) {
  const auto on = retriever_->search("my card was stolen");
  const auto off = retriever_->search("recipe for banana bread");
  EXPECT_GT(on.confidence, off.confidence);
  EXPECT_TRUE(retriever_->search("").hits.empty());
}

TEST_F(SmallRetriever, SearchJsonCarriesIdsScoresAndDecision) {
  const auto j = search_json(*retriever_, "what is the fee for an overseas wire", 3);
  ASSERT_TRUE(j["results"].is_array());
  ASSERT_FALSE(j["results"].empty());
  EXPECT_LE(j["results"].size(), 3u);
  const auto& top = j["results"][0];
  EXPECT_EQ(top["faq_id"], "faq-wire-fee");
  EXPECT_EQ(top["kind"], "faq");
  EXPECT_GT(top["scores"]["bm25"].get<double>(), 0.0);
  EXPECT_GT(top["scores"]["fused"].get<double>(), 0.0);
  const double c = j["confidence"].get<double>();
  EXPECT_EQ(j["decision"], to_string(decide(c)));
  EXPECT_EQ(search_json(*retriever_, "", 3)["decision"], "escalate");
}

TEST(Snippet, CutsAtWordBoundary) {
  EXPECT_EQ(snippet("short text", 200), "short text");
  EXPECT_EQ(snippet("alpha beta gamma delta", 12), "alpha beta…");
}

}  // namespace
}  // namespace finchat::retrieval
