// AVX-512 VNNI kernels: vpdpbusd replaces the maddubs/madd pair of the AVX2 path.
#include <immintrin.h>

#include <cstring>

#include "llm/kernels.hpp"
#include "llm/quant.hpp"

#if defined(__clang__)
#pragma clang attribute push(                                                      \
    __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni"))), \
    apply_to = function)
#else
// GCC 12 flags the undefined upper half of _mm512_castsi256_si512 (a false positive).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni")
#endif

namespace finchat::llm {
namespace {
inline __m256i finchat_udot(__m256i u, __m256i s) {
  return _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s);
}
}  // namespace
#include "llm/kernels_x86.inc"

namespace {

// Activations in pairs of blocks, laid out for 512-bit loads: 64 quantized values, the
// Q4_0 offset correction (-8 * sum) in int32 lanes 0 and 8, and each block's scale
// broadcast over its 8 lanes. An odd last block is paired with zeros.
struct ActPair {
  int8_t qs[64];
  int32_t init[16];
  float scale[16];
};
static_assert(sizeof(ActPair) == 192);

size_t act_bytes_pairs(size_t n) { return (n / 32 + 1) / 2 * sizeof(ActPair); }

void quantize_act_pairs(const float* x, uint8_t* out, size_t n) {
  auto* pairs = reinterpret_cast<ActPair*>(out);
  const size_t nb = n / 32;
  for (size_t b = 0; b < nb; ++b) {
    ActBlock blk;
    quantize_blocks(x + b * 32, &blk, 32);
    ActPair& p = pairs[b / 2];
    const int half = static_cast<int>(b % 2);
    std::memcpy(p.qs + 32 * half, blk.qs, 32);
    for (int i = 0; i < 8; ++i) {
      p.init[8 * half + i] = i == 0 ? -8 * blk.isum : 0;
      p.scale[8 * half + i] = blk.d;
    }
  }
  if (nb % 2) {
    ActPair& p = pairs[nb / 2];
    std::memset(p.qs + 32, 0, 32);
    std::memset(p.init + 8, 0, 32);
    std::memset(p.scale + 8, 0, 32);
  }
}

inline __m512i load_pair(const int8_t* a, const int8_t* b, bool second) {
  const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a));
  if (!second) return _mm512_zextsi256_si512(lo);
  return _mm512_inserti64x4(_mm512_zextsi256_si512(lo),
                            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b)), 1);
}

inline __m512 pair_scale(uint16_t d0, uint16_t d1, bool second) {
  return _mm512_mask_blend_ps(0xff00, _mm512_set1_ps(half_to_float(d0)),
                              _mm512_set1_ps(second ? half_to_float(d1) : 0.0f));
}

template <int NT>
void dot_q8_0_512(const uint8_t* w, const uint8_t* x, size_t xs, size_t n, float* out, size_t os) {
  const auto* wb = reinterpret_cast<const BlockQ8_0*>(w);
  const size_t nb = n / 32;
  const __m512i zero = _mm512_setzero_si512();
  __m512 acc[NT];
  for (int t = 0; t < NT; ++t) acc[t] = _mm512_setzero_ps();
  for (size_t b = 0; b < nb; b += 2) {
    const bool second = b + 1 < nb;
    const BlockQ8_0& w1 = wb[second ? b + 1 : b];
    const __m512i q = load_pair(wb[b].qs, w1.qs, second);
    const __m512i u = _mm512_abs_epi8(q);
    const __mmask64 neg = _mm512_movepi8_mask(q);
    const __m512 wd = pair_scale(wb[b].d, w1.d, second);
    for (int t = 0; t < NT; ++t) {
      const auto* a = reinterpret_cast<const ActPair*>(x + t * xs) + b / 2;
      const __m512i av = _mm512_loadu_si512(a->qs);
      const __m512i s = _mm512_mask_sub_epi8(av, neg, zero, av);
      const __m512i p = _mm512_dpbusd_epi32(zero, u, s);
      const __m512 sc = _mm512_mul_ps(wd, _mm512_loadu_ps(a->scale));
      acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), sc, acc[t]);
    }
  }
  for (int t = 0; t < NT; ++t) out[t * os] = _mm512_reduce_add_ps(acc[t]);
}

