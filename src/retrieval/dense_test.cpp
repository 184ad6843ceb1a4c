#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "retrieval/dense_index.hpp"
#include "retrieval/encoder.hpp"
#include "retrieval/fit.hpp"
#include "retrieval/test_corpus.hpp"

namespace finchat::retrieval {
namespace {
namespace fs = std::filesystem;

EncoderConfig small_config() {
  EncoderConfig c;
  c.buckets = 1u << 12;
  c.dim = 32;
  return c;
}

TEST(Encoder, EncodesToUnitVectors) {
  Encoder enc(small_config());
  const auto v = enc.encode("reset my card PIN");
  EXPECT_EQ(v.size(), 32);
  EXPECT_NEAR(v.norm(), 1.0f, 1e-5f);
  EXPECT_FLOAT_EQ(enc.encode("").norm(), 0.0f);
  // Typos still share character n-grams.
  EXPECT_GT(enc.encode("overdraft").dot(enc.encode("overdraf")), 0.5f);
}

TEST(Encoder, SaveLoadRoundTripIsExact) {
  Encoder enc(small_config());
  enc.fit_idf({"wire fee", "card pin", "pin reset"});
  train_contrastive(enc, {{"forgot pin", "reset pin"}, {"wire fee", "cost of a wire"}},
                    TrainConfig{.epochs = 2});
  const fs::path path =
      fs::temp_directory_path() / ("enc-" + std::to_string(std::random_device{}()) + ".bin");
  ASSERT_TRUE(enc.save(path).ok());
  auto loaded = Encoder::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->config().buckets, enc.config().buckets);
  EXPECT_EQ(loaded->idf(), enc.idf());
  EXPECT_TRUE(loaded->projection() == enc.projection());
  EXPECT_TRUE(loaded->encode("wire fee abroad") == enc.encode("wire fee abroad"));
  // Truncated and foreign files are errors, not crashes.
  fs::resize_file(path, 40);
  EXPECT_FALSE(Encoder::load(path).ok());
  std::ofstream(path, std::ios::trunc) << "hello";
  EXPECT_FALSE(Encoder::load(path).ok());
  fs::remove(path);
  EXPECT_FALSE(Encoder::load(path).ok());
}

TEST(Encoder, ContrastiveTrainingPullsParaphrasesTogether) {
  const auto chunks = testing::small_faq_corpus();
  auto trained = std::make_shared<Encoder>(small_config());
  const auto report = train_contrastive(*trained, training_groups(chunks),
                                        TrainConfig{.epochs = 40, .batch_size = 8});
  EXPECT_GT(report.steps, 0u);
  EXPECT_LT(report.last_epoch_loss, 0.5 * report.first_epoch_loss);
  // A trained model puts a paraphrase nearer its own question than another FAQ's.
  const auto q = trained->encode("I lost my debit card");
  EXPECT_GT(q.dot(trained->encode("What should I do if my card is lost or stolen?")),
            q.dot(trained->encode("How much does an international wire transfer cost?")));
}

TEST(DenseIndex, ScoresDocumentsByBestVector) {
  DenseIndex index(2);
  index.add(0, Eigen::Vector2f(1, 0));
  index.add(0, Eigen::Vector2f(0, 1));
  index.add(3, Eigen::Vector2f(0.6f, 0.8f));
  const auto by_doc = index.scores_by_doc(Eigen::Vector2f(0, 1));
  ASSERT_EQ(by_doc.size(), 4u);
  EXPECT_NEAR(by_doc[0], 1.0f, 0.01f);  // int8 codes: about two decimal places
  EXPECT_EQ(by_doc[1], DenseIndex::kAbsent);
  EXPECT_NEAR(by_doc[3], 0.8f, 0.01f);
  auto top = index.search(Eigen::Vector2f(0, 1), 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].id, 0u);
  index.remove(0);
  EXPECT_EQ(index.vectors(), 1u);
  top = index.search(Eigen::Vector2f(0, 1), 5);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].id, 3u);
  EXPECT_TRUE(index.search(Eigen::Vector2f(0, 1), 5, [](uint32_t d) { return d != 3; }).empty());
}

}  // namespace
}  // namespace finchat::retrieval
