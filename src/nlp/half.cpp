#include "nlp/half.hpp"

#include <cmath>
#include <cstring>

namespace finchat::nlp {

uint16_t float_to_half(float value) {
  uint32_t x = 0;
  std::memcpy(&x, &value, sizeof x);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t raw_exp = (x >> 23) & 0xFFu;
  uint32_t mant = x & 0x7FFFFFu;
  if (raw_exp == 0xFFu) return static_cast<uint16_t>(sign | 0x7C00u | (mant != 0 ? 0x200u : 0));
  const int32_t exp = static_cast<int32_t>(raw_exp) - 127 + 15;
  if (exp >= 31) return static_cast<uint16_t>(sign | 0x7C00u);
  if (exp <= 0) {  // half subnormal (or zero)
    if (exp < -10) return static_cast<uint16_t>(sign);
    mant |= 0x800000u;
    const uint32_t shift = static_cast<uint32_t>(14 - exp);
    uint32_t half_mant = mant >> shift;
    const uint32_t rest = mant & ((1u << shift) - 1);
    const uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half_mant & 1u) != 0)) ++half_mant;
    return static_cast<uint16_t>(sign | half_mant);
  }
  uint32_t half = sign | (static_cast<uint32_t>(exp) << 10) | (mant >> 13);
  const uint32_t rest = mant & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u) != 0)) ++half;  // carry is correct
  return static_cast<uint16_t>(half);
}

float half_to_float(uint16_t bits) {
  const uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  const uint32_t exp = (bits >> 10) & 0x1Fu;
  const uint32_t mant = bits & 0x3FFu;
  if (exp == 0) {
    const float f = std::ldexp(static_cast<float>(mant), -24);
    return sign != 0 ? -f : f;
  }
  const uint32_t x = exp == 31 ? (sign | 0x7F800000u | (mant << 13))
                               : (sign | ((exp - 15 + 127) << 23) | (mant << 13));
  float out = 0.0f;
  std::memcpy(&out, &x, sizeof out);
  return out;
}

void round_to_half(std::vector<float>& values) {
  for (float& v : values) v = half_to_float(float_to_half(v));
}

}  // namespace finchat::nlp
