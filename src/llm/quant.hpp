#pragma once
// Element formats: fp16/bf16 conversion and ggml-compatible Q8_0 / Q4_0 blocks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "llm/gguf.hpp"

namespace finchat::llm {

constexpr int kQK = 32;  // weights per quantization block

struct BlockQ8_0 {
  uint16_t d;  // fp16 scale
  int8_t qs[kQK];
};
struct BlockQ4_0 {
  uint16_t d;           // fp16 scale
  uint8_t qs[kQK / 2];  // low nibble = element j, high nibble = element j + 16
};
static_assert(sizeof(BlockQ8_0) == 34 && sizeof(BlockQ4_0) == 18);

float fp16_to_f32(uint16_t h);
uint16_t f32_to_fp16(float f);  // round to nearest even
float bf16_to_f32(uint16_t h);
uint16_t f32_to_bf16(float f);  // round to nearest even

// `n` must be a multiple of 32 for the quantized formats.
void quantize_row_q8_0(const float* x, BlockQ8_0* out, size_t n);
void quantize_row_q4_0(const float* x, BlockQ4_0* out, size_t n);
void dequantize_row_q8_0(const BlockQ8_0* in, float* y, size_t n);
void dequantize_row_q4_0(const BlockQ4_0* in, float* y, size_t n);

// Any supported type <-> f32 for `n` elements (n a multiple of the block size).
void dequantize_row(TensorType type, const uint8_t* in, float* y, size_t n);
void quantize_row(TensorType type, const float* x, uint8_t* out, size_t n);

// Rewrites a model file with 2-D weight matrices converted to `target` (q8_0 or q4_0).
// Norm vectors and tensors whose rows are not a multiple of 32 keep their type (F32).
Status quantize_model_file(const std::string& in_path, const std::string& out_path,
                           TensorType target);

}  // namespace finchat::llm
