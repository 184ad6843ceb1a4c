// SIMD kernels must agree with the scalar reference.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "llm/kernels.hpp"
#include "llm/packed.hpp"
#include "llm/quant.hpp"

namespace finchat::llm {
namespace {

std::vector<const KernelTable*> simd_tables() {
  std::vector<const KernelTable*> t;
  if (avx2_kernels()) t.push_back(avx2_kernels());
  if (avx512_kernels()) t.push_back(avx512_kernels());
  return t;
}

struct Data {
  size_t n = 256;
  int nt = 4;
  std::vector<float> w, x;
  Data() {
    std::mt19937 rng(5);
    std::normal_distribution<float> d(0, 1);
    w.resize(1024);
    x.resize(1024 * nt);
    for (auto& v : w) v = d(rng);
    for (auto& v : x) v = d(rng);
  }
};

TEST(Kernels, ActivationQuantizationIsIdentical) {
  Data d;
  std::vector<ActBlock> ref(d.n / 32), got(d.n / 32);
  scalar_kernels().quantize_act(d.x.data(), reinterpret_cast<uint8_t*>(ref.data()), d.n);
  for (const auto* k : simd_tables()) {
    if (k->act_bytes(d.n) != scalar_kernels().act_bytes(d.n)) continue;  // own layout
    k->quantize_act(d.x.data(), reinterpret_cast<uint8_t*>(got.data()), d.n);
    for (size_t b = 0; b < ref.size(); ++b) {
      EXPECT_EQ(ref[b].d, got[b].d) << k->name;
      EXPECT_FLOAT_EQ(ref[b].s, got[b].s) << k->name;
      EXPECT_EQ(ref[b].isum, got[b].isum) << k->name;
      for (int j = 0; j < 32; ++j)
        ASSERT_EQ(ref[b].qs[j], got[b].qs[j]) << k->name << " block " << b;
    }
  }
}

// Each table quantizes activations in its own layout; results must match the scalar path
// for every row length (odd block counts exercise the AVX-512 pair padding).
class QuantizedDots : public ::testing::TestWithParam<size_t> {};
INSTANTIATE_TEST_SUITE_P(RowLengths, QuantizedDots, ::testing::Values(32, 96, 256, 288));

TEST_P(QuantizedDots, MatchScalar) {
  Data d;
  d.n = GetParam();
  std::vector<uint8_t> wq8(tensor_row_bytes(TensorType::q8_0, d.n)),
      wq4(tensor_row_bytes(TensorType::q4_0, d.n));
  quantize_row(TensorType::q8_0, d.w.data(), wq8.data(), d.n);
  quantize_row(TensorType::q4_0, d.w.data(), wq4.data(), d.n);
  auto quantize = [&](const KernelTable& k) {
    const size_t ab = k.act_bytes(d.n);
    std::vector<uint8_t> act(ab * d.nt);
    for (int t = 0; t < d.nt; ++t) k.quantize_act(d.x.data() + t * d.n, act.data() + t * ab, d.n);
    return act;
  };
  const auto ref_act = quantize(scalar_kernels());
  const size_t ref_ab = scalar_kernels().act_bytes(d.n);
  for (int nt = 1; nt <= 4; ++nt) {
    float ref8[4], ref4[4], got8[4], got4[4];
    scalar_kernels().dot_q8_0(wq8.data(), ref_act.data(), ref_ab, nt, d.n, ref8, 1);
    scalar_kernels().dot_q4_0(wq4.data(), ref_act.data(), ref_ab, nt, d.n, ref4, 1);
    for (const auto* k : simd_tables()) {
      const auto act = quantize(*k);
      const size_t ab = k->act_bytes(d.n);
      k->dot_q8_0(wq8.data(), act.data(), ab, nt, d.n, got8, 1);
      k->dot_q4_0(wq4.data(), act.data(), ab, nt, d.n, got4, 1);
      for (int t = 0; t < nt; ++t) {
        EXPECT_NEAR(got8[t], ref8[t], 1e-3f * (1 + std::fabs(ref8[t]))) << k->name << " nt=" << nt;
        EXPECT_NEAR(got4[t], ref4[t], 1e-3f * (1 + std::fabs(ref4[t]))) << k->name << " nt=" << nt;
      }
      // Two-row kernels: the same row twice must give the one-row result in both slots.
      if (k->dot2_q8_0) {
        std::vector<uint8_t> w8x2(wq8), w4x2(wq4);
        w8x2.insert(w8x2.end(), wq8.begin(), wq8.end());
        w4x2.insert(w4x2.end(), wq4.begin(), wq4.end());
        float two8[8], two4[8];
        k->dot2_q8_0(w8x2.data(), wq8.size(), act.data(), ab, nt, d.n, two8, 2);
        k->dot2_q4_0(w4x2.data(), wq4.size(), act.data(), ab, nt, d.n, two4, 2);
        for (int t = 0; t < nt; ++t) {
          EXPECT_FLOAT_EQ(two8[2 * t], got8[t]);
          EXPECT_FLOAT_EQ(two8[2 * t + 1], got8[t]);
          EXPECT_FLOAT_EQ(two4[2 * t], got4[t]);
          EXPECT_FLOAT_EQ(two4[2 * t + 1], got4[t]);
        }
      }
    }
  }
}

// The 16-row packed kernels against the scalar kernels on the original rows: checks the
// packing and the kernel together, for every token count and odd/even block counts.
void check_packed(TensorType type, size_t n) {
  const int nt = 4;
  std::mt19937 rng(11);
  std::normal_distribution<float> dist(0, 1);
  const size_t rb = tensor_row_bytes(type, n);
  std::vector<uint8_t> rows(kPackRows * rb);
  std::vector<float> w(n), x(n * nt);
  for (size_t r = 0; r < kPackRows; ++r) {
    for (auto& v : w) v = dist(rng) * static_cast<float>(r + 1);  // distinct scales per row
    quantize_row(type, w.data(), rows.data() + r * rb, n);
  }
  for (auto& v : x) v = dist(rng);
  const bool q4 = type == TensorType::q4_0;
  AlignedBytes packed(q4 ? q4_0x16_group_bytes(n) : q8_0x16_group_bytes(n));
  if (q4)
    pack_q4_0x16(rows.data(), rb, n, packed.data());
  else
    pack_q8_0x16(rows.data(), rb, n, packed.data());
  const auto ref_dot = q4 ? scalar_kernels().dot_q4_0 : scalar_kernels().dot_q8_0;
  int tested = 0;
  for (const auto* k : simd_tables()) {
    const auto dot = q4 ? k->dot_q4_0x16 : k->dot_q8_0x16;
    if (!dot) continue;
    ++tested;
    const size_t ab = k->act_bytes(n), ref_ab = scalar_kernels().act_bytes(n);
    std::vector<uint8_t> act(ab * nt), ref_act(ref_ab * nt);
    for (int t = 0; t < nt; ++t) {
      k->quantize_act(x.data() + t * n, act.data() + t * ab, n);
      scalar_kernels().quantize_act(x.data() + t * n, ref_act.data() + t * ref_ab, n);
    }
    for (int use = 1; use <= nt; ++use) {
      std::vector<float> got(nt * 20, -1.0f);
      dot(packed.data(), act.data(), ab, use, n, got.data(), 20);
      for (int t = 0; t < nt; ++t) {
        for (size_t r = 0; r < kPackRows; ++r) {
          float ref = 0;
          ref_dot(rows.data() + r * rb, ref_act.data() + t * ref_ab, ref_ab, 1, n, &ref, 1);
          if (t < use) {
            EXPECT_NEAR(got[t * 20 + r], ref, 1e-3f * (1 + std::fabs(ref)))
                << k->name << " " << tensor_type_name(type) << " n=" << n << " nt=" << use
                << " t=" << t << " row " << r;
          } else {
            EXPECT_EQ(got[t * 20 + r], -1.0f) << "wrote past nt";
          }
        }
        for (size_t r = kPackRows; r < 20; ++r) EXPECT_EQ(got[t * 20 + r], -1.0f) << "past row 16";
      }
    }
  }
  if (tested == 0) GTEST_SKIP() << "no packed kernels on this CPU";
}

TEST_P(QuantizedDots, PackedQ4_0MatchesScalar) { check_packed(TensorType::q4_0, GetParam()); }
TEST_P(QuantizedDots, PackedQ8_0MatchesScalar) { check_packed(TensorType::q8_0, GetParam()); }

TEST(Kernels, FloatDotsMatchScalar) {
  Data d;
  d.n = 200;  // not a multiple of 16: exercises the tail
  std::vector<uint8_t> wf(d.n * 4), wh(d.n * 2), wb(d.n * 2);
  quantize_row(TensorType::f32, d.w.data(), wf.data(), d.n);
  quantize_row(TensorType::f16, d.w.data(), wh.data(), d.n);
  quantize_row(TensorType::bf16, d.w.data(), wb.data(), d.n);
  float ref[4], got[4];
  for (const auto* k : simd_tables()) {
    for (auto [fn_ref, fn, w] : {std::tuple{scalar_kernels().dot_f32, k->dot_f32, &wf},
                                 std::tuple{scalar_kernels().dot_f16, k->dot_f16, &wh},
                                 std::tuple{scalar_kernels().dot_bf16, k->dot_bf16, &wb}}) {
      fn_ref(w->data(), d.x.data(), d.n, 3, d.n, ref, 1);
      fn(w->data(), d.x.data(), d.n, 3, d.n, got, 1);
      for (int t = 0; t < 3; ++t)
        EXPECT_NEAR(got[t], ref[t], 1e-3f * (1 + std::fabs(ref[t]))) << k->name;
    }
  }
}

TEST(Kernels, QuantizedDotApproximatesFloatDot) {
  Data d;
  std::vector<uint8_t> wq8(tensor_row_bytes(TensorType::q8_0, d.n));
  quantize_row(TensorType::q8_0, d.w.data(), wq8.data(), d.n);
  std::vector<uint8_t> act(best_kernels().act_bytes(d.n));
  best_kernels().quantize_act(d.x.data(), act.data(), d.n);
  float q = 0, exact = 0;
  best_kernels().dot_q8_0(wq8.data(), act.data(), 0, 1, d.n, &q, 1);
  for (size_t i = 0; i < d.n; ++i) exact += d.w[i] * d.x[i];
  EXPECT_NEAR(q, exact, 0.05f * std::sqrt(static_cast<float>(d.n)));
}

}  // namespace
}  // namespace finchat::llm
