#include "retrieval/dense_index.hpp"

#include <algorithm>
#include <cmath>

namespace finchat::retrieval {

namespace {

// Symmetric int8 quantisation; returns the scale (0 for a zero vector).
float quantize(const Eigen::VectorXf& v, int8_t* out) {
  const float max_abs = v.size() ? v.cwiseAbs().maxCoeff() : 0.0f;
  const float scale = max_abs > 0 ? max_abs / 127.0f : 0.0f;
  for (Eigen::Index j = 0; j < v.size(); ++j) {
    out[j] = scale > 0 ? static_cast<int8_t>(std::lround(v[j] / scale)) : int8_t{0};
  }
  return scale;
}

int32_t dot_int8(const int8_t* a, const int8_t* b, uint32_t n) {
  int32_t acc = 0;
  for (uint32_t j = 0; j < n; ++j) acc += static_cast<int32_t>(a[j]) * static_cast<int32_t>(b[j]);
  return acc;
}

}  // namespace

void DenseIndex::add(uint32_t doc, const Eigen::VectorXf& vector) {
  if (static_cast<uint32_t>(vector.size()) != dim_) return;
  codes_.resize(codes_.size() + dim_);
  scales_.push_back(quantize(vector, codes_.data() + codes_.size() - dim_));
  owners_.push_back(doc);
  max_doc_ = std::max(max_doc_, doc);
}

void DenseIndex::remove(uint32_t doc) {
  size_t out = 0;
  for (size_t i = 0; i < owners_.size(); ++i) {
    if (owners_[i] == doc) continue;
    if (out != i) {
      owners_[out] = owners_[i];
      scales_[out] = scales_[i];
      std::copy_n(codes_.begin() + static_cast<std::ptrdiff_t>(i * dim_), dim_,
                  codes_.begin() + static_cast<std::ptrdiff_t>(out * dim_));
    }
    ++out;
  }
  owners_.resize(out);
  scales_.resize(out);
  codes_.resize(out * dim_);
}

std::vector<float> DenseIndex::scores_by_doc(const Eigen::VectorXf& query) const {
  std::vector<float> best(owners_.empty() ? 0 : max_doc_ + 1, kAbsent);
  if (owners_.empty() || static_cast<uint32_t>(query.size()) != dim_) return best;
  std::vector<int8_t> q(dim_);
  const float q_scale = quantize(query, q.data());
  for (size_t i = 0; i < owners_.size(); ++i) {
    const float sim = static_cast<float>(dot_int8(codes_.data() + i * dim_, q.data(), dim_)) *
                      scales_[i] * q_scale;
    best[owners_[i]] = std::max(best[owners_[i]], sim);
  }
  return best;
}

std::vector<ScoredId> DenseIndex::top_k(const std::vector<float>& by_doc, size_t k,
                                        const Filter& filter) {
  TopK top(k);
  for (uint32_t d = 0; d < by_doc.size(); ++d) {
    if (by_doc[d] == kAbsent || (filter && !filter(d))) continue;
    top.push(d, by_doc[d]);
  }
  return top.take();
}

}  // namespace finchat::retrieval
