#include "llm/kv_cache.hpp"

#include <algorithm>
#include <cstring>

#include "llm/quant.hpp"

namespace finchat::llm {

bool KvBudget::acquire(size_t bytes) {
  size_t cur = used_.load();
  do {
    if (cur + bytes > limit_) return false;
  } while (!used_.compare_exchange_weak(cur, cur + bytes));
  return true;
}
void KvBudget::release(size_t bytes) { used_.fetch_sub(bytes); }

KvSequence::KvSequence(int n_layer, int kv_dim, int max_ctx, KvType type,
                       std::shared_ptr<KvBudget> budget)
    : n_layer_(n_layer),
      kv_dim_(kv_dim),
      max_ctx_(max_ctx),
      type_(type),
      budget_(std::move(budget)),
      k_(n_layer),
      v_(n_layer) {}

KvSequence::~KvSequence() {
  if (budget_) budget_->release(held_bytes_);
}

Status KvSequence::reserve(int n) {
  if (n <= capacity_) return {};
  if (n > max_ctx_) {
    return Error::invalid(
        "context length " + std::to_string(n) + " exceeds max_ctx " + std::to_string(max_ctx_),
        "max_ctx");
  }
  // Grow in chunks so decode does not reallocate every token.
  int want = std::min(max_ctx_, std::max(n, std::max(64, capacity_ * 2)));
  size_t per_pos = static_cast<size_t>(kv_dim_) * elem_bytes() * 2 * n_layer_;
  size_t add = per_pos * static_cast<size_t>(want - capacity_);
  if (budget_ && !budget_->acquire(add)) {
    // Fall back to the exact size before giving up.
    want = n;
    add = per_pos * static_cast<size_t>(want - capacity_);
    if (!budget_->acquire(add)) {
      return Error{ErrorKind::unavailable, "KV cache memory limit reached", "kv_memory"};
    }
  }
  held_bytes_ += add;
  size_t row = static_cast<size_t>(kv_dim_) * elem_bytes();
  for (int l = 0; l < n_layer_; ++l) {
    k_[l].resize(row * want);
    v_[l].resize(row * want);
  }
  capacity_ = want;
  return {};
}

void KvSequence::store(int layer, int pos, const float* k, const float* v,
                       void (*to_f16)(const float*, uint16_t*, size_t)) {
  size_t row = static_cast<size_t>(kv_dim_) * elem_bytes();
  uint8_t* kd = k_[layer].data() + row * pos;
  uint8_t* vd = v_[layer].data() + row * pos;
  if (type_ == KvType::f32) {
    std::memcpy(kd, k, row);
    std::memcpy(vd, v, row);
  } else {
    to_f16(k, reinterpret_cast<uint16_t*>(kd), kv_dim_);
    to_f16(v, reinterpret_cast<uint16_t*>(vd), kv_dim_);
  }
}

static void load_row(const std::vector<uint8_t>& buf, KvType type, int kv_dim, int pos, int offset,
                     int n, float* out) {
  if (type == KvType::f32) {
    std::memcpy(out, buf.data() + (static_cast<size_t>(pos) * kv_dim + offset) * 4, n * 4);
  } else {
    const auto* h =
        reinterpret_cast<const uint16_t*>(buf.data()) + static_cast<size_t>(pos) * kv_dim + offset;
    for (int i = 0; i < n; ++i) out[i] = fp16_to_f32(h[i]);
  }
}

void KvSequence::load_k(int layer, int pos, int offset, int n, float* out) const {
  load_row(k_[layer], type_, kv_dim_, pos, offset, n, out);
}
void KvSequence::load_v(int layer, int pos, int offset, int n, float* out) const {
  load_row(v_[layer], type_, kv_dim_, pos, offset, n, out);
}
const float* KvSequence::k_f32(int layer, int pos) const {
  if (type_ != KvType::f32) return nullptr;
  return reinterpret_cast<const float*>(k_[layer].data()) + static_cast<size_t>(pos) * kv_dim_;
}
const float* KvSequence::v_f32(int layer, int pos) const {
  if (type_ != KvType::f32) return nullptr;
  return reinterpret_cast<const float*>(v_[layer].data()) + static_cast<size_t>(pos) * kv_dim_;
}

}  // namespace finchat::llm
