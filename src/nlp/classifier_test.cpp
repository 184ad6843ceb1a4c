#include "nlp/classifier.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <limits>

#include "nlp/csv.hpp"
#include "nlp/evaluate.hpp"
#include "nlp/half.hpp"

namespace finchat::nlp {
namespace {

// Three topics with disjoint vocabularies: perfectly separable.
Dataset synthetic(size_t per_class, uint64_t seed) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> topics = {
      {"cards", {"card", "lost", "stolen", "pin", "blocked", "debit", "replace"}},
      {"transfer", {"wire", "transfer", "iban", "swift", "sent", "recipient", "arrive"}},
      {"invest", {"stock", "shares", "portfolio", "dividend", "etf", "buy", "sell"}},
  };
  Dataset data;
  uint64_t state = seed;
  for (size_t i = 0; i < per_class; ++i) {
    for (const auto& [label, words] : topics) {
      std::string text = "please help";
      for (int w = 0; w < 4; ++w) text += " " + words[next_random(state) % words.size()];
      data.examples.push_back({text, label});
    }
  }
  return data;
}

TrainOptions fast_options() {
  TrainOptions o;
  o.features.min_df = 1;
  o.logistic.epochs = 8;
  o.threads = 1;
  return o;
}

TEST(Classifier, SeparableDataReachesPerfectAccuracy) {
  auto model = train(synthetic(30, 1), fast_options());
  ASSERT_TRUE(model.ok()) << model.error().message;
  const EvalReport report = evaluate(*model, synthetic(20, 99));
  EXPECT_DOUBLE_EQ(report.accuracy, 1.0);
  EXPECT_DOUBLE_EQ(report.macro_f1, 1.0);
  EXPECT_TRUE(report.top_confusions.empty());
  const Prediction p = model->predict("my debit card was stolen", 2);
  EXPECT_EQ(p.label, "cards");
  ASSERT_EQ(p.top_k.size(), 2u);
  EXPECT_GE(p.top_k[0].probability, p.top_k[1].probability);
  EXPECT_FALSE(p.out_of_scope);
}

TEST(Classifier, EachModelAloneAlsoSeparates) {
  for (int which = 0; which < 2; ++which) {
    TrainOptions o = fast_options();
    o.use_logistic = which == 0;
    o.use_svm = which == 1;
    auto model = train(synthetic(30, 2), o);
    ASSERT_TRUE(model.ok());
    EXPECT_DOUBLE_EQ(evaluate(*model, synthetic(10, 5)).accuracy, 1.0) << which;
  }
}

TEST(Classifier, TrainingIsDeterministic) {
  auto a = train(synthetic(20, 3), fast_options());
  auto b = train(synthetic(20, 3), fast_options());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->probabilities("wire sent to iban"), b->probabilities("wire sent to iban"));
}

TEST(Classifier, RejectsSingleLabelAndNoModels) {
  Dataset one;
  one.examples = {{"a", "x"}, {"b", "x"}};
  EXPECT_FALSE(train(one, fast_options()).ok());
  TrainOptions none = fast_options();
  none.use_logistic = false;
  none.use_svm = false;
  EXPECT_FALSE(train(synthetic(5, 1), none).ok());
}

TEST(Classifier, SaveLoadRoundTripGivesIdenticalPredictions) {
  TrainOptions o = fast_options();
  o.oos_label = "other";
  Dataset data = synthetic(30, 4);
  data.examples.push_back({"what is the weather like", "other"});
  data.examples.push_back({"tell me a joke", "other"});
  auto model = train(data, o);
  ASSERT_TRUE(model.ok());
  const std::string path = ::testing::TempDir() + "nlp_model_roundtrip.bin";
  ASSERT_TRUE(model->save(path).ok());
  auto loaded = Classifier::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->labels(), model->labels());
  EXPECT_EQ(loaded->oos_threshold(), model->oos_threshold());
  EXPECT_EQ(loaded->oos_label(), "other");
  for (const char* text : {"lost my card", "buy shares of etf", "random words here", ""}) {
    EXPECT_EQ(loaded->probabilities(text), model->probabilities(text)) << text;
    EXPECT_EQ(loaded->predict(text).label, model->predict(text).label) << text;
  }
  std::remove(path.c_str());
}

TEST(Classifier, CorruptOrMissingModelFileIsAnError) {
  auto model = train(synthetic(10, 5), fast_options());
  ASSERT_TRUE(model.ok());
  const std::string path = ::testing::TempDir() + "nlp_model_corrupt.bin";
  ASSERT_TRUE(model->save(path).ok());
  const std::string bytes = read_text_file(path).value();
  auto write = [&](const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x5A;
  write(flipped);
  auto bad = Classifier::load(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("corrupt"), std::string::npos);
  write(bytes.substr(0, bytes.size() / 3));
  EXPECT_FALSE(Classifier::load(path).ok());
  write("not a model at all");
  EXPECT_FALSE(Classifier::load(path).ok());
  std::string future = bytes;
  future[8] = 99;  // version field
  write(future);
  auto version = Classifier::load(path);
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.error().message.find("version"), std::string::npos);
  std::remove(path.c_str());
  EXPECT_EQ(Classifier::load(path).error().kind, ErrorKind::not_found);
}

