#pragma once
// A small sentence encoder we train ourselves: hashed word, word-bigram and character n-gram
// features (TF-IDF weighted, L2-normalised) projected by a learned matrix to a unit vector.
#include <Eigen/Core>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace finchat::retrieval {

struct EncoderConfig {
  uint32_t buckets = 1u << 15;  // hashed feature space size
  uint32_t dim = 128;           // embedding size
  uint32_t char_min = 3;        // character n-grams of each word, with boundary marks
  uint32_t char_max = 5;
  uint64_t seed = 42;
};

// Sparse feature vector: (bucket, weight) pairs, unique buckets.
using SparseFeatures = std::vector<std::pair<uint32_t, float>>;
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class Encoder {
 public:
  // Random Gaussian projection (a reasonable start: it roughly preserves TF-IDF cosine).
  explicit Encoder(EncoderConfig config = {});

  // Sets the per-bucket IDF from a corpus (each string is one document).
  void fit_idf(const std::vector<std::string>& corpus);

  // Replaces the projection by the top `dim` right singular vectors of the corpus' TF-IDF
  // feature matrix (latent semantic analysis, by randomised SVD), so that words that co-occur
  // in the knowledge base start out close. Call after fit_idf.
  void init_lsa(const std::vector<std::string>& corpus, uint32_t power_iterations = 2);

  SparseFeatures features(std::string_view text) const;
  // Unit-length embedding (zero vector when the text has no features).
  Eigen::VectorXf encode(std::string_view text) const;
  Eigen::VectorXf encode(const SparseFeatures& features) const;

  const EncoderConfig& config() const { return config_; }
  RowMatrix& projection() { return projection_; }
  const RowMatrix& projection() const { return projection_; }
  const std::vector<float>& idf() const { return idf_; }

  Status save(const std::filesystem::path& path) const;
  static Result<Encoder> load(const std::filesystem::path& path);

 private:
  EncoderConfig config_;
  std::vector<float> idf_;  // per bucket; 1 until fit_idf
  RowMatrix projection_;    // buckets x dim
};

struct TrainConfig {
  uint32_t epochs = 30;
  uint32_t batch_size = 64;
  float learning_rate = 0.05f;  // Adagrad
  float temperature = 0.1f;     // softmax temperature on cosine similarities (CV-chosen)
  uint64_t seed = 7;
};

struct TrainReport {
  uint32_t steps = 0;
  double first_epoch_loss = 0;
  double last_epoch_loss = 0;
};

// Contrastive training with in-batch negatives. Each group is a set of texts meaning the same
// thing (an FAQ question and its training paraphrases; an article heading and its section).
// Each step samples (anchor, positive) from distinct groups, so in-batch negatives are true
// negatives. Groups with fewer than two texts are ignored.
TrainReport train_contrastive(Encoder& encoder, const std::vector<std::vector<std::string>>& groups,
                              const TrainConfig& config = {});

}  // namespace finchat::retrieval
