#include "llm/quant.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace finchat::llm {

static float fp16_to_f32_slow(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t man = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (man == 0) {
      bits = sign;
    } else {  // subnormal: renormalize
      int e = -1;
      do {
        ++e;
        man <<= 1;
      } while ((man & 0x400) == 0);
      bits = sign | static_cast<uint32_t>(127 - 15 - e) << 23 | (man & 0x3ff) << 13;
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | man << 13;
  } else {
    bits = sign | (exp + 112) << 23 | man << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

namespace {
struct Fp16Table {
  float v[65536];
  Fp16Table() {
    for (uint32_t h = 0; h < 65536; ++h) v[h] = fp16_to_f32_slow(static_cast<uint16_t>(h));
  }
};
const Fp16Table& fp16_table() {
  static const Fp16Table table;
  return table;
}
}  // namespace

float fp16_to_f32(uint16_t h) { return fp16_table().v[h]; }

uint16_t f32_to_fp16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000;
  uint32_t abs = x & 0x7fffffff;
  if (abs >= 0x7f800000u)
    return static_cast<uint16_t>(sign | 0x7c00 | (abs > 0x7f800000u ? 0x200 : 0));
  if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00);  // overflow -> inf
  if (abs < 0x38800000u) {                                              // subnormal or zero in fp16
    if (abs < 0x33000000u) return static_cast<uint16_t>(sign);
    uint32_t e = abs >> 23;
    uint32_t m = (abs & 0x7fffff) | 0x800000;
    uint32_t shift = 126 - e;  // fp16 subnormal unit is 2^-24
    uint32_t half = m >> shift;
    uint32_t rem = m & ((1u << shift) - 1);
    uint32_t mid = 1u << (shift - 1);
    if (rem > mid || (rem == mid && (half & 1))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t h = ((abs - 0x38000000u) >> 13);
  uint32_t rem = abs & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;
  return static_cast<uint16_t>(sign | h);
}

float bf16_to_f32(uint16_t h) {
  uint32_t bits = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t f32_to_bf16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  if ((x & 0x7fffffff) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40);  // quiet NaN
  x += 0x7fff + ((x >> 16) & 1);
  return static_cast<uint16_t>(x >> 16);
}

void quantize_row_q8_0(const float* x, BlockQ8_0* out, size_t n) {
  for (size_t b = 0; b < n / kQK; ++b) {
    const float* v = x + b * kQK;
    float amax = 0;
    for (int j = 0; j < kQK; ++j) amax = std::max(amax, std::fabs(v[j]));
    float d = amax / 127.0f;
    float id = d != 0 ? 1.0f / d : 0.0f;
    out[b].d = f32_to_fp16(d);
    for (int j = 0; j < kQK; ++j) out[b].qs[j] = static_cast<int8_t>(std::nearbyint(v[j] * id));
  }
}

void quantize_row_q4_0(const float* x, BlockQ4_0* out, size_t n) {
  for (size_t b = 0; b < n / kQK; ++b) {
    const float* v = x + b * kQK;
    // The value with the largest magnitude maps to -8 so the full 16 levels are used.
    float amax = 0, vmax = 0;
    for (int j = 0; j < kQK; ++j) {
      if (std::fabs(v[j]) > amax) {
        amax = std::fabs(v[j]);
        vmax = v[j];
      }
    }
    float d = vmax / -8.0f;
    float id = d != 0 ? 1.0f / d : 0.0f;
    out[b].d = f32_to_fp16(d);
    for (int j = 0; j < kQK / 2; ++j) {
      int lo = std::min(15, static_cast<int>(v[j] * id + 8.5f));
      int hi = std::min(15, static_cast<int>(v[j + 16] * id + 8.5f));
      lo = std::max(lo, 0);
      hi = std::max(hi, 0);
      out[b].qs[j] = static_cast<uint8_t>(lo | hi << 4);
    }
  }
}

void dequantize_row_q8_0(const BlockQ8_0* in, float* y, size_t n) {
  for (size_t b = 0; b < n / kQK; ++b) {
    float d = fp16_to_f32(in[b].d);
    for (int j = 0; j < kQK; ++j) y[b * kQK + j] = in[b].qs[j] * d;
  }
}

void dequantize_row_q4_0(const BlockQ4_0* in, float* y, size_t n) {
  for (size_t b = 0; b < n / kQK; ++b) {
    float d = fp16_to_f32(in[b].d);
    for (int j = 0; j < kQK / 2; ++j) {
      y[b * kQK + j] = static_cast<float>((in[b].qs[j] & 0xf) - 8) * d;
      y[b * kQK + j + 16] = static_cast<float>((in[b].qs[j] >> 4) - 8) * d;
    }
  }
}

void dequantize_row(TensorType type, const uint8_t* in, float* y, size_t n) {
  switch (type) {
    case TensorType::f32: std::memcpy(y, in, n * 4); break;
    case TensorType::f16:
      for (size_t k = 0; k < n; ++k) {
        uint16_t h;
        std::memcpy(&h, in + 2 * k, 2);
        y[k] = fp16_to_f32(h);
      }
      break;
    case TensorType::bf16:
      for (size_t k = 0; k < n; ++k) {
        uint16_t h;
        std::memcpy(&h, in + 2 * k, 2);
        y[k] = bf16_to_f32(h);
      }
      break;
    case TensorType::q8_0: dequantize_row_q8_0(reinterpret_cast<const BlockQ8_0*>(in), y, n); break;
    case TensorType::q4_0: dequantize_row_q4_0(reinterpret_cast<const BlockQ4_0*>(in), y, n); break;
  }
}

void quantize_row(TensorType type, const float* x, uint8_t* out, size_t n) {
  switch (type) {
    case TensorType::f32: std::memcpy(out, x, n * 4); break;
    case TensorType::f16:
      for (size_t k = 0; k < n; ++k) {
        uint16_t h = f32_to_fp16(x[k]);
        std::memcpy(out + 2 * k, &h, 2);
      }
      break;
    case TensorType::bf16:
      for (size_t k = 0; k < n; ++k) {
        uint16_t h = f32_to_bf16(x[k]);
        std::memcpy(out + 2 * k, &h, 2);
      }
      break;
    case TensorType::q8_0: quantize_row_q8_0(x, reinterpret_cast<BlockQ8_0*>(out), n); break;
    case TensorType::q4_0: quantize_row_q4_0(x, reinterpret_cast<BlockQ4_0*>(out), n); break;
  }
}

Status quantize_model_file(const std::string& in_path, const std::string& out_path,
                           TensorType target) {
  if (target != TensorType::q8_0 && target != TensorType::q4_0) {
    return Error::invalid("quantize target must be q8_0 or q4_0", "type");
  }
  auto in = GgufFile::open(in_path);
  if (!in) return in.error();
  const auto& file = **in;
  GgufWriter w;
  for (const auto& key : file.key_order()) w.set(key, *file.find(key));
  w.set("general.file_type", GgufValue::of_u32(target == TensorType::q8_0 ? 7 : 2));
  std::vector<float> row;
  for (const auto& t : file.tensors()) {
    bool convert = t.dims.size() == 2 && t.dims[0] % kQK == 0 && t.type != target;
    if (!convert) {
      std::vector<uint8_t> bytes(t.data, t.data + t.n_bytes);
      if (auto st = w.add_tensor(t.name, t.type, t.dims, std::move(bytes)); !st) return st;
      continue;
    }
    size_t n = t.dims[0];
    size_t in_row = tensor_row_bytes(t.type, n), out_row = tensor_row_bytes(target, n);
    std::vector<uint8_t> bytes(out_row * t.rows());
    row.resize(n);
    for (uint64_t r = 0; r < t.rows(); ++r) {
      dequantize_row(t.type, t.data + r * in_row, row.data(), n);
      quantize_row(target, row.data(), bytes.data() + r * out_row, n);
    }
    if (auto st = w.add_tensor(t.name, target, t.dims, std::move(bytes)); !st) return st;
  }
  return w.write(out_path);
}

}  // namespace finchat::llm
