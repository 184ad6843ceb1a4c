#pragma once
// y[t][r] = dot(W row r, x[t]) for a batch of tokens; weights are read once per token block.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "llm/gguf.hpp"
#include "llm/kernels.hpp"
#include "llm/thread_pool.hpp"

namespace finchat::llm {

struct Weight {
  const uint8_t* data = nullptr;
  TensorType type = TensorType::f32;
  size_t cols = 0;  // input dimension (ne[0])
  size_t rows = 0;  // output dimension
  size_t row_bytes = 0;
  // Optional copy of Q4_0 weights in the Q4_0x16 layout (packed.hpp), used by kernel
  // tables that have dot_q4_0x16; data stays the reference for the others.
  const uint8_t* packed = nullptr;
  const uint8_t* row(size_t r) const { return data + r * row_bytes; }
};

// x: n_tok x w.cols floats, y: n_tok x w.rows floats. `act` holds x quantized for Q8_0/Q4_0
// weights; pass act_ready when the previous call quantized the same x (q/k/v, gate/up).
void matmul(const Weight& w, const float* x, int n_tok, float* y, ThreadPool& pool,
            const KernelTable& k, std::vector<uint8_t>& act, bool act_ready = false);

}  // namespace finchat::llm
