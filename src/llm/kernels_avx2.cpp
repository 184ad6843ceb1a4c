// AVX2 + FMA + F16C kernels (maddubs-based int8 dot products).
#include <immintrin.h>

#include <cstring>

#include "llm/kernels.hpp"
#include "llm/quant.hpp"

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c")
#endif

namespace finchat::llm {
namespace {
inline __m256i finchat_udot(__m256i u, __m256i s) {
  return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}
}  // namespace
#include "llm/kernels_x86.inc"

namespace {
const KernelTable kAvx2 = {"avx2",  act_bytes, quantize_act, dot_q8_0, dot_q4_0, dot_f32,
                           dot_f16, dot_bf16,  nullptr,      nullptr,  axpy_f32, axpy_f16,
                           to_f16,  nullptr,   nullptr,      nullptr};
}
}  // namespace finchat::llm

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

namespace finchat::llm {
const KernelTable* avx2_kernels() {
  // CPUID is slow (a VM exit under virtualization): decide once.
  static const KernelTable* const table = [] {
    __builtin_cpu_init();
    bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cpu_has_f16c();
    return ok ? &kAvx2 : nullptr;
  }();
  return table;
}
}  // namespace finchat::llm
