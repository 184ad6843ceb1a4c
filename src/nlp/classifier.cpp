#include "nlp/classifier.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace finchat::nlp {
namespace {

void scaled_softmax(std::vector<float>& s, float scale) {
  if (s.empty()) return;
  const float top = *std::max_element(s.begin(), s.end());
  double sum = 0.0;
  for (float& v : s) {
    v = std::exp(scale * (v - top));
    sum += v;
  }
  for (float& v : s) v = static_cast<float>(v / sum);
}

}  // namespace

void Classifier::raw_scores(const SparseVector& x, std::vector<float>& lr,
                            std::vector<float>& svm) const {
  if (has_logistic_) {
    lr.resize(labels_.size());
    logistic_.scores(x, lr.data());
  }
  if (has_svm_) {
    svm.resize(labels_.size());
    svm_.scores(x, svm.data());
  }
}

std::vector<float> Classifier::combine(std::vector<float>& lr, std::vector<float>& svm) const {
  if (has_logistic_) scaled_softmax(lr, logistic_scale_);
  if (has_svm_) scaled_softmax(svm, svm_scale_);
  if (!has_svm_) return lr;
  if (!has_logistic_) return svm;
  std::vector<float> p(labels_.size());
  for (size_t c = 0; c < p.size(); ++c) p[c] = (1.0f - svm_weight_) * lr[c] + svm_weight_ * svm[c];
  return p;
}

std::vector<float> Classifier::probabilities(std::string_view text) const {
  std::vector<float> lr;
  std::vector<float> svm;
  raw_scores(features_.transform(text), lr, svm);
  return combine(lr, svm);
}

Prediction Classifier::predict(std::string_view text, size_t top_k) const {
  Prediction out;
  if (labels_.empty()) return out;
  const std::vector<float> p = probabilities(text);
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const size_t k = std::min(std::max<size_t>(top_k, 1), order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](size_t a, size_t b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
  for (size_t i = 0; i < k; ++i) out.top_k.push_back({labels_[order[i]], p[order[i]]});
  out.confidence = p[order[0]];
  out.out_of_scope = out.confidence < oos_threshold_;
  out.label = out.out_of_scope ? oos_label_ : labels_[order[0]];
  return out;
}

}  // namespace finchat::nlp
