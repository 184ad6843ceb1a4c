#pragma once
// Sparse TF-IDF features: word n-grams plus word-boundary character n-grams, each block
// sublinearly weighted and L2-normalised, then the whole vector L2-normalised.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace finchat::nlp {

struct FeatureOptions {
  int word_ngram_max = 2;  // 0 disables word features
  int char_ngram_min = 2;  // character n-grams inside " word " (with boundary spaces)
  int char_ngram_max = 5;  // 0 disables character features
  bool stem = true;        // Porter2-stem words before building word n-grams
  bool remove_stopwords = false;
  int min_df = 2;                 // features must occur in at least this many training texts
  size_t max_features = 1000000;  // beyond this keep the most frequent features (0: no limit)
  float word_weight = 1.0f;
  float char_weight = 1.0f;
  bool sublinear_tf = true;  // 1 + log(tf)
};

struct SparseVector {
  std::vector<uint32_t> index;
  std::vector<float> value;
};

// Row-compressed sparse matrix (one row per text).
struct SparseMatrix {
  std::vector<size_t> row_start{0};
  std::vector<uint32_t> index;
  std::vector<float> value;
  size_t rows() const { return row_start.size() - 1; }
  void append(const SparseVector& v);
};

class FeatureSpace {
 public:
  FeatureSpace() = default;
  explicit FeatureSpace(FeatureOptions options) : options_(options) {}

  // Builds the vocabulary and IDF weights from training texts.
  void fit(const std::vector<std::string>& texts);
  SparseVector transform(std::string_view text) const;
  SparseMatrix transform_all(const std::vector<std::string>& texts) const;

  size_t dimension() const { return keys_.size(); }
  const FeatureOptions& options() const { return options_; }

  // Serialisation access: feature keys (hashes) and their IDF weights, index-aligned.
  const std::vector<uint64_t>& keys() const { return keys_; }
  const std::vector<float>& idf() const { return idf_; }
  static FeatureSpace from_parts(FeatureOptions options, std::vector<uint64_t> keys,
                                 std::vector<float> idf);

 private:
  // Hashed feature keys for one text, split into the word block and the char block.
  void extract(std::string_view text, std::vector<uint64_t>& words,
               std::vector<uint64_t>& chars) const;
  void add_block(std::vector<uint64_t>& keys, float block_weight, SparseVector& out) const;
  void rebuild_lookup();

  FeatureOptions options_;
  std::vector<uint64_t> keys_;
  std::vector<float> idf_;
  std::unordered_map<uint64_t, uint32_t> lookup_;
};

}  // namespace finchat::nlp
