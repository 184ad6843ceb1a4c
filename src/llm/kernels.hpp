#pragma once
// Dot-product kernels behind a table chosen once at run time (scalar, AVX2, AVX-512 VNNI).
#include <cstddef>
#include <cstdint>

namespace finchat::llm {

// Activations quantized on the fly: d = scale, s = d * sum(qs) (used by Q4_0's -8 offset).
// This is the layout of the scalar and AVX2 tables; a table may use its own layout, so
// callers size buffers with act_bytes() and treat rows as opaque bytes.
struct ActBlock {
  float d;
  float s;
  int32_t isum;  // sum(qs)
  int8_t qs[32];
};

constexpr int kMaxDotTokens = 4;

// Each dot kernel computes, for t < nt (nt <= kMaxDotTokens):
//   out[t * out_stride] = dot(weight row, activation row t)
// with activation row t starting at x + t * x_stride (bytes for quantized activations,
// floats otherwise). `n` is the row length in elements.
struct KernelTable {
  const char* name;
  size_t (*act_bytes)(size_t n);  // bytes of one quantized activation row of n elements
  void (*quantize_act)(const float* x, uint8_t* out, size_t n);
  void (*dot_q8_0)(const uint8_t* w, const uint8_t* x, size_t x_stride, int nt, size_t n,
                   float* out, size_t out_stride);
  void (*dot_q4_0)(const uint8_t* w, const uint8_t* x, size_t x_stride, int nt, size_t n,
                   float* out, size_t out_stride);
  void (*dot_f32)(const uint8_t* w, const float* x, size_t x_stride, int nt, size_t n, float* out,
                  size_t out_stride);
  void (*dot_f16)(const uint8_t* w, const float* x, size_t x_stride, int nt, size_t n, float* out,
                  size_t out_stride);
  void (*dot_bf16)(const uint8_t* w, const float* x, size_t x_stride, int nt, size_t n, float* out,
                   size_t out_stride);
  // Optional two-row forms (nullptr when absent): rows w and w + row_bytes, results for the
  // second row at out + 1. Sharing activation loads between rows halves L1 traffic.
  void (*dot2_q8_0)(const uint8_t* w, size_t row_bytes, const uint8_t* x, size_t x_stride, int nt,
                    size_t n, float* out, size_t out_stride);
  void (*dot2_q4_0)(const uint8_t* w, size_t row_bytes, const uint8_t* x, size_t x_stride, int nt,
                    size_t n, float* out, size_t out_stride);
  // y[i] += a * x[i] with x stored as F32 or F16 (attention's weighted sum of values).
  void (*axpy_f32)(float a, const uint8_t* x, float* y, size_t n);
  void (*axpy_f16)(float a, const uint8_t* x, float* y, size_t n);
  // F32 -> F16 (round to nearest even), for the KV cache.
  void (*to_f16)(const float* x, uint16_t* y, size_t n);
  // Table for single-token Q8_0 matmuls (decode), nullptr = this one. Measured on Zen 4:
  // the AVX2-layout kernels stream Q8_0 weights faster than the AVX-512 pair layout.
  const KernelTable* (*single_token)();
  // Optional (nullptr when absent): weights packed by pack_q4_0x16 / pack_q8_0x16
  // (packed.hpp), one group of 16 rows; out[t * out_stride + r] for rows r < 16.
  // Activations as for dot_q4_0 / dot_q8_0.
  void (*dot_q4_0x16)(const uint8_t* wp, const uint8_t* x, size_t x_stride, int nt, size_t n,
                      float* out, size_t out_stride);
  void (*dot_q8_0x16)(const uint8_t* wp, const uint8_t* x, size_t x_stride, int nt, size_t n,
                      float* out, size_t out_stride);
};

// CPUID check (some compilers' __builtin_cpu_supports lacks "f16c").
bool cpu_has_f16c();

const KernelTable& scalar_kernels();
// nullptr when the CPU lacks the instructions.
const KernelTable* avx2_kernels();
const KernelTable* avx512_kernels();
// Best table for this CPU; FINCHAT_LLM_KERNELS=scalar|avx2|avx512 overrides.
const KernelTable& best_kernels();

}  // namespace finchat::llm
