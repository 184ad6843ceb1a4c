#include "llm/matmul.hpp"

#include <algorithm>

#include "llm/packed.hpp"

#ifdef FINCHAT_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace finchat::llm {

namespace {
constexpr size_t kRowChunk = kPackRows;  // rows per sub-task: weights stay in L1 across tokens

#ifdef FINCHAT_HAVE_OPENBLAS
void sgemm_rows(const Weight& w, const float* x, int n_tok, float* y, size_t r0, size_t r1) {
  static const bool once = [] {
    openblas_set_num_threads(1);  // our pool provides the parallelism
    return true;
  }();
  (void)once;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n_tok, static_cast<int>(r1 - r0),
              static_cast<int>(w.cols), 1.0f, x, static_cast<int>(w.cols),
              reinterpret_cast<const float*>(w.row(r0)), static_cast<int>(w.cols), 0.0f, y + r0,
              static_cast<int>(w.rows));
}
#endif

using PackedDot = void (*)(const uint8_t*, const uint8_t*, size_t, int, size_t, float*, size_t);

// The packed kernel for w under table k, or nullptr.
PackedDot packed_dot(const Weight& w, const KernelTable& k) {
  if (!w.packed) return nullptr;
  if (w.type == TensorType::q4_0) return k.dot_q4_0x16;
  if (w.type == TensorType::q8_0) return k.dot_q8_0x16;
  return nullptr;
}

// Rows [r0, r1) (whole groups of 16) of a packed matrix for all tokens.
void packed_rows_block(const Weight& w, PackedDot dot, const uint8_t* act, size_t ab, int n_tok,
                       float* y, size_t r0, size_t r1) {
  const size_t group_bytes =
      w.type == TensorType::q4_0 ? q4_0x16_group_bytes(w.cols) : q8_0x16_group_bytes(w.cols);
  for (size_t r = r0; r < r1; r += kPackRows) {
    const uint8_t* g = w.packed + r / kPackRows * group_bytes;
    for (int t0 = 0; t0 < n_tok; t0 += kMaxDotTokens) {
      const int nt = std::min(kMaxDotTokens, n_tok - t0);
      dot(g, act + t0 * ab, ab, nt, w.cols, y + static_cast<size_t>(t0) * w.rows + r, w.rows);
    }
  }
}

// Rows per task, a multiple of kRowChunk: at most ~8 tasks per thread (claiming one costs
// a cache-line transfer), and a task count that divides evenly among the threads when
// that is possible, since a thread left with one extra task makes the others wait.
size_t task_rows(size_t rows, int threads) {
  const size_t units = (rows + kRowChunk - 1) / kRowChunk;
  if (threads == 1) return units * kRowChunk;
  const size_t max_tasks = static_cast<size_t>(threads) * 8;
  size_t per = (units + max_tasks - 1) / max_tasks;
  for (size_t p = per; p >= 1; --p) {
    if ((units + p - 1) / p % static_cast<size_t>(threads) == 0) return p * kRowChunk;
    if ((units + p - 1) / p >= max_tasks * 4) break;  // too many tiny tasks: accept imbalance
  }
  return per * kRowChunk;
}

// Rows [r0, r1) for all tokens, kMaxDotTokens tokens per kernel call.
void rows_block(const Weight& w, const float* x, const uint8_t* act, size_t ab, int n_tok, float* y,
                const KernelTable& k, size_t r0, size_t r1) {
  const auto dot2 = w.type == TensorType::q8_0   ? k.dot2_q8_0
                    : w.type == TensorType::q4_0 ? k.dot2_q4_0
                                                 : nullptr;
  for (int t0 = 0; t0 < n_tok; t0 += kMaxDotTokens) {
    const int nt = std::min(kMaxDotTokens, n_tok - t0);
    const uint8_t* a = act + t0 * ab;
    const float* xt = x + t0 * w.cols;
    float* out = y + static_cast<size_t>(t0) * w.rows;
    size_t r = r0;
    if (dot2) {
      for (; r + 2 <= r1; r += 2) dot2(w.row(r), w.row_bytes, a, ab, nt, w.cols, out + r, w.rows);
    }
    for (; r < r1; ++r) {
      switch (w.type) {
        case TensorType::q8_0: k.dot_q8_0(w.row(r), a, ab, nt, w.cols, out + r, w.rows); break;
        case TensorType::q4_0: k.dot_q4_0(w.row(r), a, ab, nt, w.cols, out + r, w.rows); break;
        case TensorType::f32: k.dot_f32(w.row(r), xt, w.cols, nt, w.cols, out + r, w.rows); break;
        case TensorType::f16: k.dot_f16(w.row(r), xt, w.cols, nt, w.cols, out + r, w.rows); break;
        case TensorType::bf16: k.dot_bf16(w.row(r), xt, w.cols, nt, w.cols, out + r, w.rows); break;
      }
    }
  }
}
}  // namespace

void matmul(const Weight& w, const float* x, int n_tok, float* y, ThreadPool& pool,
            const KernelTable& table, std::vector<uint8_t>& act, bool act_ready) {
  const PackedDot packed = packed_dot(w, table);
  // Measured on Zen 4 (see kernels.hpp): wins for rows >= 512, loses on short rows.
  const KernelTable* single =
      !packed && n_tok == 1 && w.type == TensorType::q8_0 && w.cols >= 512 && table.single_token
          ? table.single_token()
          : nullptr;
  const KernelTable& k = single ? *single : table;
  const bool quantized = w.type == TensorType::q8_0 || w.type == TensorType::q4_0;
  const size_t ab = quantized ? k.act_bytes(w.cols) : 0;  // bytes per quantized token row
  if (quantized && !(act_ready && act.size() == ab * static_cast<size_t>(n_tok))) {
    act.resize(ab * static_cast<size_t>(n_tok));
    pool.run(n_tok, [&](int t) { k.quantize_act(x + t * w.cols, act.data() + t * ab, w.cols); });
  }
  // Inside a task rows go in sub-chunks of kRowChunk so their weights stay in L1 across
  // token blocks.
  size_t chunk = std::max<size_t>(1, task_rows(w.rows, pool.size()));
  size_t n_chunks = (w.rows + chunk - 1) / chunk;
#ifdef FINCHAT_HAVE_OPENBLAS
  const bool use_blas = w.type == TensorType::f32 && n_tok >= 8;
  if (use_blas) {
    chunk = std::max<size_t>(64, (w.rows + pool.size() * 4 - 1) / (pool.size() * 4));
    n_chunks = (w.rows + chunk - 1) / chunk;
  }
#endif
  pool.run(static_cast<int>(n_chunks), [&](int c) {
    size_t r0 = c * chunk, r1 = std::min(w.rows, r0 + chunk);
#ifdef FINCHAT_HAVE_OPENBLAS
    if (use_blas) {
      sgemm_rows(w, x, n_tok, y, r0, r1);
      return;
    }
#endif
    if (packed) {
      packed_rows_block(w, packed, act.data(), ab, n_tok, y, r0, r1);
      return;
    }
    for (size_t sub = r0; sub < r1; sub += kRowChunk) {
      rows_block(w, x, act.data(), ab, n_tok, y, k, sub, std::min(r1, sub + kRowChunk));
    }
  });
}

}  // namespace finchat::llm
