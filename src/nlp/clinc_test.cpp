// Accuracy floors on the public CLINC150 development data (skipped when ../shared is absent).
// Debug+ASan builds are slow, so this trains on a subset of intents; the full-data figures
// come from `nlp_dev clinc` in a release build.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "nlp/classifier.hpp"
#include "nlp/evaluate.hpp"

namespace finchat::nlp {
namespace {

const std::string kClinc =
    std::string(FINCHAT_SHARED_DIR) + "/data/intents/clinc150/clinc150_dev.json";

Dataset load_split(const std::string& split) {
  DatasetSpec spec;
  spec.split = split;
  auto data = load_dataset(kClinc, spec);
  EXPECT_TRUE(data.ok()) << (data.ok() ? "" : data.error().message);
  return data.ok() ? *data : Dataset{};
}

Dataset keep_labels(const Dataset& data, const std::set<std::string>& labels) {
  Dataset out;
  for (const auto& e : data.examples) {
    if (labels.count(e.label) != 0) out.examples.push_back(e);
  }
  return out;
}

TEST(Clinc150, SubsetValAccuracyAndOutOfScope) {
  if (!std::filesystem::exists(kClinc)) GTEST_SKIP() << "shared CLINC150 data not present";
  const Dataset train_all = load_split("train");
  std::set<std::string> chosen;
  for (const auto& label : train_all.labels()) {
    if (chosen.size() < 25) chosen.insert(label);  // the first 25 intents alphabetically
  }
  Dataset train_set = keep_labels(train_all, chosen);
  const Dataset oos_train = load_split("oos_train");
  train_set.examples.insert(train_set.examples.end(), oos_train.examples.begin(),
                            oos_train.examples.end());
  TrainOptions options;
  options.oos_label = "oos";
  options.threads = 2;
  auto model = train(train_set, options);
  ASSERT_TRUE(model.ok()) << model.error().message;
  ASSERT_EQ(model->labels().size(), 25u);

  const Dataset val = keep_labels(load_split("val"), chosen);
  const double threshold = model->oos_threshold();
  model->set_oos_threshold(0.0);
  const EvalReport in_scope = evaluate(*model, val);
  // Measured 0.964 (release and Debug+ASan builds agree); floor leaves room for platform float
  // differences.
  EXPECT_GE(in_scope.accuracy, 0.92);

  model->set_oos_threshold(threshold);
  Dataset with_oos = val;
  const Dataset oos_val = load_split("oos_val");
  with_oos.examples.insert(with_oos.examples.end(), oos_val.examples.begin(),
                           oos_val.examples.end());
  const EvalReport oos = evaluate(*model, with_oos);
  std::printf(
      "CLINC150 25-intent subset: val accuracy %.4f, with OOS: in-scope %.4f, "
      "OOS recall %.4f (threshold %.3f)\n",
      in_scope.accuracy, oos.in_scope_accuracy, oos.oos_recall, threshold);
  EXPECT_GT(oos.oos_recall, 0.5);
  EXPECT_GT(oos.in_scope_accuracy, 0.75);
}

}  // namespace
}  // namespace finchat::nlp
