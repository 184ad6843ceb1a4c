// Contrastive training of the encoder projection (in-batch softmax, symmetric, Adagrad).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "retrieval/encoder.hpp"

namespace finchat::retrieval {
namespace {

struct Encoded {
  Eigen::VectorXf unit;  // normalised embedding
  float norm = 0;        // length before normalisation
};

Encoded project(const RowMatrix& w, const SparseFeatures& f) {
  Eigen::VectorXf z = Eigen::VectorXf::Zero(w.cols());
  for (const auto& [bucket, value] : f) z += value * w.row(bucket).transpose();
  Encoded e;
  e.norm = std::max(z.norm(), 1e-6f);
  e.unit = z / e.norm;
  return e;
}

// Row-wise softmax of a square matrix.
Eigen::MatrixXf softmax_rows(const Eigen::MatrixXf& s) {
  Eigen::MatrixXf p = s;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    p.row(i).array() -= p.row(i).maxCoeff();
    p.row(i) = p.row(i).array().exp().matrix();
    p.row(i) /= p.row(i).sum();
  }
  return p;
}

class Trainer {
 public:
  Trainer(Encoder& encoder, const TrainConfig& config)
      : w_(encoder.projection()),
        config_(config),
        grad_(RowMatrix::Zero(w_.rows(), w_.cols())),
        accum_(RowMatrix::Constant(w_.rows(), w_.cols(), 0.1f)) {}

  // One step on a batch of (anchor, positive) feature vectors; returns the loss.
  double step(const std::vector<const SparseFeatures*>& anchors,
              const std::vector<const SparseFeatures*>& positives) {
    const auto n = static_cast<Eigen::Index>(anchors.size());
    std::vector<Encoded> a(anchors.size());
    std::vector<Encoded> p(positives.size());
    Eigen::MatrixXf u(n, w_.cols());
    Eigen::MatrixXf v(n, w_.cols());
    for (Eigen::Index i = 0; i < n; ++i) {
      a[i] = project(w_, *anchors[i]);
      p[i] = project(w_, *positives[i]);
      u.row(i) = a[i].unit.transpose();
      v.row(i) = p[i].unit.transpose();
    }
    const Eigen::MatrixXf s = (u * v.transpose()) / config_.temperature;
    const Eigen::MatrixXf p_rows = softmax_rows(s);
    const Eigen::MatrixXf p_cols = softmax_rows(s.transpose()).transpose();
    double loss = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      loss -= 0.5 *
              (std::log(std::max(p_rows(i, i), 1e-12f)) + std::log(std::max(p_cols(i, i), 1e-12f)));
    }
    const Eigen::MatrixXf eye = Eigen::MatrixXf::Identity(n, n);
    const Eigen::MatrixXf ds =
        0.5f * ((p_rows - eye) + (p_cols - eye)) / (static_cast<float>(n) * config_.temperature);
    const Eigen::MatrixXf du = ds * v;
    const Eigen::MatrixXf dv = ds.transpose() * u;
    for (Eigen::Index i = 0; i < n; ++i) {
      scatter(*anchors[i], a[i], du.row(i).transpose());
      scatter(*positives[i], p[i], dv.row(i).transpose());
    }
    apply();
    return loss / static_cast<double>(n);
  }

 private:
  // Back through the normalisation z/|z| and the sparse projection into the row gradients.
  void scatter(const SparseFeatures& f, const Encoded& e, const Eigen::VectorXf& d_unit) {
    const Eigen::VectorXf dz = (d_unit - e.unit * e.unit.dot(d_unit)) / e.norm;
    for (const auto& [bucket, value] : f) {
      if (grad_.row(bucket).isZero(0)) touched_.push_back(bucket);
      grad_.row(bucket) += value * dz.transpose();
    }
  }

  void apply() {
    std::sort(touched_.begin(), touched_.end());
    touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
    for (uint32_t r : touched_) {
      auto g = grad_.row(r).array();
      accum_.row(r).array() += g.square();
      w_.row(r).array() -= config_.learning_rate * g / accum_.row(r).array().sqrt();
      grad_.row(r).setZero();
    }
    touched_.clear();
  }

  RowMatrix& w_;
  TrainConfig config_;
  RowMatrix grad_;
  RowMatrix accum_;
  std::vector<uint32_t> touched_;
};

}  // namespace

TrainReport train_contrastive(Encoder& encoder, const std::vector<std::vector<std::string>>& groups,
                              const TrainConfig& config) {
  std::vector<std::vector<SparseFeatures>> feats;
  for (const auto& g : groups) {
    if (g.size() < 2) continue;
    auto& out = feats.emplace_back();
    for (const auto& text : g) {
      auto f = encoder.features(text);
      if (!f.empty()) out.push_back(std::move(f));
    }
    if (out.size() < 2) feats.pop_back();
  }
  TrainReport report;
  if (feats.size() < 2 || config.batch_size < 2) return report;
  Trainer trainer(encoder, config);
  std::mt19937_64 rng(config.seed);
  std::vector<size_t> order(feats.size());
  std::iota(order.begin(), order.end(), 0);
  for (uint32_t epoch = 0; epoch < config.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    double epoch_loss = 0;
    size_t batches = 0;
    for (size_t start = 0; start + 1 < order.size(); start += config.batch_size) {
      const size_t end = std::min(order.size(), start + config.batch_size);
      std::vector<const SparseFeatures*> anchors;
      std::vector<const SparseFeatures*> positives;
      for (size_t k = start; k < end; ++k) {
        const auto& g = feats[order[k]];
        std::uniform_int_distribution<size_t> pick(0, g.size() - 1);
        const size_t i = pick(rng);
        size_t j = pick(rng);
        if (j == i) j = (i + 1) % g.size();
        anchors.push_back(&g[i]);
        positives.push_back(&g[j]);
      }
      if (anchors.size() < 2) continue;
      epoch_loss += trainer.step(anchors, positives);
      ++batches;
      ++report.steps;
    }
    const double mean = batches ? epoch_loss / static_cast<double>(batches) : 0.0;
    if (epoch == 0) report.first_epoch_loss = mean;
    report.last_epoch_loss = mean;
  }
  return report;
}

}  // namespace finchat::retrieval
