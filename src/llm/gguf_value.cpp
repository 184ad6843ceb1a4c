#include "llm/gguf.hpp"

#include <limits>
#include <sstream>

namespace finchat::llm {

// ---- tensor type table -------------------------------------------------------

const char* tensor_type_name(TensorType t) {
  switch (t) {
    case TensorType::f32: return "F32";
    case TensorType::f16: return "F16";
    case TensorType::bf16: return "BF16";
    case TensorType::q8_0: return "Q8_0";
    case TensorType::q4_0: return "Q4_0";
  }
  return "?";
}
bool tensor_type_known(uint32_t raw) {
  return raw == 0 || raw == 1 || raw == 2 || raw == 8 || raw == 30;
}
size_t tensor_block_elems(TensorType t) {
  return (t == TensorType::q8_0 || t == TensorType::q4_0) ? 32 : 1;
}
size_t tensor_block_bytes(TensorType t) {
  switch (t) {
    case TensorType::f32: return 4;
    case TensorType::f16:
    case TensorType::bf16: return 2;
    case TensorType::q8_0: return 34;
    case TensorType::q4_0: return 18;
  }
  return 0;
}
size_t tensor_row_bytes(TensorType t, uint64_t n) {
  size_t be = tensor_block_elems(t);
  if (n % be != 0) return 0;
  return static_cast<size_t>(n / be) * tensor_block_bytes(t);
}

// ---- GgufValue ---------------------------------------------------------------

GgufValue GgufValue::of_u32(uint32_t v) {
  GgufValue x;
  x.type = GgufType::u32;
  x.u = v;
  return x;
}
GgufValue GgufValue::of_i32(int32_t v) {
  GgufValue x;
  x.type = GgufType::i32;
  x.i = v;
  return x;
}
GgufValue GgufValue::of_u64(uint64_t v) {
  GgufValue x;
  x.type = GgufType::u64;
  x.u = v;
  return x;
}
GgufValue GgufValue::of_f32(float v) {
  GgufValue x;
  x.type = GgufType::f32;
  x.f = v;
  return x;
}
GgufValue GgufValue::of_bool(bool v) {
  GgufValue x;
  x.type = GgufType::boolean;
  x.u = v;
  return x;
}
GgufValue GgufValue::of_string(std::string v) {
  GgufValue x;
  x.type = GgufType::string;
  x.s = std::move(v);
  return x;
}
GgufValue GgufValue::of_array(GgufType elem, std::vector<GgufValue> items) {
  GgufValue x;
  x.type = GgufType::array;
  x.elem_type = elem;
  x.items = std::move(items);
  return x;
}
GgufValue GgufValue::of_strings(const std::vector<std::string>& v) {
  std::vector<GgufValue> items;
  items.reserve(v.size());
  for (const auto& s : v) items.push_back(of_string(s));
  return of_array(GgufType::string, std::move(items));
}
GgufValue GgufValue::of_f32s(const std::vector<float>& v) {
  std::vector<GgufValue> items;
  items.reserve(v.size());
  for (float f : v) items.push_back(of_f32(f));
  return of_array(GgufType::f32, std::move(items));
}
GgufValue GgufValue::of_i32s(const std::vector<int32_t>& v) {
  std::vector<GgufValue> items;
  items.reserve(v.size());
  for (int32_t i : v) items.push_back(of_i32(i));
  return of_array(GgufType::i32, std::move(items));
}

bool GgufValue::is_integer() const {
  switch (type) {
    case GgufType::u8:
    case GgufType::i8:
    case GgufType::u16:
    case GgufType::i16:
    case GgufType::u32:
    case GgufType::i32:
    case GgufType::u64:
    case GgufType::i64: return true;
    default: return false;
  }
}
static bool is_signed(GgufType t) {
  return t == GgufType::i8 || t == GgufType::i16 || t == GgufType::i32 || t == GgufType::i64;
}
double GgufValue::as_double() const {
  if (is_float()) return f;
  if (is_signed(type)) return static_cast<double>(i);
  return static_cast<double>(u);
}
int64_t GgufValue::as_int() const {
  if (is_float()) return static_cast<int64_t>(f);
  if (is_signed(type)) return i;
  return u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
             ? std::numeric_limits<int64_t>::max()
             : static_cast<int64_t>(u);
}
std::string GgufValue::to_display(size_t max_items) const {
  std::ostringstream os;
  switch (type) {
    case GgufType::string: os << '"' << (s.size() > 80 ? s.substr(0, 77) + "..." : s) << '"'; break;
    case GgufType::boolean: os << (u ? "true" : "false"); break;
    case GgufType::array: {
      os << "[";
      for (size_t k = 0; k < items.size() && k < max_items; ++k) {
        os << (k ? ", " : "") << items[k].to_display(max_items);
      }
      if (items.size() > max_items) os << ", ... (" << items.size() << " items)";
      os << "]";
      break;
    }
    default:
      if (is_float())
        os << f;
      else if (is_signed(type))
        os << i;
      else
        os << u;
  }
  return os.str();
}

}  // namespace finchat::llm
