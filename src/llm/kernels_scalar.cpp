// Portable reference kernels: the ground truth the SIMD paths are tested against.
#include <cpuid.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "llm/kernels.hpp"
#include "llm/quant.hpp"

namespace finchat::llm {
namespace {

size_t act_bytes(size_t n) { return n / 32 * sizeof(ActBlock); }

void quantize_act(const float* x, uint8_t* out_bytes, size_t n) {
  auto* out = reinterpret_cast<ActBlock*>(out_bytes);
  for (size_t b = 0; b < n / 32; ++b) {
    const float* v = x + b * 32;
    float amax = 0;
    for (int j = 0; j < 32; ++j) amax = std::fmax(amax, std::fabs(v[j]));
    float d = amax / 127.0f;
    float id = d != 0 ? 1.0f / d : 0.0f;
    int sum = 0;
    for (int j = 0; j < 32; ++j) {
      int q = static_cast<int>(std::nearbyint(v[j] * id));
      out[b].qs[j] = static_cast<int8_t>(q);
      sum += q;
    }
    out[b].d = d;
    out[b].s = d * static_cast<float>(sum);
    out[b].isum = sum;
  }
}

void dot_q8_0(const uint8_t* w, const uint8_t* xb, size_t xs_bytes, int nt, size_t n, float* out,
              size_t os) {
  const auto* x = reinterpret_cast<const ActBlock*>(xb);
  const size_t xs = xs_bytes / sizeof(ActBlock);
  const auto* wb = reinterpret_cast<const BlockQ8_0*>(w);
  for (int t = 0; t < nt; ++t) {
    const ActBlock* a = x + t * xs;
    float acc = 0;
    for (size_t b = 0; b < n / 32; ++b) {
      int sum = 0;
      for (int j = 0; j < 32; ++j) sum += wb[b].qs[j] * a[b].qs[j];
      acc += static_cast<float>(sum) * fp16_to_f32(wb[b].d) * a[b].d;
    }
    out[t * os] = acc;
  }
}

void dot_q4_0(const uint8_t* w, const uint8_t* xb, size_t xs_bytes, int nt, size_t n, float* out,
              size_t os) {
  const auto* x = reinterpret_cast<const ActBlock*>(xb);
  const size_t xs = xs_bytes / sizeof(ActBlock);
  const auto* wb = reinterpret_cast<const BlockQ4_0*>(w);
  for (int t = 0; t < nt; ++t) {
    const ActBlock* a = x + t * xs;
    float acc = 0;
    for (size_t b = 0; b < n / 32; ++b) {
      int sum = 0;
      for (int j = 0; j < 16; ++j) {
        sum += ((wb[b].qs[j] & 0xf) - 8) * a[b].qs[j];
        sum += ((wb[b].qs[j] >> 4) - 8) * a[b].qs[j + 16];
      }
      acc += static_cast<float>(sum) * fp16_to_f32(wb[b].d) * a[b].d;
    }
    out[t * os] = acc;
  }
}

template <class Load>
void dot_float(Load load, const float* x, size_t xs, int nt, size_t n, float* out, size_t os) {
  for (int t = 0; t < nt; ++t) {
    const float* a = x + t * xs;
    float acc = 0;
    for (size_t k = 0; k < n; ++k) acc += load(k) * a[k];
    out[t * os] = acc;
  }
}

void dot_f32(const uint8_t* w, const float* x, size_t xs, int nt, size_t n, float* out, size_t os) {
  const auto* wf = reinterpret_cast<const float*>(w);
  dot_float([&](size_t k) { return wf[k]; }, x, xs, nt, n, out, os);
}
void dot_f16(const uint8_t* w, const float* x, size_t xs, int nt, size_t n, float* out, size_t os) {
  const auto* wh = reinterpret_cast<const uint16_t*>(w);
  dot_float([&](size_t k) { return fp16_to_f32(wh[k]); }, x, xs, nt, n, out, os);
}
void dot_bf16(const uint8_t* w, const float* x, size_t xs, int nt, size_t n, float* out,
              size_t os) {
  const auto* wh = reinterpret_cast<const uint16_t*>(w);
  dot_float([&](size_t k) { return bf16_to_f32(wh[k]); }, x, xs, nt, n, out, os);
}

void axpy_f32(float a, const uint8_t* x, float* y, size_t n) {
  const auto* xf = reinterpret_cast<const float*>(x);
  for (size_t i = 0; i < n; ++i) y[i] += a * xf[i];
}
void axpy_f16(float a, const uint8_t* x, float* y, size_t n) {
  const auto* xh = reinterpret_cast<const uint16_t*>(x);
  for (size_t i = 0; i < n; ++i) y[i] += a * fp16_to_f32(xh[i]);
}

void to_f16(const float* x, uint16_t* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = f32_to_fp16(x[i]);
}

const KernelTable kScalar = {"scalar", act_bytes, quantize_act, dot_q8_0, dot_q4_0, dot_f32,
                             dot_f16,  dot_bf16,  nullptr,      nullptr,  axpy_f32, axpy_f16,
                             to_f16,   nullptr,   nullptr,      nullptr};

}  // namespace

const KernelTable& scalar_kernels() { return kScalar; }

bool cpu_has_f16c() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  return (ecx & bit_F16C) != 0;
}

const KernelTable& best_kernels() {
  static const KernelTable* chosen = [] {
    const char* env = std::getenv("FINCHAT_LLM_KERNELS");
    std::string want = env ? env : "";
    if (want == "scalar") return &kScalar;
    if (want == "avx2" && avx2_kernels()) return avx2_kernels();
    if (avx512_kernels() && want != "avx2") return avx512_kernels();
    if (avx2_kernels()) return avx2_kernels();
    return &kScalar;
  }();
  return *chosen;
}

}  // namespace finchat::llm
