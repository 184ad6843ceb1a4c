#include "retrieval/fit_cache.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "retrieval/test_corpus.hpp"

namespace finchat::retrieval {
namespace {

namespace fs = std::filesystem;

FitConfig small_config() {
  FitConfig cfg;
  cfg.encoder.buckets = 1u << 12;
  cfg.encoder.dim = 16;
  cfg.train.epochs = 5;
  cfg.train.batch_size = 8;
  cfg.folds = 2;
  return cfg;
}

struct FitCache : ::testing::Test {
  void SetUp() override {
    dir = fs::temp_directory_path() / ("fit-cache-" + std::to_string(::getpid()));
    fs::remove_all(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

TEST_F(FitCache, KeyDependsOnContentAndConfig) {
  auto chunks = testing::small_faq_corpus();
  const auto key = fit_cache_key(chunks, small_config());
  EXPECT_EQ(key, fit_cache_key(chunks, small_config()));
  auto edited = chunks;
  edited[0].text += " Updated.";
  EXPECT_NE(key, fit_cache_key(edited, small_config()));
  auto more = chunks;
  more[0].paraphrases.push_back("one more way to ask");
  EXPECT_NE(key, fit_cache_key(more, small_config()));
  auto cfg = small_config();
  cfg.train.epochs = 6;
  EXPECT_NE(key, fit_cache_key(chunks, cfg));
}

TEST_F(FitCache, SecondFitLoadsTheSameModelsAndDataChangesInvalidate) {
  auto chunks = testing::small_faq_corpus();
  bool cached = true;
  auto first = fit_models_cached(chunks, small_config(), dir.string(), &cached);
  EXPECT_FALSE(cached);
  auto second = fit_models_cached(chunks, small_config(), dir.string(), &cached);
  EXPECT_TRUE(cached);
  EXPECT_EQ(first.rerank.weights, second.rerank.weights);
  ASSERT_NE(first.intent, nullptr);
  ASSERT_NE(second.intent, nullptr);  // the intent model is cached too
  EXPECT_EQ(first.intent->probabilities("lost card"), second.intent->probabilities("lost card"));
  EXPECT_DOUBLE_EQ(first.calibration.c, second.calibration.c);
  // Same rankings and confidence from the cached models.
  auto a = make_retriever(chunks, first), b = make_retriever(chunks, second);
  auto ra = a->search("fee for sending a wire overseas"),
       rb = b->search("fee for sending a wire overseas");
  ASSERT_FALSE(ra.hits.empty());
  EXPECT_EQ(ra.hits[0].chunk, rb.hits[0].chunk);
  EXPECT_NEAR(ra.confidence, rb.confidence, 1e-9);

  chunks[1].text += " Call us any time.";  // the KB changed: the cache no longer applies
  fit_models_cached(chunks, small_config(), dir.string(), &cached);
  EXPECT_FALSE(cached);
  fit_models_cached(chunks, small_config(), dir.string(), &cached);
  EXPECT_TRUE(cached);
}

TEST_F(FitCache, DamagedCacheIsRefitNotFatal) {
  auto chunks = testing::small_faq_corpus();
  const auto key = fit_cache_key(chunks, small_config());
  bool cached = true;
  fit_models_cached(chunks, small_config(), dir.string(), &cached);
  std::ofstream(dir / ("help-" + key + ".models.json"), std::ios::trunc) << "{not json";
  auto loaded = load_fitted_models(dir.string(), key);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("models.json"), std::string::npos);
  auto refit = fit_models_cached(chunks, small_config(), dir.string(), &cached);
  EXPECT_FALSE(cached);
  EXPECT_TRUE(refit.encoder != nullptr);
  EXPECT_TRUE(load_fitted_models(dir.string(), key).ok()) << "rewritten";
  EXPECT_EQ(load_fitted_models(dir.string(), "nope").error().kind, ErrorKind::not_found);
}

}  // namespace
}  // namespace finchat::retrieval
