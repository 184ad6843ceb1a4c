#pragma once
// Interleaved weight layouts for kernels that compute 16 output rows per instruction.
//
// Q4_0x16: the Q4_0 blocks of 16 consecutive rows. For a row of n elements (nb = n / 32
// blocks) each group of 16 rows holds
//   nibbles at b * 256: four 64-byte chunks m; chunk m holds, for rows r = 0..15, row r's
//           qs[4m .. 4m + 3] (low nibbles = elements 4m.., high nibbles = elements 16 + 4m..)
//   scales  at nb * 256 + b * 32: the 16 rows' fp16 d of block b
// and groups start every q4_0x16_group_bytes(n) bytes (a multiple of 64, so with an
// aligned base every nibble chunk is one cache line). One 64-byte load then feeds a
// vpdpbusd that accumulates 4 products for each of the 16 rows.
//
// Q8_0x16: the same for Q8_0, with eight 64-byte chunks per block (b * 512; chunk m holds
// row r's qs[4m .. 4m + 3] + 128, unsigned for vpdpbusd) and the scales at nb * 512 + b * 32.
#include <cstddef>
#include <cstdint>
#include <memory>

namespace finchat::llm {

constexpr size_t kPackRows = 16;

size_t q4_0x16_group_bytes(size_t n);
// Packs rows [0, 16) starting at `rows` (each row_bytes of Q4_0 blocks) into `out`.
void pack_q4_0x16(const uint8_t* rows, size_t row_bytes, size_t n, uint8_t* out);
size_t q8_0x16_group_bytes(size_t n);
void pack_q8_0x16(const uint8_t* rows, size_t row_bytes, size_t n, uint8_t* out);

// Owned 64-byte aligned bytes.
class AlignedBytes {
 public:
  explicit AlignedBytes(size_t n);
  uint8_t* data() const { return data_.get(); }

 private:
  struct Free {
    void operator()(uint8_t* p) const;
  };
  std::unique_ptr<uint8_t, Free> data_;
};

}  // namespace finchat::llm