template <int NT>
void dot_q4_0_512(const uint8_t* w, const uint8_t* x, size_t xs, size_t n, float* out, size_t os) {
  const auto* wb = reinterpret_cast<const BlockQ4_0*>(w);
  const size_t nb = n / 32;
  const __m256i low_mask = _mm256_set1_epi8(0x0f);
  __m512 acc[NT];
  for (int t = 0; t < NT; ++t) acc[t] = _mm512_setzero_ps();
  for (size_t b = 0; b < nb; b += 2) {
    const bool second = b + 1 < nb;
    const BlockQ4_0& w1 = wb[second ? b + 1 : b];
    const __m128i r0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(wb[b].qs));
    const __m128i r1 =
        second ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(w1.qs)) : _mm_setzero_si128();
    const __m256i raw = _mm256_set_m128i(r1, r0);
    const __m256i lo = _mm256_and_si256(raw, low_mask);
    const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), low_mask);
    // [lo0 lo1 hi0 hi1] -> [lo0 hi0 lo1 hi1]: each block's 32 values in element order.
    const __m512i t4 = _mm512_inserti64x4(_mm512_zextsi256_si512(lo), hi, 1);
    const __m512i u = _mm512_shuffle_i64x2(t4, t4, _MM_SHUFFLE(3, 1, 2, 0));
    const __m512 wd = pair_scale(wb[b].d, w1.d, second);
    for (int t = 0; t < NT; ++t) {
      const auto* a = reinterpret_cast<const ActPair*>(x + t * xs) + b / 2;
      // init holds -8 * sum(a): the products of (q - 8) * a summed in integers.
      const __m512i p =
          _mm512_dpbusd_epi32(_mm512_loadu_si512(a->init), u, _mm512_loadu_si512(a->qs));
      const __m512 sc = _mm512_mul_ps(wd, _mm512_loadu_ps(a->scale));
      acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), sc, acc[t]);
    }
  }
  for (int t = 0; t < NT; ++t) out[t * os] = _mm512_reduce_add_ps(acc[t]);
}

constexpr int kPrefetchBytes = 768;

// Two weight rows x NT tokens: each activation load feeds both rows.
template <int NT>
void dot2_q8_0_512(const uint8_t* w, size_t rb, const uint8_t* x, size_t xs, size_t n, float* out,
                   size_t os) {
  const size_t nb = n / 32;
  const __m512i zero = _mm512_setzero_si512();
  __m512 acc[2][NT];
  for (int t = 0; t < NT; ++t) acc[0][t] = acc[1][t] = _mm512_setzero_ps();
  for (size_t b = 0; b < nb; b += 2) {
    const bool second = b + 1 < nb;
    __m512i u[2];
    __mmask64 neg[2];
    __m512 wd[2];
    for (int r = 0; r < 2; ++r) {
      const auto* wb = reinterpret_cast<const BlockQ8_0*>(w + r * rb);
      _mm_prefetch(reinterpret_cast<const char*>(wb + b) + kPrefetchBytes, _MM_HINT_T0);
      const BlockQ8_0& w1 = wb[second ? b + 1 : b];
      const __m512i q = load_pair(wb[b].qs, w1.qs, second);
      u[r] = _mm512_abs_epi8(q);
      neg[r] = _mm512_movepi8_mask(q);
      wd[r] = pair_scale(wb[b].d, w1.d, second);
    }
    for (int t = 0; t < NT; ++t) {
      const auto* a = reinterpret_cast<const ActPair*>(x + t * xs) + b / 2;
      const __m512i av = _mm512_loadu_si512(a->qs);
      const __m512 sa = _mm512_loadu_ps(a->scale);
      for (int r = 0; r < 2; ++r) {
        const __m512i s = _mm512_mask_sub_epi8(av, neg[r], zero, av);
        const __m512i p = _mm512_dpbusd_epi32(zero, u[r], s);
        acc[r][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), _mm512_mul_ps(wd[r], sa), acc[r][t]);
      }
    }
  }
  for (int t = 0; t < NT; ++t) {
    out[t * os] = _mm512_reduce_add_ps(acc[0][t]);
    out[t * os + 1] = _mm512_reduce_add_ps(acc[1][t]);
  }
}

