#include "finance/documents/bullet_fit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "finance/documents/bullet_scorer.hpp"
#include "finance/documents/eval.hpp"

namespace finchat::documents {
namespace {

namespace fs = std::filesystem;

BulletExample example(std::vector<double> features, int label) {
  return {"doc.txt", "1revenue", "$1", std::move(features), label};
}

TEST(BulletFit, SeparableDataGetsSignsRightAndLossFalls) {
  // Feature 0 rises with the label, feature 1 falls with it, feature 2 is noise.
  std::vector<BulletExample> data;
  for (int i = 0; i < 60; ++i) {
    const int y = i % 2;
    data.push_back(example({y + 0.1 * (i % 5), 1.0 - y + 0.05 * (i % 3), 0.2 * (i % 7)}, y));
  }
  const BulletModel zero{{0, 0, 0}, 0};
  const auto model = fit_bullet_model(data, 1e-3);
  ASSERT_EQ(model.weights.size(), 3u);
  EXPECT_GT(model.weights[0], 1.0);
  EXPECT_LT(model.weights[1], -1.0);
  EXPECT_NEAR(mean_log_loss(data, zero), std::log(2.0), 1e-12);
  EXPECT_LT(mean_log_loss(data, model), 0.1);
  // A stronger penalty keeps the weights smaller and the loss higher.
  const auto shrunk = fit_bullet_model(data, 1.0);
  EXPECT_LT(std::abs(shrunk.weights[0]), std::abs(model.weights[0]));
  EXPECT_GT(mean_log_loss(data, shrunk), mean_log_loss(data, model));
}

TEST(BulletFit, InitializerIsPasteableCpp) {
  const auto s = cpp_initializer({{1.5, -0.25}, -0.6977});
  EXPECT_NE(s.find("constexpr double kBias = -0.6977;"), std::string::npos) << s;
  EXPECT_NE(s.find("kWeights[kBulletFeatures] = {\n    1.5000, -0.2500};"), std::string::npos) << s;
}

TEST(BulletFit, LabelNeedsTheNumberAndTheMetric) {
  const std::vector<std::string> ref = {"Q1 Non-GAAP earnings per share $1.37",
                                        "q1 revenue rose 9.4 percent to $356.8 million"};
  EXPECT_TRUE(reference_states(ref, "$356.8 million", "1revenue"));
  EXPECT_TRUE(reference_states(ref, "$1.37", "0epsa"));
  EXPECT_TRUE(reference_states(ref, "$1.37.", "2epsy"));            // trailing separator trimmed
  EXPECT_FALSE(reference_states(ref, "$356.8 million", "0epsa"));   // no "share" on that line
  EXPECT_FALSE(reference_states(ref, "$1.3", "0epsa"));             // part of a longer number
  EXPECT_FALSE(reference_states(ref, "$6.8 million", "1revenue"));  // "356.8" is not "6.8"
  EXPECT_FALSE(reference_states(ref, "$0.30", "0epsa"));
}

class BulletFitDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("finchat_bullet_fit_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "ects");
    fs::create_directories(dir_ / "gt_summaries");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  fs::path dir_;
};

TEST_F(BulletFitDir, LabelsCandidatesOfATinySplit) {
  write("ects/a.txt",
        "Good morning and welcome to our first quarter call.\n"
        "First quarter revenue rose 9.4% to $356.8 million.\n"
        "Non-GAAP earnings per share were $1.37 compared to $0.30 last year.\n");
  write("gt_summaries/a.txt", "q1 revenue rose 9.4 percent to $356.8 million\n");
  auto examples = bullet_examples(dir_.string());
  ASSERT_TRUE(examples.ok()) << examples.error().message;
  int revenue = 0, others = 0;
  for (const auto& e : *examples) {
    EXPECT_EQ(e.features.size(), kBulletFeatures);
    (e.value == "$356.8 million" ? revenue : others) += 1;
    EXPECT_EQ(e.label, e.value == "$356.8 million" ? 1 : 0) << e.value;
  }
  EXPECT_EQ(revenue, 1);
  EXPECT_GE(others, 1);
  std::ostringstream out, err;
  EXPECT_EQ(run_documents_cli({"fit", "bullets", dir_.string(), "--l2", "0.01"}, out, err), 0)
      << err.str();
  EXPECT_NE(out.str().find("constexpr double kWeights[kBulletFeatures]"), std::string::npos);
}

TEST_F(BulletFitDir, BadDirectoriesGiveClearErrors) {
  const auto missing = bullet_examples((dir_ / "nope").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("expected ects/ and gt_summaries/"), std::string::npos);
  write("ects/b.txt", "Revenue was $5 million.\n");
  const auto no_reference = bullet_examples(dir_.string());
  ASSERT_FALSE(no_reference.ok());
  EXPECT_NE(no_reference.error().message.find("missing reference summary for b.txt"),
            std::string::npos)
      << no_reference.error().message;
  std::ostringstream out, err;
  EXPECT_EQ(run_documents_cli({"fit", "bullets", (dir_ / "nope").string()}, out, err), 1);
  EXPECT_NE(err.str().find("nope"), std::string::npos);
  EXPECT_EQ(run_documents_cli({"fit", "bullets", dir_.string(), "--l2", "x"}, out, err), 2);
  EXPECT_EQ(run_documents_cli({"fit", "bullets", dir_.string(), "--l2", "-1"}, out, err), 2);
}

}  // namespace
}  // namespace finchat::documents
