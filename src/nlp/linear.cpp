#include "nlp/linear.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

namespace finchat::nlp {

uint64_t next_random(uint64_t& state) {
  // splitmix64: tiny, fast and identical on every platform.
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void deterministic_shuffle(std::vector<size_t>& items, uint64_t& state) {
  for (size_t i = items.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(next_random(state) % i);
    std::swap(items[i - 1], items[j]);
  }
}

void LinearModel::scores(const uint32_t* index, const float* value, size_t nnz, float* out) const {
  std::copy(bias.begin(), bias.end(), out);
  for (size_t k = 0; k < nnz; ++k) {
    const float* w = &weights[static_cast<size_t>(index[k]) * classes];
    const float v = value[k];
    for (size_t c = 0; c < classes; ++c) out[c] += w[c] * v;
  }
}

namespace {

void softmax_inplace(std::vector<float>& s) {
  const float top = *std::max_element(s.begin(), s.end());
  double sum = 0.0;
  for (float& v : s) {
    v = std::exp(v - top);
    sum += v;
  }
  for (float& v : s) v = static_cast<float>(v / sum);
}

}  // namespace

LinearModel train_softmax(const SparseMatrix& x, size_t dim, const std::vector<int>& labels,
                          size_t classes, const SoftmaxOptions& options) {
  const size_t n = x.rows();
  LinearModel model(dim, classes);
  LinearModel average = model;
  // W = scale * V lets the L2 shrink of every weight be one multiplication (Bottou's trick).
  double scale = 1.0;
  const double lambda = options.lambda;
  const double t0 = 1.0 / (lambda * options.eta0);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  uint64_t rng = options.seed;
  std::vector<float> g(classes);
  double t = 0.0;
  int averaged = 0;
  const int average_from = options.epochs / 2;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    deterministic_shuffle(order, rng);
    for (size_t i : order) {
      const double eta = 1.0 / (lambda * (t0 + t));
      t += 1.0;
      const size_t begin = x.row_start[i];
      const size_t nnz = x.row_start[i + 1] - begin;
      const uint32_t* idx = &x.index[begin];
      const float* val = &x.value[begin];
      model.scores(idx, val, nnz, g.data());
      // bias is stored unscaled, weights scaled: scores = bias + scale * V.x
      for (size_t c = 0; c < classes; ++c) {
        g[c] = model.bias[c] + static_cast<float>(scale) * (g[c] - model.bias[c]);
      }
      softmax_inplace(g);
      g[static_cast<size_t>(labels[i])] -= 1.0f;
      if (!options.class_weights.empty()) {
        const float cw = options.class_weights[static_cast<size_t>(labels[i])];
        for (float& v : g) v *= cw;
      }
      scale *= (1.0 - eta * lambda);
      const float step = static_cast<float>(eta / scale);
      for (size_t k = 0; k < nnz; ++k) {
        float* w = &model.weights[static_cast<size_t>(idx[k]) * classes];
        const float sv = step * val[k];
        for (size_t c = 0; c < classes; ++c) w[c] -= sv * g[c];
      }
      for (size_t c = 0; c < classes; ++c) model.bias[c] -= static_cast<float>(eta) * g[c];
      if (scale < 1e-4) {
        for (float& w : model.weights) w *= static_cast<float>(scale);
        scale = 1.0;
      }
    }
    if (epoch >= average_from) {
      for (size_t k = 0; k < model.weights.size(); ++k) {
        average.weights[k] += static_cast<float>(scale) * model.weights[k];
      }
      for (size_t c = 0; c < classes; ++c) average.bias[c] += model.bias[c];
      ++averaged;
    }
  }
  if (averaged > 0) {
    const float inv = 1.0f / static_cast<float>(averaged);
    for (float& w : average.weights) w *= inv;
    for (float& b : average.bias) b *= inv;
  }
  return average;
}

namespace {

// Dual coordinate descent for one binary L2-loss SVM (class `positive` vs the rest).
// Returns weights with the bias as the last element.
std::vector<double> train_binary_svm(const SparseMatrix& x, const std::vector<int>& labels,
                                     int positive, size_t dim, const SvmOptions& options,
                                     const std::vector<double>& sq_norms) {
  const size_t n = x.rows();
  std::vector<double> w(dim + 1, 0.0);
  std::vector<double> alpha(n, 0.0);
  auto diag_of = [&](size_t i) {
    const double weight =
        options.class_weights.empty() ? 1.0 : options.class_weights[static_cast<size_t>(labels[i])];
    return 0.5 / (options.c * weight);
  };
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  uint64_t rng = options.seed + static_cast<uint64_t>(positive) * 7919u;
  for (int epoch = 0; epoch < options.max_epochs; ++epoch) {
    deterministic_shuffle(order, rng);
    double max_pg = -std::numeric_limits<double>::infinity();
    double min_pg = std::numeric_limits<double>::infinity();
    for (size_t i : order) {
      const double yi = labels[i] == positive ? 1.0 : -1.0;
      const size_t begin = x.row_start[i];
      const size_t end = x.row_start[i + 1];
      double dot = w[dim];
      for (size_t k = begin; k < end; ++k) dot += w[x.index[k]] * x.value[k];
      const double diag = diag_of(i);
      const double grad = yi * dot - 1.0 + diag * alpha[i];
      const double pg = alpha[i] == 0.0 ? std::min(grad, 0.0) : grad;
      max_pg = std::max(max_pg, pg);
      min_pg = std::min(min_pg, pg);
      if (std::fabs(pg) < 1e-12) continue;
      const double old = alpha[i];
      alpha[i] = std::max(old - grad / (sq_norms[i] + diag), 0.0);
      const double d = (alpha[i] - old) * yi;
      for (size_t k = begin; k < end; ++k) w[x.index[k]] += d * x.value[k];
      w[dim] += d;
    }
    if (max_pg - min_pg < options.tolerance) break;
  }
  return w;
}

}  // namespace

LinearModel train_ovr_svm(const SparseMatrix& x, size_t dim, const std::vector<int>& labels,
                          size_t classes, const SvmOptions& options) {
  LinearModel model(dim, classes);
  std::vector<double> sq_norms(x.rows());
  for (size_t i = 0; i < x.rows(); ++i) {
    double s = 1.0;  // the constant bias feature
    for (size_t k = x.row_start[i]; k < x.row_start[i + 1]; ++k) {
      s += static_cast<double>(x.value[k]) * x.value[k];
    }
    sq_norms[i] = s;
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t c = next++; c < classes; c = next++) {
      const std::vector<double> w =
          train_binary_svm(x, labels, static_cast<int>(c), dim, options, sq_norms);
      for (size_t f = 0; f < dim; ++f) model.weights[f * classes + c] = static_cast<float>(w[f]);
      model.bias[c] = static_cast<float>(w[dim]);
    }
  };
  const int threads = std::max(1, options.threads);
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  return model;
}

}  // namespace finchat::nlp
