#pragma once
// Maximum-inner-product search over unit vectors by a full scan of int8-quantised copies (one
// scale per vector; a quarter of the memory traffic of floats, cosine error around 0.01). A
// document may own several vectors (an FAQ's question and each paraphrase) and scores as the
// best of them.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "retrieval/topk.hpp"

namespace finchat::retrieval {

class DenseIndex {
 public:
  explicit DenseIndex(uint32_t dim) : dim_(dim) {}

  void add(uint32_t doc, const Eigen::VectorXf& vector);
  void remove(uint32_t doc);  // all vectors of the document

  static constexpr float kAbsent = -std::numeric_limits<float>::infinity();
  // Best cosine per document id (kAbsent for ids without vectors); sized max id + 1.
  std::vector<float> scores_by_doc(const Eigen::VectorXf& query) const;

  using Filter = std::function<bool(uint32_t doc)>;
  static std::vector<ScoredId> top_k(const std::vector<float>& by_doc, size_t k,
                                     const Filter& filter = {});
  std::vector<ScoredId> search(const Eigen::VectorXf& query, size_t k,
                               const Filter& filter = {}) const {
    return top_k(scores_by_doc(query), k, filter);
  }

  size_t vectors() const { return owners_.size(); }
  uint32_t dim() const { return dim_; }

 private:
  uint32_t dim_;
  std::vector<int8_t> codes_;  // row-major, one row per vector
  std::vector<float> scales_;  // per vector: value = code * scale
  std::vector<uint32_t> owners_;
  uint32_t max_doc_ = 0;
};

}  // namespace finchat::retrieval
