#include "llm/packed.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#include "llm/quant.hpp"

namespace finchat::llm {

size_t q4_0x16_group_bytes(size_t n) {
  const size_t raw = n / kQK * (kPackRows * sizeof(BlockQ4_0));
  return (raw + 63) / 64 * 64;
}

void pack_q4_0x16(const uint8_t* rows, size_t row_bytes, size_t n, uint8_t* out) {
  const size_t nb = n / kQK;
  uint8_t* scales = out + nb * 256;
  for (size_t r = 0; r < kPackRows; ++r) {
    const auto* blocks = reinterpret_cast<const BlockQ4_0*>(rows + r * row_bytes);
    for (size_t b = 0; b < nb; ++b) {
      for (size_t m = 0; m < 4; ++m)
        std::memcpy(out + b * 256 + m * 64 + r * 4, blocks[b].qs + 4 * m, 4);
      std::memcpy(scales + b * 32 + r * 2, &blocks[b].d, 2);
    }
  }
  const size_t used = nb * kPackRows * sizeof(BlockQ4_0);
  std::memset(out + used, 0, q4_0x16_group_bytes(n) - used);
}

size_t q8_0x16_group_bytes(size_t n) {
  const size_t raw = n / kQK * (kPackRows * (kQK + 2));
  return (raw + 63) / 64 * 64;
}

void pack_q8_0x16(const uint8_t* rows, size_t row_bytes, size_t n, uint8_t* out) {
  const size_t nb = n / kQK;
  uint8_t* scales = out + nb * 512;
  for (size_t r = 0; r < kPackRows; ++r) {
    const auto* blocks = reinterpret_cast<const BlockQ8_0*>(rows + r * row_bytes);
    for (size_t b = 0; b < nb; ++b) {
      for (size_t j = 0; j < kQK; ++j) {
        out[b * 512 + j / 4 * 64 + r * 4 + j % 4] = static_cast<uint8_t>(blocks[b].qs[j] + 128);
      }
      std::memcpy(scales + b * 32 + r * 2, &blocks[b].d, 2);
    }
  }
  const size_t used = nb * kPackRows * (kQK + 2);
  std::memset(out + used, 0, q8_0x16_group_bytes(n) - used);
}

AlignedBytes::AlignedBytes(size_t n)
    : data_(static_cast<uint8_t*>(std::aligned_alloc(64, (n + 63) / 64 * 64))) {
  if (!data_) throw std::bad_alloc();
}

void AlignedBytes::Free::operator()(uint8_t* p) const { std::free(p); }

}  // namespace finchat::llm
