#include <cstring>
#include <fstream>

#include "llm/gguf.hpp"

namespace finchat::llm {

namespace {
constexpr uint32_t kMagic = 0x46554747;  // "GGUF" little-endian
constexpr uint32_t kMaxDims = 4;
}  // namespace

// ---- writer -----------------------------------------------------------------

namespace {
template <class T>
void put(std::vector<uint8_t>& out, T v) {
  const size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &v, sizeof(T));
}
void put_string(std::vector<uint8_t>& out, const std::string& s) {
  put<uint64_t>(out, s.size());
  const size_t at = out.size();
  out.resize(at + s.size());
  if (!s.empty()) std::memcpy(out.data() + at, s.data(), s.size());
}
void put_value(std::vector<uint8_t>& out, const GgufValue& v) {
  switch (v.type) {
    case GgufType::u8: put<uint8_t>(out, static_cast<uint8_t>(v.u)); break;
    case GgufType::i8: put<int8_t>(out, static_cast<int8_t>(v.i)); break;
    case GgufType::u16: put<uint16_t>(out, static_cast<uint16_t>(v.u)); break;
    case GgufType::i16: put<int16_t>(out, static_cast<int16_t>(v.i)); break;
    case GgufType::u32: put<uint32_t>(out, static_cast<uint32_t>(v.u)); break;
    case GgufType::i32: put<int32_t>(out, static_cast<int32_t>(v.i)); break;
    case GgufType::u64: put<uint64_t>(out, v.u); break;
    case GgufType::i64: put<int64_t>(out, v.i); break;
    case GgufType::f32: put<float>(out, static_cast<float>(v.f)); break;
    case GgufType::f64: put<double>(out, v.f); break;
    case GgufType::boolean: put<uint8_t>(out, v.u ? 1 : 0); break;
    case GgufType::string: put_string(out, v.s); break;
    case GgufType::array:
      put<uint32_t>(out, static_cast<uint32_t>(v.elem_type));
      put<uint64_t>(out, v.items.size());
      for (const auto& item : v.items) put_value(out, item);
      break;
  }
}
}  // namespace

void GgufWriter::set(const std::string& key, GgufValue value) {
  if (key == "general.alignment" && value.is_integer() && value.as_int() > 0) {
    alignment_ = static_cast<uint64_t>(value.as_int());
  }
  for (auto& [k, v] : kv_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  kv_.emplace_back(key, std::move(value));
}

Status GgufWriter::add_tensor(const std::string& name, TensorType type, std::vector<uint64_t> dims,
                              std::vector<uint8_t> bytes) {
  if (dims.empty() || dims.size() > kMaxDims)
    return Error::invalid("tensor '" + name + "': 1..4 dims required", name);
  uint64_t n = 1;
  for (auto d : dims) n *= d;
  size_t row = tensor_row_bytes(type, dims[0]);
  if (row == 0 || row * (n / dims[0]) != bytes.size()) {
    return Error::invalid("tensor '" + name + "': byte size does not match dims/type", name);
  }
  tensors_.push_back({name, type, std::move(dims), std::move(bytes)});
  return {};
}

std::vector<uint8_t> GgufWriter::header_bytes() const {
  std::vector<uint8_t> out;
  put<uint32_t>(out, kMagic);
  put<uint32_t>(out, 3);
  put<uint64_t>(out, tensors_.size());
  put<uint64_t>(out, kv_.size());
  for (const auto& [k, v] : kv_) {
    put_string(out, k);
    put<uint32_t>(out, static_cast<uint32_t>(v.type));
    put_value(out, v);
  }
  uint64_t offset = 0;
  for (const auto& t : tensors_) {
    put_string(out, t.name);
    put<uint32_t>(out, static_cast<uint32_t>(t.dims.size()));
    for (auto d : t.dims) put<uint64_t>(out, d);
    put<uint32_t>(out, static_cast<uint32_t>(t.type));
    put<uint64_t>(out, offset);
    offset += (t.bytes.size() + alignment_ - 1) / alignment_ * alignment_;
  }
  out.resize((out.size() + alignment_ - 1) / alignment_ * alignment_, 0);
  return out;
}

std::vector<uint8_t> GgufWriter::to_bytes() const {
  std::vector<uint8_t> out = header_bytes();
  for (const auto& t : tensors_) {
    out.insert(out.end(), t.bytes.begin(), t.bytes.end());
    out.resize((out.size() + alignment_ - 1) / alignment_ * alignment_, 0);
  }
  return out;
}

Status GgufWriter::write(const std::string& path) const {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return Error::invalid("cannot write " + path, path);
  auto head = header_bytes();
  f.write(reinterpret_cast<const char*>(head.data()), static_cast<std::streamsize>(head.size()));
  static const char zeros[1024] = {};
  for (const auto& t : tensors_) {
    f.write(reinterpret_cast<const char*>(t.bytes.data()),
            static_cast<std::streamsize>(t.bytes.size()));
    size_t pad = (alignment_ - t.bytes.size() % alignment_) % alignment_;
    while (pad > 0) {
      size_t n = pad < sizeof(zeros) ? pad : sizeof(zeros);
      f.write(zeros, static_cast<std::streamsize>(n));
      pad -= n;
    }
  }
  if (!f) return Error::internal("short write to " + path);
  return {};
}

}  // namespace finchat::llm