template <int NT>
void dot2_q4_0_512(const uint8_t* w, size_t rb, const uint8_t* x, size_t xs, size_t n, float* out,
                   size_t os) {
  const size_t nb = n / 32;
  const __m256i low_mask = _mm256_set1_epi8(0x0f);
  __m512 acc[2][NT];
  for (int t = 0; t < NT; ++t) acc[0][t] = acc[1][t] = _mm512_setzero_ps();
  for (size_t b = 0; b < nb; b += 2) {
    const bool second = b + 1 < nb;
    __m512i u[2];
    __m512 wd[2];
    for (int r = 0; r < 2; ++r) {
      const auto* wb = reinterpret_cast<const BlockQ4_0*>(w + r * rb);
      // Decode streams weights from DRAM: keep more misses in flight than the HW prefetcher.
      _mm_prefetch(reinterpret_cast<const char*>(wb + b) + kPrefetchBytes, _MM_HINT_T0);
      const BlockQ4_0& w1 = wb[second ? b + 1 : b];
      const __m128i r0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(wb[b].qs));
      const __m128i r1 =
          second ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(w1.qs)) : _mm_setzero_si128();
      const __m256i raw = _mm256_set_m128i(r1, r0);
      const __m256i lo = _mm256_and_si256(raw, low_mask);
      const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), low_mask);
      const __m512i t4 = _mm512_inserti64x4(_mm512_zextsi256_si512(lo), hi, 1);
      u[r] = _mm512_shuffle_i64x2(t4, t4, _MM_SHUFFLE(3, 1, 2, 0));
      wd[r] = pair_scale(wb[b].d, w1.d, second);
    }
    for (int t = 0; t < NT; ++t) {
      const auto* a = reinterpret_cast<const ActPair*>(x + t * xs) + b / 2;
      const __m512i init = _mm512_loadu_si512(a->init);
      const __m512i qs = _mm512_loadu_si512(a->qs);
      const __m512 sa = _mm512_loadu_ps(a->scale);
      for (int r = 0; r < 2; ++r) {
        const __m512i p = _mm512_dpbusd_epi32(init, u[r], qs);
        acc[r][t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), _mm512_mul_ps(wd[r], sa), acc[r][t]);
      }
    }
  }
  for (int t = 0; t < NT; ++t) {
    out[t * os] = _mm512_reduce_add_ps(acc[0][t]);
    out[t * os + 1] = _mm512_reduce_add_ps(acc[1][t]);
  }
}

// Packed formats (packed.hpp): one block of 16 rows as 8 vectors u[j], lane r holding row
// r's elements 4j .. 4j + 3 as unsigned bytes, and the multiple of sum(a) that undoes the
// unsigned offset (Q4_0: q - 8; Q8_0 stored as q + 128), in units of ActPair::init (-8 sum).
struct PackedQ4 {
  static constexpr size_t kBlockBytes = 256;
  static constexpr int32_t kOffsetUnits = 1;
  static void load(const uint8_t* q, __m512i u[8]) {
    const __m512i mask = _mm512_set1_epi8(0x0f);
    for (int m = 0; m < 4; ++m) {
      const __m512i raw = _mm512_loadu_si512(q + 64 * m);
      u[m] = _mm512_and_si512(raw, mask);
      u[m + 4] = _mm512_and_si512(_mm512_srli_epi16(raw, 4), mask);
    }
  }
};
struct PackedQ8 {
  static constexpr size_t kBlockBytes = 512;
  static constexpr int32_t kOffsetUnits = 16;
  static void load(const uint8_t* q, __m512i u[8]) {
    for (int m = 0; m < 8; ++m) u[m] = _mm512_loadu_si512(q + 64 * m);
  }
};

// Far enough ahead to cover DRAM latency at full bandwidth (measured: 4-8 KiB best).
constexpr size_t kPackedPrefetchBytes = 6144;