TEST(Classifier, OutOfScopeThresholdFlagsLowConfidence) {
  TrainOptions o = fast_options();
  o.oos_label = "oos";
  Dataset data = synthetic(40, 6);
  const char* unrelated[] = {"what time is it in tokyo",  "play some jazz music",
                             "how tall is mount everest", "tell me a joke about cats",
                             "set an alarm for seven",    "what is the capital of peru",
                             "recipe for banana bread",   "who won the football game"};
  for (const char* t : unrelated) data.examples.push_back({t, "oos"});
  auto model = train(data, o);
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->labels().size(), 3u);  // the out-of-scope label is not a class
  EXPECT_GT(model->oos_threshold(), 0.0);
  const Prediction in = model->predict("card stolen pin blocked");
  EXPECT_FALSE(in.out_of_scope);
  EXPECT_EQ(in.label, "cards");
  model->set_oos_threshold(1.01);  // nothing is that confident
  const Prediction forced = model->predict("card stolen pin blocked");
  EXPECT_TRUE(forced.out_of_scope);
  EXPECT_EQ(forced.label, "oos");
  EXPECT_EQ(forced.top_k[0].label, "cards");  // candidates are still reported
  model->set_oos_threshold(0.0);
  EXPECT_FALSE(model->predict("zzz qqq").out_of_scope);
}

TEST(Features, VectorsAreUnitLengthAndMaxFeaturesCaps) {
  FeatureOptions options;
  options.min_df = 1;
  FeatureSpace space(options);
  space.fit({"card lost", "card stolen", "wire late", "card"});
  const SparseVector v = space.transform("my card was lost");
  double norm2 = 0.0;
  for (float x : v.value) norm2 += static_cast<double>(x) * x;
  EXPECT_NEAR(norm2, 1.0, 1e-5);
  EXPECT_TRUE(space.transform("zzz").index.empty());  // unseen text has no features
  options.max_features = 5;
  FeatureSpace capped(options);
  capped.fit({"card lost", "card stolen", "wire late", "card"});
  EXPECT_EQ(capped.dimension(), 5u);
  EXPECT_FALSE(capped.transform("card").index.empty());  // the most frequent survive
}

TEST(Half, ConvertsExactlyRepresentableValuesAndRounds) {
  for (float v : {0.0f, 1.0f, -2.5f, 0.000061035156f, 65504.0f, 0.099975586f}) {
    EXPECT_EQ(half_to_float(float_to_half(v)), v) << v;
  }
  EXPECT_EQ(float_to_half(1.0f), 0x3C00);
  EXPECT_EQ(float_to_half(-2.0f), 0xC000);
  EXPECT_EQ(half_to_float(float_to_half(1e6f)), std::numeric_limits<float>::infinity());
  EXPECT_EQ(half_to_float(float_to_half(1e-9f)), 0.0f);
  EXPECT_NEAR(half_to_float(float_to_half(0.1f)), 0.1f, 1e-4);
  EXPECT_NEAR(half_to_float(float_to_half(3e-6f)), 3e-6f, 6e-8);  // subnormal range
}

TEST(Evaluate, MetricsAndConfusions) {
  const std::vector<std::string> truth = {"a", "a", "a", "b", "b", "oos", "oos"};
  const std::vector<std::string> pred = {"a", "a", "b", "b", "a", "oos", "b"};
  const EvalReport r = score_predictions(truth, pred, "oos");
  EXPECT_NEAR(r.accuracy, 4.0 / 7.0, 1e-12);
  ASSERT_EQ(r.per_class.size(), 3u);
  EXPECT_EQ(r.per_class[0].label, "a");
  EXPECT_NEAR(r.per_class[0].precision, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.per_class[0].recall, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.per_class[1].precision, 1.0 / 3.0, 1e-12);  // b predicted 3 times, 1 right
  EXPECT_EQ(r.oos_examples, 2u);
  EXPECT_NEAR(r.oos_recall, 0.5, 1e-12);
  EXPECT_NEAR(r.in_scope_accuracy, 3.0 / 5.0, 1e-12);
  ASSERT_FALSE(r.top_confusions.empty());
  EXPECT_EQ(r.top_confusions.size(), 3u);
  const std::string text = format_report(r);
  EXPECT_NE(text.find("macro-F1"), std::string::npos);
  EXPECT_NE(text.find("a -> b: 1"), std::string::npos);
  EXPECT_NE(text.find("out-of-scope recall"), std::string::npos);
}

TEST(CrossValidation, StratifiedFoldsBalanceClasses) {
  std::vector<std::string> labels;
  labels.reserve(50);
  for (int i = 0; i < 50; ++i) labels.push_back(i < 40 ? "big" : "small");
  const std::vector<int> folds = stratified_folds(labels, 5, 7);
  std::vector<int> big(5, 0);
  std::vector<int> small(5, 0);
  for (size_t i = 0; i < labels.size(); ++i) (labels[i] == "big" ? big : small)[folds[i]]++;
  for (int f = 0; f < 5; ++f) {
    EXPECT_EQ(big[f], 8);
    EXPECT_EQ(small[f], 2);
  }
  EXPECT_EQ(stratified_folds(labels, 5, 7), folds);
}

TEST(CrossValidation, CrossValidateAndTune) {
  const Dataset data = synthetic(20, 8);
  auto cv = cross_validate(data, fast_options(), 3);
  ASSERT_TRUE(cv.ok());
  EXPECT_EQ(cv->folds.size(), 3u);
  EXPECT_DOUBLE_EQ(cv->mean_accuracy, 1.0);
  EXPECT_FALSE(cross_validate(data, fast_options(), 1).ok());
  TrainOptions words_only = fast_options();
  words_only.features.char_ngram_max = 0;
  auto tuned = tune(data, {{"default", fast_options()}, {"words", words_only}}, 3);
  ASSERT_TRUE(tuned.ok());
  EXPECT_EQ(tuned->results.size(), 2u);
  EXPECT_LT(tuned->best, 2u);
}

}  // namespace
}  // namespace finchat::nlp
