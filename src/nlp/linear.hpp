#pragma once
// Multiclass linear models over sparse features: multinomial logistic regression trained with
// averaged SGD, and one-vs-rest L2-loss linear SVMs trained by dual coordinate descent.
#include <cstdint>
#include <vector>

#include "nlp/features.hpp"

namespace finchat::nlp {

// Feature-major weights so that one sparse feature touches a contiguous run of class weights.
struct LinearModel {
  size_t dim = 0;
  size_t classes = 0;
  std::vector<float> weights;  // weights[f * classes + c]
  std::vector<float> bias;     // one per class

  LinearModel() = default;
  LinearModel(size_t dimension, size_t num_classes)
      : dim(dimension),
        classes(num_classes),
        weights(dimension * num_classes, 0.0f),
        bias(num_classes, 0.0f) {}

  // out[c] = bias[c] + w_c . x  (out must hold `classes` values)
  void scores(const uint32_t* index, const float* value, size_t nnz, float* out) const;
  void scores(const SparseVector& x, float* out) const {
    scores(x.index.data(), x.value.data(), x.index.size(), out);
  }
};

struct SoftmaxOptions {
  double lambda = 5e-6;  // L2 regularisation strength
  int epochs = 25;
  double eta0 = 1.0;  // initial learning rate; decays as 1 / (lambda * (t + t0))
  uint64_t seed = 42;
  std::vector<float> class_weights;  // per-class loss weight; empty means all 1
};

struct SvmOptions {
  double c = 2.0;  // misclassification cost
  int max_epochs = 60;
  double tolerance = 0.1;  // projected-gradient spread at which a class counts as converged
  uint64_t seed = 42;
  int threads = 1;
  std::vector<float> class_weights;  // scales C per example by its class; empty means all 1
};

// `labels` holds class ids in [0, classes); `dim` is the feature-space dimension.
LinearModel train_softmax(const SparseMatrix& x, size_t dim, const std::vector<int>& labels,
                          size_t classes, const SoftmaxOptions& options);
LinearModel train_ovr_svm(const SparseMatrix& x, size_t dim, const std::vector<int>& labels,
                          size_t classes, const SvmOptions& options);

// Small deterministic helpers shared by training code.
void deterministic_shuffle(std::vector<size_t>& items, uint64_t& state);
uint64_t next_random(uint64_t& state);

}  // namespace finchat::nlp
