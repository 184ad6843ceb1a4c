// Training: fit features and models, calibrate on a stratified held-out share, pick the
// out-of-scope threshold there, then refit on all in-scope data.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>

#include "nlp/classifier.hpp"
#include "nlp/evaluate.hpp"
#include "nlp/half.hpp"

namespace finchat::nlp {
namespace {

struct Split {
  std::vector<std::string> texts;
  std::vector<int> ids;
};

double softmax_nll(const std::vector<std::vector<float>>& scores, const std::vector<int>& ids,
                   double scale) {
  double total = 0.0;
  for (size_t i = 0; i < scores.size(); ++i) {
    const auto& s = scores[i];
    const float top = *std::max_element(s.begin(), s.end());
    double sum = 0.0;
    for (float v : s) sum += std::exp(scale * (v - top));
    total += std::log(sum) - scale * (s[static_cast<size_t>(ids[i])] - top);
  }
  return total / static_cast<double>(std::max<size_t>(scores.size(), 1));
}

// Softmax scale minimising held-out negative log-likelihood (golden-section on log scale).
double fit_scale(const std::vector<std::vector<float>>& scores, const std::vector<int>& ids) {
  double lo = std::log(0.05);
  double hi = std::log(500.0);
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int it = 0; it < 40; ++it) {
    const double a = hi - ratio * (hi - lo);
    const double b = lo + ratio * (hi - lo);
    if (softmax_nll(scores, ids, std::exp(a)) < softmax_nll(scores, ids, std::exp(b))) {
      hi = b;
    } else {
      lo = a;
    }
  }
  return std::exp((lo + hi) / 2.0);
}

// Threshold on confidence maximising in-scope accuracy + out-of-scope recall.
double pick_threshold(const std::vector<std::pair<float, bool>>& in_scope,  // (conf, correct)
                      std::vector<float> oos) {
  if (oos.empty() || in_scope.empty()) return 0.0;
  std::vector<float> correct;
  std::vector<float> candidates{0.0f};
  for (const auto& [conf, is_correct] : in_scope) {
    if (is_correct) correct.push_back(conf);
    candidates.push_back(conf);
  }
  candidates.insert(candidates.end(), oos.begin(), oos.end());
  std::sort(correct.begin(), correct.end());
  std::sort(oos.begin(), oos.end());
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  double best_value = -1.0;
  double best = 0.0;
  for (size_t i = 0; i < candidates.size(); ++i) {
    // flag confidence < candidates[i]: the threshold sits between candidates i-1 and i
    const float t = candidates[i];
    const auto lost = std::lower_bound(correct.begin(), correct.end(), t) - correct.begin();
    const auto flagged = std::lower_bound(oos.begin(), oos.end(), t) - oos.begin();
    const double value =
        static_cast<double>(static_cast<std::ptrdiff_t>(correct.size()) - lost) / in_scope.size() +
        static_cast<double>(flagged) / oos.size();
    if (value > best_value) {
      best_value = value;
      best = i == 0 ? 0.0 : 0.5 * (candidates[i - 1] + t);
    }
  }
  return best;
}

}  // namespace

class ClassifierBuilder {
 public:
  explicit ClassifierBuilder(const TrainOptions& options) : options_(options) {}

  // Fits features and linear models on (texts, ids); calibration fields keep their defaults.
  Classifier fit(const Split& data, const std::vector<std::string>& labels) const {
    Classifier model;
    model.labels_ = labels;
    model.features_ = FeatureSpace(options_.features);
    model.features_.fit(data.texts);
    const SparseMatrix x = model.features_.transform_all(data.texts);
    const size_t dim = model.features_.dimension();
    const std::vector<float> weights = class_weights(data.ids, labels.size());
    model.has_logistic_ = options_.use_logistic;
    model.has_svm_ = options_.use_svm;
    if (model.has_logistic_) {
      SoftmaxOptions lr = options_.logistic;
      lr.seed = options_.seed;
      lr.class_weights = weights;
      model.logistic_ = train_softmax(x, dim, data.ids, labels.size(), lr);
      round_to_half(model.logistic_.weights);  // stored as binary16
    }
    if (model.has_svm_) {
      SvmOptions svm = options_.svm;
      svm.seed = options_.seed;
      svm.threads = options_.threads;
      svm.class_weights = weights;
      model.svm_ = train_ovr_svm(x, dim, data.ids, labels.size(), svm);
      round_to_half(model.svm_.weights);
    }
    model.svm_weight_ = static_cast<float>(options_.svm_weight);
    model.oos_label_ = options_.oos_label.empty() ? "oos" : options_.oos_label;
    model.text_column_ = options_.text_column;
    model.label_column_ = options_.label_column;
    return model;
  }

