#pragma once
// General text classifier (tickets, intents, priority, sentiment): TF-IDF word + character
// n-grams feeding an ensemble of multinomial logistic regression and one-vs-rest linear SVMs,
// whose calibrated probabilities are averaged. Optional out-of-scope detection by a confidence
// threshold chosen on held-out data.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "nlp/dataset.hpp"
#include "nlp/features.hpp"
#include "nlp/linear.hpp"

namespace finchat::nlp {

struct TrainOptions {
  FeatureOptions features;
  bool use_logistic = true;
  bool use_svm = true;
  SoftmaxOptions logistic;
  SvmOptions svm;
  double svm_weight = 0.5;  // share of the SVM in the averaged probabilities
  // Weight each class by n / (classes * n_class) so rare classes count as much as common ones
  // (helps macro-F1 on skewed data such as ticket queues or sentiment).
  bool balance_classes = false;
  // Examples carrying this label are out-of-scope examples: they are not a class, they only
  // teach the confidence threshold. Empty: no out-of-scope detection.
  std::string oos_label;
  // Share of in-scope training data held out (stratified) to calibrate probabilities and pick
  // the out-of-scope threshold; the final models are then refit on everything. 0 disables.
  double calibration_fraction = 0.2;
  uint64_t seed = 42;
  int threads = 2;
  // Recorded in the model so that evaluation can default to the same columns.
  std::string text_column = "text";
  std::string label_column = "label";
};

struct ScoredLabel {
  std::string label;
  double probability = 0.0;
};

struct Prediction {
  std::string label;        // best in-scope label, or the out-of-scope label when out_of_scope
  double confidence = 0.0;  // probability of the best in-scope label
  std::vector<ScoredLabel> top_k;  // best in-scope labels, most probable first
  bool out_of_scope = false;
};

class Classifier {
 public:
  Prediction predict(std::string_view text, size_t top_k = 3) const;
  // Ensemble probabilities aligned with labels().
  std::vector<float> probabilities(std::string_view text) const;

  const std::vector<std::string>& labels() const { return labels_; }
  const std::string& oos_label() const { return oos_label_; }
  double oos_threshold() const { return oos_threshold_; }
  void set_oos_threshold(double threshold) { oos_threshold_ = static_cast<float>(threshold); }
  const std::string& text_column() const { return text_column_; }
  const std::string& label_column() const { return label_column_; }
  size_t feature_count() const { return features_.dimension(); }

  Status save(const std::string& path) const;
  static Result<Classifier> load(const std::string& path);

 private:
  friend class ClassifierBuilder;
  friend class ClassifierCodec;

  void raw_scores(const SparseVector& x, std::vector<float>& lr, std::vector<float>& svm) const;
  std::vector<float> combine(std::vector<float>& lr, std::vector<float>& svm) const;

  FeatureSpace features_;
  std::vector<std::string> labels_;
  bool has_logistic_ = false;
  bool has_svm_ = false;
  LinearModel logistic_;
  LinearModel svm_;
  float logistic_scale_ = 1.0f;  // softmax temperature (inverse) fitted on held-out data
  float svm_scale_ = 10.0f;
  float svm_weight_ = 0.5f;
  float oos_threshold_ = 0.0f;
  std::string oos_label_ = "oos";
  std::string text_column_ = "text";
  std::string label_column_ = "label";
};

Result<Classifier> train(const Dataset& data, const TrainOptions& options = {});
inline Result<Classifier> load(const std::string& path) { return Classifier::load(path); }

}  // namespace finchat::nlp
