#include "app/intent_classifier.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace finchat::app {
namespace {

namespace fs = std::filesystem;

class IntentCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("finchat-intents-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    csv_ = (dir_ / "intents.csv").string();
    write_examples("");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write_examples(const std::string& extra) {
    std::ofstream out(csv_);
    out << "text,label\n";
    for (const char* t : {"what is the price of", "quote for the stock", "how much is the share",
                          "current price please", "stock price now", "share price today"}) {
      out << t << ",quote\n";
    }
    for (const char* t : {"hello there", "hi how are you", "good morning", "hey assistant",
                          "nice to meet you", "hello again"}) {
      out << t << ",smalltalk\n";
    }
    for (const char* t :
         {"my card was declined", "card not working at the shop", "the card payment failed",
          "card refused", "declined card again", "why was my card declined"}) {
      out << t << ",card\n";
    }
    out << extra;
  }

  size_t cached_models() const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_ / "cache")) {
      n += e.path().filename().string().rfind("intents-", 0) == 0;
    }
    return n;
  }

  fs::path dir_;
  std::string csv_;
};

TEST_F(IntentCacheTest, SecondStartLoadsTheCachedModelWithTheSamePredictions) {
  const std::string cache = (dir_ / "cache").string();
  bool from_cache = true;
  auto first = load_or_train_intents(csv_, cache, &from_cache);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(from_cache);
  EXPECT_EQ(cached_models(), 1u);

  auto second = load_or_train_intents(csv_, cache, &from_cache);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(from_cache);
  for (const char* q : {"price of the stock", "hello", "my card got declined"}) {
    auto a = first->predict(q, 1);
    auto b = second->predict(q, 1);
    EXPECT_EQ(a.label, b.label) << q;
    EXPECT_FLOAT_EQ(static_cast<float>(a.confidence), static_cast<float>(b.confidence)) << q;
  }
  EXPECT_EQ(second->predict("my card was declined at the shop", 1).label, "card");
}

TEST_F(IntentCacheTest, EditedExamplesRetrain) {
  const std::string cache = (dir_ / "cache").string();
  bool from_cache = true;
  ASSERT_TRUE(load_or_train_intents(csv_, cache, &from_cache));
  write_examples("good evening,smalltalk\n");
  auto retrained = load_or_train_intents(csv_, cache, &from_cache);
  ASSERT_TRUE(retrained) << retrained.error().message;
  EXPECT_FALSE(from_cache);
  EXPECT_EQ(cached_models(), 2u);
}

TEST_F(IntentCacheTest, DamagedCacheIsReplacedAndMissingFileIsAnError) {
  const std::string cache = (dir_ / "cache").string();
  ASSERT_TRUE(load_or_train_intents(csv_, cache));
  for (const auto& e : fs::directory_iterator(cache)) std::ofstream(e.path()) << "garbage";
  bool from_cache = true;
  auto again = load_or_train_intents(csv_, cache, &from_cache);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(from_cache);
  ASSERT_TRUE(load_or_train_intents(csv_, cache, &from_cache));
  EXPECT_TRUE(from_cache);

  auto missing = load_or_train_intents((dir_ / "nope.csv").string(), cache);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("nope.csv"), std::string::npos);
}

TEST_F(IntentCacheTest, EmptyCacheDirTrainsWithoutWriting) {
  bool from_cache = true;
  ASSERT_TRUE(load_or_train_intents(csv_, "", &from_cache));
  EXPECT_FALSE(from_cache);
  EXPECT_FALSE(fs::exists(dir_ / "cache"));
}

}  // namespace
}  // namespace finchat::app
