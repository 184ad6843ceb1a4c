#pragma once
// Per-sequence key/value cache (F32 or F16) with a shared memory budget.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.hpp"

namespace finchat::llm {

enum class KvType { f32, f16 };

// Tracks bytes held by all caches of one engine against a cap.
class KvBudget {
 public:
  explicit KvBudget(size_t limit_bytes) : limit_(limit_bytes) {}
  bool acquire(size_t bytes);
  void release(size_t bytes);
  size_t used() const { return used_.load(); }
  size_t limit() const { return limit_; }

 private:
  size_t limit_;
  std::atomic<size_t> used_{0};
};

class KvSequence {
 public:
  KvSequence(int n_layer, int kv_dim, int max_ctx, KvType type, std::shared_ptr<KvBudget> budget);
  ~KvSequence();
  KvSequence(const KvSequence&) = delete;
  KvSequence& operator=(const KvSequence&) = delete;

  // Makes room for positions [0, n); fails when over max_ctx or the memory budget.
  Status reserve(int n);
  int capacity() const { return capacity_; }
  int size() const { return size_; }  // positions holding valid entries
  void set_size(int n) { size_ = n; }
  void truncate(int n) { size_ = n < size_ ? n : size_; }
  int max_ctx() const { return max_ctx_; }
  KvType type() const { return type_; }
  size_t bytes() const { return held_bytes_; }

  // `to_f16` converts rows for an F16 cache (a kernel-table entry).
  void store(int layer, int pos, const float* k, const float* v,
             void (*to_f16)(const float*, uint16_t*, size_t));
  // Reads one position's key/value for a head into `out` (head_dim floats).
  void load_k(int layer, int pos, int offset, int n, float* out) const;
  void load_v(int layer, int pos, int offset, int n, float* out) const;
  // Raw row of one position (kv_dim elements of type()).
  const uint8_t* k_row(int layer, int pos) const { return k_[layer].data() + row_bytes() * pos; }
  const uint8_t* v_row(int layer, int pos) const { return v_[layer].data() + row_bytes() * pos; }
  size_t elem_size() const { return elem_bytes(); }
  // Direct access for the F32 fast path (nullptr when F16).
  const float* k_f32(int layer, int pos) const;
  const float* v_f32(int layer, int pos) const;

 private:
  size_t elem_bytes() const { return type_ == KvType::f32 ? 4 : 2; }
  size_t row_bytes() const { return static_cast<size_t>(kv_dim_) * elem_bytes(); }
  int n_layer_, kv_dim_, max_ctx_;
  KvType type_;
  std::shared_ptr<KvBudget> budget_;
  int capacity_ = 0;
  int size_ = 0;
  size_t held_bytes_ = 0;
  std::vector<std::vector<uint8_t>> k_, v_;
};

}  // namespace finchat::llm
