#pragma once
// Metrics (accuracy, macro-F1, per-class report, top confusions, out-of-scope figures) and
// stratified k-fold cross-validation for tuning on training data only.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "nlp/classifier.hpp"

namespace finchat::nlp {

struct ClassMetrics {
  std::string label;
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  size_t support = 0;  // true examples of this label
};

struct Confusion {
  std::string truth;
  std::string predicted;
  size_t count = 0;
};

struct EvalReport {
  size_t examples = 0;
  double accuracy = 0.0;
  double macro_f1 = 0.0;  // over labels present in the truth (the out-of-scope label included)
  std::vector<ClassMetrics> per_class;
  std::vector<Confusion> top_confusions;
  // Filled when the data holds examples of the model's out-of-scope label.
  std::string oos_label;
  size_t in_scope_examples = 0;
  size_t oos_examples = 0;
  double in_scope_accuracy = 0.0;  // in-scope examples predicted right and not flagged
  double oos_recall = 0.0;         // out-of-scope examples flagged
};

// Metrics from parallel truth/prediction lists. `oos_label` may be empty.
EvalReport score_predictions(const std::vector<std::string>& truth,
                             const std::vector<std::string>& predicted,
                             const std::string& oos_label, size_t top_confusions = 10);
EvalReport evaluate(const Classifier& model, const Dataset& data, size_t top_confusions = 10);
std::string format_report(const EvalReport& report);

// Fold id in [0, k) for every example, classes spread evenly over folds; deterministic in seed.
std::vector<int> stratified_folds(const std::vector<std::string>& labels, int k, uint64_t seed);

struct CrossValidation {
  std::vector<EvalReport> folds;
  double mean_accuracy = 0.0;
  double std_accuracy = 0.0;
  double mean_macro_f1 = 0.0;
};

Result<CrossValidation> cross_validate(const Dataset& data, const TrainOptions& options, int k);

struct TuneCandidate {
  std::string name;
  TrainOptions options;
};

struct TuneResult {
  size_t best = 0;  // index into candidates
  std::vector<CrossValidation> results;
};

// A small grid around `base` (SVM cost, n-gram ranges, class balancing) for tune().
std::vector<TuneCandidate> default_tuning_grid(const TrainOptions& base);

// Picks the candidate with the best mean macro-F1 under k-fold CV.
Result<TuneResult> tune(const Dataset& data, const std::vector<TuneCandidate>& candidates, int k);

}  // namespace finchat::nlp