// 16 packed rows x NT tokens. One 64-byte load holds 4 weights of each of the 16 rows;
// the activation's matching 4 bytes come in as a broadcast, so vpdpbusd yields 16 rows'
// partial sums at once and no horizontal reduction is needed. The integer chain starts at
// the offset correction, which is the same for every row.
template <class F, int NT>
void dot_packed_512(const uint8_t* wp, const uint8_t* x, size_t xs, size_t n, float* out,
                    size_t os) {
  const size_t nb = n / 32;
  const uint8_t* scales = wp + nb * F::kBlockBytes;
  __m512 acc[NT];
  for (int t = 0; t < NT; ++t) acc[t] = _mm512_setzero_ps();
  for (size_t b = 0; b < nb; ++b) {
    const char* q = reinterpret_cast<const char*>(wp + b * F::kBlockBytes);
    // Decode streams weights from DRAM: keep more misses in flight than the HW prefetcher.
    for (size_t m = 0; m < F::kBlockBytes; m += 64) {
      _mm_prefetch(q + kPackedPrefetchBytes + m, _MM_HINT_T0);
    }
    if (b % 2 == 0) {
      _mm_prefetch(reinterpret_cast<const char*>(scales + b * 32) + kPackedPrefetchBytes / 8,
                   _MM_HINT_T0);
    }
    __m512i u[8];
    F::load(wp + b * F::kBlockBytes, u);
    const __m512 wd =
        _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(scales + b * 32)));
    const size_t half = b % 2;
    for (int t = 0; t < NT; ++t) {
      const auto* a = reinterpret_cast<const ActPair*>(x + t * xs) + b / 2;
      const int8_t* qa = a->qs + 32 * half;
      __m512i s0 = _mm512_set1_epi32(a->init[8 * half] * F::kOffsetUnits);
      __m512i s1 = _mm512_setzero_si512();
      for (int m = 0; m < 4; ++m) {
        int32_t lo, hi;
        std::memcpy(&lo, qa + 4 * m, 4);
        std::memcpy(&hi, qa + 16 + 4 * m, 4);
        s0 = _mm512_dpbusd_epi32(s0, u[m], _mm512_set1_epi32(lo));
        s1 = _mm512_dpbusd_epi32(s1, u[m + 4], _mm512_set1_epi32(hi));
      }
      const __m512 sc = _mm512_mul_ps(wd, _mm512_set1_ps(a->scale[8 * half]));
      acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_add_epi32(s0, s1)), sc, acc[t]);
    }
  }
  for (int t = 0; t < NT; ++t) _mm512_storeu_ps(out + t * os, acc[t]);
}
template <int NT>
void dot_q4_0x16_512(const uint8_t* wp, const uint8_t* x, size_t xs, size_t n, float* out,
                     size_t os) {
  dot_packed_512<PackedQ4, NT>(wp, x, xs, n, out, os);
}
template <int NT>
void dot_q8_0x16_512(const uint8_t* wp, const uint8_t* x, size_t xs, size_t n, float* out,
                     size_t os) {
  dot_packed_512<PackedQ8, NT>(wp, x, xs, n, out, os);
}

#define FINCHAT_DISPATCH_NT(fn, ...)    \
  switch (nt) {                         \
    case 1: fn<1>(__VA_ARGS__); break;  \
    case 2: fn<2>(__VA_ARGS__); break;  \
    case 3: fn<3>(__VA_ARGS__); break;  \
    default: fn<4>(__VA_ARGS__); break; \
  }
void dot_q8_0_v512(const uint8_t* w, const uint8_t* x, size_t xs, int nt, size_t n, float* out,
                   size_t os) {
  FINCHAT_DISPATCH_NT(dot_q8_0_512, w, x, xs, n, out, os)
}
void dot_q4_0_v512(const uint8_t* w, const uint8_t* x, size_t xs, int nt, size_t n, float* out,
                   size_t os) {
  FINCHAT_DISPATCH_NT(dot_q4_0_512, w, x, xs, n, out, os)
}
void dot2_q8_0_v512(const uint8_t* w, size_t rb, const uint8_t* x, size_t xs, int nt, size_t n,
                    float* out, size_t os) {
  FINCHAT_DISPATCH_NT(dot2_q8_0_512, w, rb, x, xs, n, out, os)
}
void dot2_q4_0_v512(const uint8_t* w, size_t rb, const uint8_t* x, size_t xs, int nt, size_t n,
                    float* out, size_t os) {
  FINCHAT_DISPATCH_NT(dot2_q4_0_512, w, rb, x, xs, n, out, os)
}
void dot_q4_0x16_v512(const uint8_t* wp, const uint8_t* x, size_t xs, int nt, size_t n, float* out,
                      size_t os) {
  FINCHAT_DISPATCH_NT(dot_q4_0x16_512, wp, x, xs, n, out, os)
}
void dot_q8_0x16_v512(const uint8_t* wp, const uint8_t* x, size_t xs, int nt, size_t n, float* out,
                      size_t os) {
  FINCHAT_DISPATCH_NT(dot_q8_0x16_512, wp, x, xs, n, out, os)
}
#undef FINCHAT_DISPATCH_NT

const KernelTable kAvx512 = {
    "avx512vnni", act_bytes_pairs, quantize_act_pairs, dot_q8_0_v512,   dot_q4_0_v512, dot_f32,
    dot_f16,      dot_bf16,        dot2_q8_0_v512,     dot2_q4_0_v512,  axpy_f32,      axpy_f16,
    to_f16,       avx2_kernels,    dot_q4_0x16_v512,   dot_q8_0x16_v512};
}  // namespace
}  // namespace finchat::llm

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

namespace finchat::llm {
const KernelTable* avx512_kernels() {
  // CPUID is slow (a VM exit under virtualization): decide once.
  static const KernelTable* const table = [] {
    __builtin_cpu_init();
    bool ok = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
              __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni") &&
              __builtin_cpu_supports("fma") && cpu_has_f16c();
    return ok ? &kAvx512 : nullptr;
  }();
  return table;
}
}  // namespace finchat::llm
