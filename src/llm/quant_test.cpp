#include "llm/quant.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "llm/model.hpp"
#include "llm/test_util.hpp"

namespace finchat::llm {
namespace {

TEST(Fp16, ConvertsExactValuesAndRounds) {
  for (float f : {0.0f, 1.0f, -2.5f, 65504.0f, 6.103515625e-05f, 5.960464477539063e-08f}) {
    EXPECT_EQ(fp16_to_f32(f32_to_fp16(f)), f) << f;
  }
  EXPECT_EQ(f32_to_fp16(1.0f), 0x3c00);
  EXPECT_EQ(f32_to_fp16(-2.0f), 0xc000);
  EXPECT_TRUE(std::isinf(fp16_to_f32(f32_to_fp16(1e6f))));
  // Every fp16 bit pattern survives a round trip (NaNs stay NaN).
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float f = fp16_to_f32(static_cast<uint16_t>(h));
    if (std::isnan(f)) continue;
    EXPECT_EQ(f32_to_fp16(f), h) << h;
  }
  // Halfway between 1 and the next fp16 (1 + 2^-10) rounds to even (1.0).
  EXPECT_EQ(f32_to_fp16(1.0f + 0.00048828125f), 0x3c00);
}

TEST(Bf16, RoundsToNearestEven) {
  EXPECT_EQ(bf16_to_f32(f32_to_bf16(1.0f)), 1.0f);
  EXPECT_EQ(bf16_to_f32(f32_to_bf16(-3.0f)), -3.0f);
  EXPECT_NEAR(bf16_to_f32(f32_to_bf16(3.14159f)), 3.14159f, 0.02f);
}

std::vector<float> random_vec(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0, 1);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

TEST(Quant, Q8_0LayoutAndError) {
  std::vector<float> x(32);
  for (int i = 0; i < 32; ++i) x[i] = static_cast<float>(i - 16);
  BlockQ8_0 b;
  quantize_row_q8_0(x.data(), &b, 32);
  EXPECT_NEAR(fp16_to_f32(b.d), 16.0f / 127.0f, 1e-4);
  EXPECT_EQ(b.qs[0], -127);
  auto v = random_vec(4096, 1);
  std::vector<BlockQ8_0> q(v.size() / 32);
  std::vector<float> back(v.size());
  quantize_row_q8_0(v.data(), q.data(), v.size());
  dequantize_row_q8_0(q.data(), back.data(), v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    float amax = 0;
    for (size_t j = i / 32 * 32; j < i / 32 * 32 + 32; ++j) amax = std::max(amax, std::fabs(v[j]));
    EXPECT_LE(std::fabs(back[i] - v[i]), amax / 127.0f * 0.51f + 1e-3f);
  }
}

TEST(Quant, Q4_0NibbleOrderAndError) {
  std::vector<float> x(32, 0.0f);
  x[0] = -8.0f;  // largest magnitude -> q = 0 with d = 1
  x[1] = 1.0f;   // q = 9, low nibble of byte 1
  x[17] = 2.0f;  // q = 10, high nibble of byte 1
  BlockQ4_0 b;
  quantize_row_q4_0(x.data(), &b, 32);
  EXPECT_FLOAT_EQ(fp16_to_f32(b.d), 1.0f);
  EXPECT_EQ(b.qs[0] & 0xf, 0);
  EXPECT_EQ(b.qs[1] & 0xf, 9);
  EXPECT_EQ(b.qs[1] >> 4, 10);
  std::vector<float> back(32);
  dequantize_row_q4_0(&b, back.data(), 32);
  EXPECT_FLOAT_EQ(back[0], -8.0f);
  EXPECT_FLOAT_EQ(back[17], 2.0f);
  auto v = random_vec(4096, 2);
  std::vector<BlockQ4_0> q(v.size() / 32);
  std::vector<float> out(v.size());
  quantize_row_q4_0(v.data(), q.data(), v.size());
  dequantize_row_q4_0(q.data(), out.data(), v.size());
  double err = 0, norm = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    err += (out[i] - v[i]) * (out[i] - v[i]);
    norm += v[i] * v[i];
  }
  EXPECT_LT(std::sqrt(err / norm), 0.15);  // ~4-bit precision
}

TEST(Quant, QuantizesModelFile) {
  auto in = testing::write_tiny("q_in.gguf", testing::tiny_spec());
  auto out = testing::temp_path("q_out.gguf");
  ASSERT_TRUE(quantize_model_file(in, out, TensorType::q4_0).ok());
  auto f = GgufFile::open(out);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)->tensor("blk.0.attn_q.weight")->type, TensorType::q4_0);
  EXPECT_EQ((*f)->tensor("blk.0.attn_norm.weight")->type, TensorType::f32);
  EXPECT_TRUE(Model::load(*f).ok());
  EXPECT_FALSE(quantize_model_file(in, out, TensorType::f16).ok());
  EXPECT_FALSE(quantize_model_file(in + ".nope", out, TensorType::q8_0).ok());
}

}  // namespace
}  // namespace finchat::llm
