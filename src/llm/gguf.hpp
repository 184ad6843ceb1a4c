#pragma once
// GGUF v3 container: a validating mmap reader and a writer (spec: ggml docs/gguf.md).
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace finchat::llm {

enum class GgufType : uint32_t {
  u8 = 0,
  i8 = 1,
  u16 = 2,
  i16 = 3,
  u32 = 4,
  i32 = 5,
  f32 = 6,
  boolean = 7,
  string = 8,
  array = 9,
  u64 = 10,
  i64 = 11,
  f64 = 12,
};

// ggml tensor element types we understand (numbering follows ggml).
enum class TensorType : uint32_t { f32 = 0, f16 = 1, q4_0 = 2, q8_0 = 8, bf16 = 30 };

const char* tensor_type_name(TensorType t);
bool tensor_type_known(uint32_t raw);
// Elements per block and bytes per block for a tensor type.
size_t tensor_block_elems(TensorType t);
size_t tensor_block_bytes(TensorType t);
// Bytes of one row of `n` elements; 0 when n is not a whole number of blocks.
size_t tensor_row_bytes(TensorType t, uint64_t n);

// One metadata value. Arrays hold their elements in `items` (all of `elem_type`).
struct GgufValue {
  GgufType type = GgufType::u32;
  uint64_t u = 0;  // unsigned integers and bool
  int64_t i = 0;   // signed integers
  double f = 0;    // floats
  std::string s;
  GgufType elem_type = GgufType::u8;
  std::vector<GgufValue> items;

  static GgufValue of_u32(uint32_t v);
  static GgufValue of_i32(int32_t v);
  static GgufValue of_u64(uint64_t v);
  static GgufValue of_f32(float v);
  static GgufValue of_bool(bool v);
  static GgufValue of_string(std::string v);
  static GgufValue of_array(GgufType elem, std::vector<GgufValue> items);
  static GgufValue of_strings(const std::vector<std::string>& v);
  static GgufValue of_f32s(const std::vector<float>& v);
  static GgufValue of_i32s(const std::vector<int32_t>& v);

  bool is_integer() const;
  bool is_float() const { return type == GgufType::f32 || type == GgufType::f64; }
  // Numeric view of any integer/float/bool value.
  double as_double() const;
  int64_t as_int() const;
  std::string to_display(size_t max_items = 8) const;
};

struct GgufTensorInfo {
  std::string name;
  std::vector<uint64_t> dims;  // ne[0] is the fastest-varying (row length)
  TensorType type = TensorType::f32;
  uint64_t offset = 0;  // relative to the data section
  uint64_t n_elements = 0;
  uint64_t n_bytes = 0;
  const uint8_t* data = nullptr;  // points into the mapping after load
  uint64_t rows() const { return dims.empty() ? 0 : n_elements / dims[0]; }
};

class MappedFile;

// A parsed, validated GGUF file. Tensor data stays in the read-only mapping.
class GgufFile {
 public:
  static Result<std::shared_ptr<GgufFile>> open(const std::string& path);
  // Parses an in-memory image (copied); used by tests and the fuzzer.
  static Result<std::shared_ptr<GgufFile>> from_bytes(const uint8_t* data, size_t size,
                                                      const std::string& label = "<memory>");

  uint32_t version() const { return version_; }
  uint64_t alignment() const { return alignment_; }
  const std::map<std::string, GgufValue>& metadata() const { return kv_; }
  const std::vector<std::string>& key_order() const { return key_order_; }
  const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
  const GgufValue* find(const std::string& key) const;
  const GgufTensorInfo* tensor(const std::string& name) const;
  const std::string& path() const { return path_; }

  // Typed lookups with a clear error naming the key.
  Result<int64_t> get_int(const std::string& key) const;
  int64_t get_int_or(const std::string& key, int64_t fallback) const;
  double get_float_or(const std::string& key, double fallback) const;
  std::string get_string_or(const std::string& key, const std::string& fallback) const;

  ~GgufFile();

 private:
  GgufFile() = default;
  Status parse();

  std::string path_;
  std::unique_ptr<MappedFile> map_;
  std::vector<uint8_t> owned_;
  const uint8_t* base_ = nullptr;
  size_t size_ = 0;
  uint32_t version_ = 0;
  uint64_t alignment_ = 32;
  std::map<std::string, GgufValue> kv_;
  std::vector<std::string> key_order_;
  std::vector<GgufTensorInfo> tensors_;
  std::map<std::string, size_t> tensor_index_;
};

// Builds a GGUF v3 file in memory and writes it out.
class GgufWriter {
 public:
  void set(const std::string& key, GgufValue value);
  // `bytes` must hold exactly the tensor's encoded size.
  Status add_tensor(const std::string& name, TensorType type, std::vector<uint64_t> dims,
                    std::vector<uint8_t> bytes);
  std::vector<uint8_t> to_bytes() const;
  std::vector<uint8_t> header_bytes() const;
  Status write(const std::string& path) const;
  uint64_t alignment() const { return alignment_; }

 private:
  struct PendingTensor {
    std::string name;
    TensorType type;
    std::vector<uint64_t> dims;
    std::vector<uint8_t> bytes;
  };
  std::vector<std::pair<std::string, GgufValue>> kv_;
  std::vector<PendingTensor> tensors_;
  uint64_t alignment_ = 32;
};

}  // namespace finchat::llm