  // Fits on the calibration split's training part and copies the fitted scales and threshold.
  void calibrate(const Split& fit_part, const Split& held_out, const std::vector<std::string>& oos,
                 const std::vector<std::string>& labels, Classifier& target) const {
    Classifier probe = fit(fit_part, labels);
    std::vector<std::vector<float>> lr_scores;
    std::vector<std::vector<float>> svm_scores;
    for (const auto& text : held_out.texts) {
      std::vector<float> lr;
      std::vector<float> svm;
      probe.raw_scores(probe.features_.transform(text), lr, svm);
      lr_scores.push_back(std::move(lr));
      svm_scores.push_back(std::move(svm));
    }
    if (probe.has_logistic_)
      probe.logistic_scale_ = static_cast<float>(fit_scale(lr_scores, held_out.ids));
    if (probe.has_svm_) probe.svm_scale_ = static_cast<float>(fit_scale(svm_scores, held_out.ids));
    target.logistic_scale_ = probe.logistic_scale_;
    target.svm_scale_ = probe.svm_scale_;
    if (oos.empty()) return;
    std::vector<std::pair<float, bool>> in_scope;
    for (size_t i = 0; i < held_out.texts.size(); ++i) {
      const Prediction p = probe.predict(held_out.texts[i], 1);
      in_scope.emplace_back(static_cast<float>(p.confidence),
                            p.label == labels[static_cast<size_t>(held_out.ids[i])]);
    }
    std::vector<float> oos_conf;
    oos_conf.reserve(oos.size());
    for (const auto& text : oos)
      oos_conf.push_back(static_cast<float>(probe.predict(text, 1).confidence));
    target.oos_threshold_ = static_cast<float>(pick_threshold(in_scope, oos_conf));
  }

 private:
  std::vector<float> class_weights(const std::vector<int>& ids, size_t classes) const {
    if (!options_.balance_classes) return {};
    std::vector<size_t> counts(classes, 0);
    for (int id : ids) ++counts[static_cast<size_t>(id)];
    std::vector<float> weights(classes, 1.0f);
    for (size_t c = 0; c < classes; ++c) {
      if (counts[c] > 0) {
        weights[c] = static_cast<float>(static_cast<double>(ids.size()) /
                                        (static_cast<double>(classes) * counts[c]));
      }
    }
    return weights;
  }

  const TrainOptions& options_;
};

Result<Classifier> train(const Dataset& data, const TrainOptions& options) {
  if (!options.use_logistic && !options.use_svm) {
    return Error::invalid("enable at least one of the logistic and SVM models", "models");
  }
  std::vector<std::string> oos;
  std::vector<const Example*> in_scope;
  for (const auto& e : data.examples) {
    if (!options.oos_label.empty() && e.label == options.oos_label) {
      oos.push_back(e.text);
    } else {
      in_scope.push_back(&e);
    }
  }
  std::map<std::string, int> label_ids;
  for (const Example* e : in_scope) label_ids.emplace(e->label, 0);
  if (label_ids.size() < 2) {
    return Error::invalid("training data needs at least two in-scope labels, found " +
                              std::to_string(label_ids.size()),
                          "label");
  }
  std::vector<std::string> labels;
  for (auto& [label, id] : label_ids) {
    id = static_cast<int>(labels.size());
    labels.push_back(label);
  }
  Split all;
  std::vector<std::string> raw_labels;
  for (const Example* e : in_scope) {
    all.texts.push_back(e->text);
    all.ids.push_back(label_ids[e->label]);
    raw_labels.push_back(e->label);
  }
  ClassifierBuilder builder(options);
  Classifier model = builder.fit(all, labels);
  const double fraction = options.calibration_fraction;
  if (fraction > 0.0 && fraction < 1.0 && all.texts.size() >= 4 * labels.size()) {
    const int k = std::max(2, static_cast<int>(std::lround(1.0 / fraction)));
    const std::vector<int> folds = stratified_folds(raw_labels, k, options.seed);
    Split fit_part;
    Split held_out;
    for (size_t i = 0; i < all.texts.size(); ++i) {
      Split& dst = folds[i] == 0 ? held_out : fit_part;
      dst.texts.push_back(all.texts[i]);
      dst.ids.push_back(all.ids[i]);
    }
    builder.calibrate(fit_part, held_out, oos, labels, model);
  }
  return model;
}

}  // namespace finchat::nlp
