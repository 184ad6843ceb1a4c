#include "nlp/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <numeric>
#include <sstream>

#include "nlp/linear.hpp"

namespace finchat::nlp {
namespace {

double ratio(size_t num, size_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

EvalReport score_predictions(const std::vector<std::string>& truth,
                             const std::vector<std::string>& predicted,
                             const std::string& oos_label, size_t top_confusions) {
  EvalReport r;
  r.examples = std::min(truth.size(), predicted.size());
  std::map<std::string, size_t> tp;
  std::map<std::string, size_t> true_count;
  std::map<std::string, size_t> pred_count;
  std::map<std::pair<std::string, std::string>, size_t> confusions;
  size_t correct = 0;
  size_t in_scope_correct = 0;
  size_t oos_flagged = 0;
  for (size_t i = 0; i < r.examples; ++i) {
    const bool hit = truth[i] == predicted[i];
    correct += hit ? 1 : 0;
    ++true_count[truth[i]];
    ++pred_count[predicted[i]];
    if (hit) {
      ++tp[truth[i]];
    } else {
      ++confusions[{truth[i], predicted[i]}];
    }
    if (!oos_label.empty() && truth[i] == oos_label) {
      ++r.oos_examples;
      oos_flagged += hit ? 1 : 0;
    } else {
      ++r.in_scope_examples;
      in_scope_correct += hit ? 1 : 0;
    }
  }
  r.accuracy = ratio(correct, r.examples);
  double f1_sum = 0.0;
  for (const auto& [label, support] : true_count) {
    ClassMetrics m;
    m.label = label;
    m.support = support;
    m.precision = ratio(tp[label], pred_count[label]);
    m.recall = ratio(tp[label], support);
    m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
    f1_sum += m.f1;
    r.per_class.push_back(m);
  }
  r.macro_f1 = r.per_class.empty() ? 0.0 : f1_sum / static_cast<double>(r.per_class.size());
  for (const auto& [pair, count] : confusions)
    r.top_confusions.push_back({pair.first, pair.second, count});
  std::stable_sort(r.top_confusions.begin(), r.top_confusions.end(),
                   [](const Confusion& a, const Confusion& b) { return a.count > b.count; });
  if (r.top_confusions.size() > top_confusions) r.top_confusions.resize(top_confusions);
  if (r.oos_examples > 0) {
    r.oos_label = oos_label;
    r.in_scope_accuracy = ratio(in_scope_correct, r.in_scope_examples);
    r.oos_recall = ratio(oos_flagged, r.oos_examples);
  }
  return r;
}

EvalReport evaluate(const Classifier& model, const Dataset& data, size_t top_confusions) {
  std::vector<std::string> truth;
  std::vector<std::string> predicted;
  truth.reserve(data.size());
  predicted.reserve(data.size());
  for (const auto& e : data.examples) {
    truth.push_back(e.label);
    predicted.push_back(model.predict(e.text, 1).label);
  }
  return score_predictions(truth, predicted, model.oos_label(), top_confusions);
}

std::string format_report(const EvalReport& r) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(4);
  out << "examples: " << r.examples << "\n";
  out << "accuracy: " << r.accuracy << "\n";
  out << "macro-F1: " << r.macro_f1 << "\n";
  if (r.oos_examples > 0) {
    out << "in-scope accuracy: " << r.in_scope_accuracy << " (" << r.in_scope_examples
        << " examples)\n";
    out << "out-of-scope recall ('" << r.oos_label << "'): " << r.oos_recall << " ("
        << r.oos_examples << " examples)\n";
  }
  int width = 5;
  for (const auto& m : r.per_class) width = std::max(width, static_cast<int>(m.label.size()));
  out << "\n"
      << std::left << std::setw(width) << "label"
      << "  precision  recall  f1      support\n";
  for (const auto& m : r.per_class) {
    out << std::left << std::setw(width) << m.label << "  " << std::setw(9) << m.precision << "  "
        << std::setw(6) << m.recall << "  " << std::setw(6) << m.f1 << "  " << m.support << "\n";
  }
  out << "\ntop confusions (truth -> predicted: count)\n";
  if (r.top_confusions.empty()) out << "  none\n";
  for (const auto& c : r.top_confusions) {
    out << "  " << c.truth << " -> " << c.predicted << ": " << c.count << "\n";
  }
  return out.str();
}

std::vector<int> stratified_folds(const std::vector<std::string>& labels, int k, uint64_t seed) {
  std::vector<int> fold(labels.size(), 0);
  if (k < 2) return fold;
  std::map<std::string, std::vector<size_t>> by_label;
  for (size_t i = 0; i < labels.size(); ++i) by_label[labels[i]].push_back(i);
  uint64_t rng = seed;
  size_t offset = 0;  // rotates the starting fold so small classes do not all land in fold 0
  for (auto& [label, members] : by_label) {
    deterministic_shuffle(members, rng);
    for (size_t j = 0; j < members.size(); ++j) {
      fold[members[j]] = static_cast<int>((j + offset) % static_cast<size_t>(k));
    }
    offset += members.size();
  }
  return fold;
}

Result<CrossValidation> cross_validate(const Dataset& data, const TrainOptions& options, int k) {
  if (k < 2) return Error::invalid("cross-validation needs k >= 2", "folds");
  std::vector<std::string> labels;
  for (const auto& e : data.examples) labels.push_back(e.label);
  const std::vector<int> folds = stratified_folds(labels, k, options.seed);
  CrossValidation cv;
  for (int f = 0; f < k; ++f) {
    Dataset train_part;
    Dataset test_part;
    for (size_t i = 0; i < data.size(); ++i) {
      (folds[i] == f ? test_part : train_part).examples.push_back(data.examples[i]);
    }
    auto model = train(train_part, options);
    if (!model.ok()) return model.error();
    cv.folds.push_back(evaluate(*model, test_part));
  }
  double sum = 0.0;
  double sum_sq = 0.0;
  double f1 = 0.0;
  for (const auto& r : cv.folds) {
    sum += r.accuracy;
    sum_sq += r.accuracy * r.accuracy;
    f1 += r.macro_f1;
  }
  cv.mean_accuracy = sum / k;
  cv.std_accuracy = std::sqrt(std::max(0.0, sum_sq / k - cv.mean_accuracy * cv.mean_accuracy));
  cv.mean_macro_f1 = f1 / k;
  return cv;
}

std::vector<TuneCandidate> default_tuning_grid(const TrainOptions& base) {
  std::vector<TuneCandidate> grid;
  grid.push_back({"as given", base});
  for (double cost : {0.3, 3.0}) {
    TuneCandidate c{"svm c=" + std::to_string(cost).substr(0, 3), base};
    c.options.svm.c = cost;
    c.options.logistic.lambda = base.logistic.lambda / cost;  // regularise both alike
    grid.push_back(c);
  }
  TuneCandidate wide{"words 1-3, chars 1-4", base};
  wide.options.features.word_ngram_max = 3;
  wide.options.features.char_ngram_min = 1;
  wide.options.features.char_ngram_max = 4;
  grid.push_back(wide);
  TuneCandidate balanced{"balanced classes", base};
  balanced.options.balance_classes = true;
  grid.push_back(balanced);
  return grid;
}

Result<TuneResult> tune(const Dataset& data, const std::vector<TuneCandidate>& candidates, int k) {
  if (candidates.empty()) return Error::invalid("no tuning candidates", "candidates");
  TuneResult result;
  for (size_t i = 0; i < candidates.size(); ++i) {
    auto cv = cross_validate(data, candidates[i].options, k);
    if (!cv.ok()) return cv.error();
    if (cv->mean_macro_f1 >
        (result.results.empty() ? -1.0 : result.results[result.best].mean_macro_f1)) {
      result.best = i;
    }
    result.results.push_back(std::move(*cv));
  }
  return result;
}

}  // namespace finchat::nlp
