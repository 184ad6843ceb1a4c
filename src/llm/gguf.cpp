#include "llm/gguf.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace finchat::llm {

namespace {

constexpr uint32_t kMagic = 0x46554747;  // "GGUF" little-endian
constexpr uint32_t kMaxDims = 4;
constexpr int kMaxArrayDepth = 3;
constexpr uint64_t kMaxAlignment = 1u << 20;

// Bounds-checked little-endian reader over an untrusted byte range.
class Cursor {
 public:
  Cursor(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  size_t pos() const { return pos_; }
  size_t remaining() const { return size_ - pos_; }
  bool read(void* out, size_t n) {
    if (n > remaining()) return false;
    std::memcpy(out, data_ + pos_, n);
    pos_ += n;
    return true;
  }
  template <class T>
  bool get(T& v) {
    return read(&v, sizeof(T));
  }
  bool get_string(std::string& s) {
    uint64_t len = 0;
    if (!get(len) || len > remaining()) return false;
    s.assign(reinterpret_cast<const char*>(data_ + pos_), len);
    pos_ += len;
    return true;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

size_t scalar_size(GgufType t) {
  switch (t) {
    case GgufType::u8:
    case GgufType::i8:
    case GgufType::boolean: return 1;
    case GgufType::u16:
    case GgufType::i16: return 2;
    case GgufType::u32:
    case GgufType::i32:
    case GgufType::f32: return 4;
    case GgufType::u64:
    case GgufType::i64:
    case GgufType::f64:
    case GgufType::string: return 8;  // a string: at least its length prefix
    case GgufType::array: return 12;  // at least type + count
  }
  return 0;
}

bool type_valid(uint32_t raw) { return raw <= 12; }

Error bad(const std::string& label, const std::string& what) {
  return Error::invalid("GGUF " + label + ": " + what, label);
}

bool read_value(Cursor& c, GgufType type, GgufValue& v, int depth, std::string& why) {
  v.type = type;
  switch (type) {
    case GgufType::u8: {
      uint8_t x;
      if (!c.get(x)) break;
      v.u = x;
      return true;
    }
    case GgufType::i8: {
      int8_t x;
      if (!c.get(x)) break;
      // GGUF's i8 is signed, so sign extension is the point here.
      v.i = static_cast<int64_t>(x);  // NOLINT(bugprone-signed-char-misuse)
      return true;
    }
    case GgufType::u16: {
      uint16_t x;
      if (!c.get(x)) break;
      v.u = x;
      return true;
    }
    case GgufType::i16: {
      int16_t x;
      if (!c.get(x)) break;
      v.i = x;
      return true;
    }
    case GgufType::u32: {
      uint32_t x;
      if (!c.get(x)) break;
      v.u = x;
      return true;
    }
    case GgufType::i32: {
      int32_t x;
      if (!c.get(x)) break;
      v.i = x;
      return true;
    }
    case GgufType::u64: {
      uint64_t x;
      if (!c.get(x)) break;
      v.u = x;
      return true;
    }
    case GgufType::i64: {
      int64_t x;
      if (!c.get(x)) break;
      v.i = x;
      return true;
    }
    case GgufType::f32: {
      float x;
      if (!c.get(x)) break;
      v.f = x;
      return true;
    }
    case GgufType::f64: {
      double x;
      if (!c.get(x)) break;
      v.f = x;
      return true;
    }
    case GgufType::boolean: {
      uint8_t x;
      if (!c.get(x)) break;
      if (x > 1) {
        why = "bool value is not 0 or 1";
        return false;
      }
      v.u = x;
      return true;
    }
    case GgufType::string:
      if (!c.get_string(v.s)) {
        why = "string runs past end of file";
        return false;
      }
      return true;
    case GgufType::array: {
      if (depth >= kMaxArrayDepth) {
        why = "arrays nested too deeply";
        return false;
      }
      uint32_t elem = 0;
      uint64_t count = 0;
      if (!c.get(elem) || !c.get(count)) break;
      if (!type_valid(elem)) {
        why = "array has unknown element type " + std::to_string(elem);
        return false;
      }
      v.elem_type = static_cast<GgufType>(elem);
      // Every element needs at least scalar_size bytes: reject impossible counts early.
      if (count > c.remaining() / scalar_size(v.elem_type)) {
        why = "array count " + std::to_string(count) + " exceeds file size";
        return false;
      }
      v.items.resize(count);
      for (auto& item : v.items) {
        if (!read_value(c, v.elem_type, item, depth + 1, why)) return false;
      }
      return true;
    }
  }
  if (why.empty()) why = "value runs past end of file";
  return false;
}

bool mul_overflows(uint64_t a, uint64_t b, uint64_t& out) {
  return __builtin_mul_overflow(a, b, &out);
}

}  // namespace

// ---- mapping -------------------------------------------------------------------

class MappedFile {
 public:
  ~MappedFile() {
    if (data_ && size_) munmap(const_cast<uint8_t*>(data_), size_);
  }
  static Result<std::unique_ptr<MappedFile>> open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return Error::not_found("cannot open model file " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return Error::invalid("not a regular file: " + path, path);
    }
    auto m = std::make_unique<MappedFile>();
    m->size_ = static_cast<size_t>(st.st_size);
    if (m->size_ > 0) {
      void* p = mmap(nullptr, m->size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        return Error::internal("mmap failed for " + path);
      }
      m->data_ = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
    return m;
  }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// ---- GgufFile ----------------------------------------------------------------

GgufFile::~GgufFile() = default;

Result<std::shared_ptr<GgufFile>> GgufFile::open(const std::string& path) {
  auto m = MappedFile::open(path);
  if (!m) return m.error();
  std::shared_ptr<GgufFile> f(new GgufFile());
  f->path_ = path;
  f->map_ = std::move(m).value();
  f->base_ = f->map_->data();
  f->size_ = f->map_->size();
  if (auto st = f->parse(); !st) return st.error();
  return f;
}

Result<std::shared_ptr<GgufFile>> GgufFile::from_bytes(const uint8_t* data, size_t size,
                                                       const std::string& label) {
  std::shared_ptr<GgufFile> f(new GgufFile());
  f->path_ = label;
  f->owned_.assign(data, data + size);
  f->base_ = f->owned_.data();
  f->size_ = size;
  if (auto st = f->parse(); !st) return st.error();
  return f;
}

Status GgufFile::parse() {
  Cursor c(base_, size_);
  uint32_t magic = 0;
  uint64_t n_tensors = 0, n_kv = 0;
  if (!c.get(magic)) return bad(path_, "file too short for header");
  if (magic != kMagic) return bad(path_, "bad magic (not a GGUF file)");
  if (!c.get(version_)) return bad(path_, "file too short for version");
  if (version_ != 3 && version_ != 2) {
    return bad(path_, "unsupported GGUF version " + std::to_string(version_));
  }
  if (!c.get(n_tensors) || !c.get(n_kv)) return bad(path_, "file too short for counts");
  // Each kv needs >= 8+4 bytes and each tensor info >= 8+4+4+8 bytes.
  if (n_kv > c.remaining() / 12)
    return bad(path_, "metadata count " + std::to_string(n_kv) + " exceeds file size");
  if (n_tensors > c.remaining() / 24)
    return bad(path_, "tensor count " + std::to_string(n_tensors) + " exceeds file size");

  for (uint64_t k = 0; k < n_kv; ++k) {
    std::string key;
    if (!c.get_string(key)) return bad(path_, "metadata key #" + std::to_string(k) + " truncated");
    if (key.empty()) return bad(path_, "empty metadata key #" + std::to_string(k));
    uint32_t raw_type = 0;
    if (!c.get(raw_type)) return bad(path_, "metadata '" + key + "' truncated");
    if (!type_valid(raw_type))
      return bad(path_, "metadata '" + key + "' has unknown type " + std::to_string(raw_type));
    GgufValue v;
    std::string why;
    if (!read_value(c, static_cast<GgufType>(raw_type), v, 0, why)) {
      return bad(path_, fmt::format("metadata '{}': {}", key, why));
    }
    if (kv_.count(key)) return bad(path_, "duplicate metadata key '" + key + "'");
    key_order_.push_back(key);
    kv_.emplace(std::move(key), std::move(v));
  }

  if (const auto* a = find("general.alignment")) {
    if (!a->is_integer() || a->as_int() <= 0 || a->as_int() > static_cast<int64_t>(kMaxAlignment) ||
        (a->as_int() & (a->as_int() - 1)) != 0) {
      return bad(path_, "general.alignment must be a power of two <= 1 MiB");
    }
    alignment_ = static_cast<uint64_t>(a->as_int());
  }

  tensors_.reserve(n_tensors);
  for (uint64_t t = 0; t < n_tensors; ++t) {
    GgufTensorInfo info;
    const std::string which = "tensor #" + std::to_string(t);
    if (!c.get_string(info.name)) return bad(path_, which + " name truncated");
    uint32_t n_dims = 0;
    if (!c.get(n_dims)) return bad(path_, which + " '" + info.name + "' truncated");
    if (n_dims == 0 || n_dims > kMaxDims) {
      return bad(path_, "tensor '" + info.name + "' has " + std::to_string(n_dims) +
                            " dims (1..4 allowed)");
    }
    info.dims.resize(n_dims);
    uint64_t n = 1;
    for (auto& d : info.dims) {
      if (!c.get(d)) return bad(path_, "tensor '" + info.name + "' dims truncated");
      if (d == 0) return bad(path_, "tensor '" + info.name + "' has a zero dimension");
      if (mul_overflows(n, d, n))
        return bad(path_, "tensor '" + info.name + "' element count overflows");
    }
    info.n_elements = n;
    uint32_t raw_type = 0;
    if (!c.get(raw_type) || !c.get(info.offset))
      return bad(path_, "tensor '" + info.name + "' truncated");
    if (!tensor_type_known(raw_type)) {
      return bad(path_,
                 "tensor '" + info.name + "' has unsupported type " + std::to_string(raw_type));
    }
    info.type = static_cast<TensorType>(raw_type);
    size_t row = tensor_row_bytes(info.type, info.dims[0]);
    if (row == 0)
      return bad(path_,
                 "tensor '" + info.name + "' row length is not a multiple of the block size");
    if (mul_overflows(row, n / info.dims[0], info.n_bytes)) {
      return bad(path_, "tensor '" + info.name + "' byte size overflows");
    }
    if (info.offset % alignment_ != 0)
      return bad(path_, "tensor '" + info.name + "' offset is not aligned");
    if (tensor_index_.count(info.name))
      return bad(path_, "duplicate tensor name '" + info.name + "'");
    tensor_index_[info.name] = tensors_.size();
    tensors_.push_back(std::move(info));
  }

  uint64_t data_start = (c.pos() + alignment_ - 1) / alignment_ * alignment_;
  if (data_start > size_ && !tensors_.empty())
    return bad(path_, "tensor data section starts past end of file");
  for (auto& info : tensors_) {
    uint64_t begin = 0, end = 0;
    if (__builtin_add_overflow(data_start, info.offset, &begin) ||
        __builtin_add_overflow(begin, info.n_bytes, &end) || end > size_) {
      return bad(path_, "tensor '" + info.name + "' data lies outside the file");
    }
    info.data = base_ + begin;
  }
  return {};
}

const GgufValue* GgufFile::find(const std::string& key) const {
  auto it = kv_.find(key);
  return it == kv_.end() ? nullptr : &it->second;
}
const GgufTensorInfo* GgufFile::tensor(const std::string& name) const {
  auto it = tensor_index_.find(name);
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}
Result<int64_t> GgufFile::get_int(const std::string& key) const {
  const auto* v = find(key);
  if (!v) return Error::invalid("GGUF " + path_ + ": missing metadata '" + key + "'", key);
  if (!v->is_integer())
    return Error::invalid("GGUF " + path_ + ": metadata '" + key + "' is not an integer", key);
  return v->as_int();
}
int64_t GgufFile::get_int_or(const std::string& key, int64_t fallback) const {
  const auto* v = find(key);
  return v && (v->is_integer() || v->is_float()) ? v->as_int() : fallback;
}
double GgufFile::get_float_or(const std::string& key, double fallback) const {
  const auto* v = find(key);
  return v && (v->is_integer() || v->is_float()) ? v->as_double() : fallback;
}
std::string GgufFile::get_string_or(const std::string& key, const std::string& fallback) const {
  const auto* v = find(key);
  return v && v->type == GgufType::string ? v->s : fallback;
}

}  // namespace finchat::llm
