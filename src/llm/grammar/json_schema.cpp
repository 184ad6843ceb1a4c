#include "llm/grammar/json_schema.hpp"

#include <cctype>
#include <vector>

#include "llm/grammar/schema_node.hpp"

namespace finchat::llm {

namespace {
using Kind = SchemaNode::Kind;

// One level of the parse stack.
struct Frame {
  enum class Type { root, value, object, string, number, literal, array };
  enum Stage {
    // object
    kObjOpen,
    kObjKeyOrEnd,
    kObjKey,
    kObjColon,
    kObjValue,
    kObjCommaOrEnd,
    kObjNextKey,
    // array
    kArrOpen,
    kArrFirst,
    kArrCommaOrEnd,
    kArrNext,
  };
  Type type = Type::value;
  const SchemaNode* node = nullptr;
  int stage = 0;
  bool space_used = false;
  // object
  uint64_t used = 0;
  std::string key;
  // string / number / literal
  int len = 0;
  int escape = 0;     // 0 none, 1 after '\', 2..5 hex digits of \u
  int utf8_need = 0;  // continuation bytes still expected inside a string
  unsigned char utf8_lo = 0x80, utf8_hi = 0xbf;  // allowed range of the next one
  std::string text;
  // array
  int count = 0;
};

class JsonConstraint : public Constraint {
 public:
  explicit JsonConstraint(std::shared_ptr<const SchemaNode> s) : schema_(std::move(s)) {
    Frame root;
    root.type = Frame::Type::root;
    stack_.push_back(root);
    push_value(schema_.get());
  }
  std::unique_ptr<Constraint> clone() const override {
    return std::make_unique<JsonConstraint>(*this);
  }

  bool accept(std::string_view bytes) override {
    for (char c : bytes) {
      if (!feed(c)) return false;
    }
    return true;
  }

  bool complete() const override {
    if (stack_.size() == 1) return true;
    if (stack_.size() == 2) {
      const Frame& f = stack_.back();
      if (f.type == Frame::Type::number) return number_accepting(f);
      if (f.type == Frame::Type::literal) return literal_exact(f);
    }
    return false;
  }
  bool can_continue() const override {
    if (stack_.size() == 1) return false;
    if (stack_.size() == 2 && stack_.back().type == Frame::Type::literal) {
      for (const auto& l : stack_.back().node->literals) {
        if (l.size() > stack_.back().text.size() &&
            l.compare(0, stack_.back().text.size(), stack_.back().text) == 0)
          return true;
      }
      return false;
    }
    return true;
  }

 private:
  void push_value(const SchemaNode* node) {
    Frame f;
    f.type = Frame::Type::value;
    f.node = node;
    stack_.push_back(f);
  }

  static bool number_accepting(const Frame& f) {
    // stage: 0 start, 1 after '-', 2 after leading 0, 3 int digits, 4 after '.', 5 frac digits,
    // 6 after e, 7 after e sign, 8 exp digits
    return f.stage == 2 || f.stage == 3 || f.stage == 5 || f.stage == 8;
  }
  static bool literal_exact(const Frame& f) {
    for (const auto& l : f.node->literals) {
      if (l == f.text) return true;
    }
    return false;
  }

  // Starts a value of frame `f` (type value) with char c.
  bool start_value(char c) {
    Frame& f = stack_.back();
    const SchemaNode* n = f.node;
    if (c == ' ' && !f.space_used && stack_.size() == 2) {
      f.space_used = true;
      return true;
    }
    switch (n->kind) {
      case Kind::object:
        if (c != '{') return false;
        f.type = Frame::Type::object;
        f.stage = Frame::kObjKeyOrEnd;
        return true;
      case Kind::array:
        if (c != '[') return false;
        f.type = Frame::Type::array;
        f.stage = Frame::kArrFirst;
        return true;
      case Kind::string:
        if (c != '"') return false;
        f.type = Frame::Type::string;
        return true;
      case Kind::number:
      case Kind::integer:
        f.type = Frame::Type::number;
        f.stage = 0;
        return feed_number(c) == 1;
      case Kind::literals: f.type = Frame::Type::literal; return feed_literal(c) == 1;
    }
    return false;
  }

  // Returns 1 consumed, 0 reject, 2 finished without consuming (pass c to parent).
  int feed_number(char c) {
    Frame& f = stack_.back();
    const bool integer = f.node->kind == Kind::integer;
    const bool digit = c >= '0' && c <= '9';
    // Integers stay within double's exact range so every parser reads them back as integers.
    if (f.len >= (integer ? 15 : 24) && digit) return 0;
    int next = -1;
    switch (f.stage) {
      case 0: next = c == '-' ? 1 : c == '0' ? 2 : digit ? 3 : -1; break;
      case 1: next = c == '0' ? 2 : digit ? 3 : -1; break;
      case 2:
      case 3:
        if (f.stage == 3 && digit)
          next = 3;
        else if (c == '.' && !integer)
          next = 4;
        else if ((c == 'e' || c == 'E') && !integer)
          next = 6;
        break;
      case 4:
      case 5: next = digit ? 5 : (f.stage == 5 && (c == 'e' || c == 'E')) ? 6 : -1; break;
      case 6: next = (c == '+' || c == '-') ? 7 : digit ? 8 : -1; break;
      case 7:
      case 8: next = digit ? 8 : -1; break;
      default: break;
    }
    if (next >= 0) {
      f.stage = next;
      ++f.len;
      return 1;
    }
    return number_accepting(f) ? 2 : 0;
  }

  int feed_literal(char c) {
    Frame& f = stack_.back();
    std::string t = f.text + c;
    for (const auto& l : f.node->literals) {
      if (l.compare(0, t.size(), t) == 0 && l.size() >= t.size()) {
        f.text = std::move(t);
        return 1;
      }
    }
    return literal_exact(f) ? 2 : 0;
  }

  // Returns true when this string frame is done (closing quote consumed).
  int feed_string(char c) {
    Frame& f = stack_.back();
    auto uc = static_cast<unsigned char>(c);
    if (f.escape == 1) {
      if (c == 'u') {
        f.escape = 2;
        return 1;
      }
      f.escape = 0;
      return std::string_view("\"\\/bfnrt").find(c) != std::string_view::npos ? 1 : 0;
    }
    if (f.escape >= 2) {
      if (!std::isxdigit(uc)) return 0;
      f.escape = f.escape == 5 ? 0 : f.escape + 1;
      return 1;
    }
    if (f.utf8_need > 0) {  // strict UTF-8 (RFC 3629): no overlongs or surrogates
      if (uc < f.utf8_lo || uc > f.utf8_hi) return 0;
      --f.utf8_need;
      f.utf8_lo = 0x80;
      f.utf8_hi = 0xbf;
      return 1;
    }
    if (c == '"') return 3;  // closes
    if (uc < 0x20) return 0;
    if (uc >= 0x80) {
      if (uc < 0xc2 || uc > 0xf4) return 0;
      f.utf8_need = uc < 0xe0 ? 1 : uc < 0xf0 ? 2 : 3;
      if (uc == 0xe0) f.utf8_lo = 0xa0;
      if (uc == 0xed) f.utf8_hi = 0x9f;
      if (uc == 0xf0) f.utf8_lo = 0x90;
      if (uc == 0xf4) f.utf8_hi = 0x8f;
    }
    // Count characters, not continuation bytes.
    if ((uc & 0xc0) != 0x80) {
      if (f.len >= f.node->max_len) return 0;
      ++f.len;
    }
    if (c == '\\') f.escape = 1;
    return 1;
  }

  bool key_prefix_ok(const Frame& f) const {
    for (size_t i = 0; i < f.node->names.size(); ++i) {
      if ((f.used >> i) & 1) continue;
      if (f.node->names[i].compare(0, f.key.size(), f.key) == 0 &&
          f.node->names[i].size() >= f.key.size())
        return true;
    }
    return false;
  }
  int key_index(const Frame& f) const {
    for (size_t i = 0; i < f.node->names.size(); ++i) {
      if (!((f.used >> i) & 1) && f.node->names[i] == f.key) return static_cast<int>(i);
    }
    return -1;
  }
  bool required_done(const Frame& f) const {
    for (size_t i = 0; i < f.node->names.size(); ++i) {
      if (f.node->required[i] && !((f.used >> i) & 1)) return false;
    }
    return true;
  }
  bool any_key_left(const Frame& f) const {
    for (size_t i = 0; i < f.node->names.size() && i < 64; ++i) {
      if (!((f.used >> i) & 1)) return true;
    }
    return false;
  }

  bool feed_object(char c) {
    Frame& f = stack_.back();
    switch (f.stage) {
      case Frame::kObjKeyOrEnd:
        if (c == '}' && required_done(f)) return pop();
        [[fallthrough]];
      case Frame::kObjNextKey:
        if (c == ' ' && f.stage == Frame::kObjNextKey && !f.space_used) {
          f.space_used = true;
          return true;
        }
        if (c != '"' || !any_key_left(f)) return false;
        f.key.clear();
        f.stage = Frame::kObjKey;
        return true;
      case Frame::kObjKey: {
        if (c == '"') {
          int idx = key_index(f);
          if (idx < 0) return false;
          f.used |= uint64_t{1} << idx;
          f.stage = Frame::kObjColon;
          f.count = idx;
          return true;
        }
        if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
        f.key += c;
        return key_prefix_ok(f);
      }
      case Frame::kObjColon:
        if (c != ':') return false;
        f.stage = Frame::kObjValue;
        f.space_used = false;
        return true;
      case Frame::kObjValue: {
        if (c == ' ' && !f.space_used) {
          f.space_used = true;
          return true;
        }
        const SchemaNode* child = f.node->props[f.count].get();
        f.stage = Frame::kObjCommaOrEnd;
        push_value(child);
        return start_value(c);
      }
      case Frame::kObjCommaOrEnd:
        if (c == '}' && required_done(f)) return pop();
        if (c == ',' && any_key_left(f)) {
          f.stage = Frame::kObjNextKey;
          f.space_used = false;
          return true;
        }
        return false;
      default: return false;
    }
  }

  bool feed_array(char c) {
    Frame& f = stack_.back();
    switch (f.stage) {
      case Frame::kArrFirst:
        if (c == ']') return pop();
        [[fallthrough]];
      case Frame::kArrNext: {
        if (c == ' ' && f.stage == Frame::kArrNext && !f.space_used) {
          f.space_used = true;
          return true;
        }
        if (f.count >= f.node->max_items) return false;
        ++f.count;
        f.stage = Frame::kArrCommaOrEnd;
        push_value(f.node->items.get());
        return start_value(c);
      }
      case Frame::kArrCommaOrEnd:
        if (c == ']') return pop();
        if (c == ',' && f.count < f.node->max_items) {
          f.stage = Frame::kArrNext;
          f.space_used = false;
          return true;
        }
        return false;
      default: return false;
    }
  }

  bool pop() {
    stack_.pop_back();
    return true;
  }

  bool feed(char c) {
    for (;;) {
      if (stack_.empty()) return false;
      Frame& f = stack_.back();
      switch (f.type) {
        case Frame::Type::root: return false;  // the value is finished; nothing may follow
        case Frame::Type::value: return start_value(c);
        case Frame::Type::object: return feed_object(c);
        case Frame::Type::array: return feed_array(c);
        case Frame::Type::string: {
          int r = feed_string(c);
          if (r == 3) return pop();
          return r == 1;
        }
        case Frame::Type::number: {
          int r = feed_number(c);
          if (r == 2) {
            pop();
            continue;  // the parent sees c
          }
          return r == 1;
        }
        case Frame::Type::literal: {
          int r = feed_literal(c);
          if (r == 2) {
            pop();
            continue;
          }
          return r == 1;
        }
      }
      return false;
    }
  }

  std::shared_ptr<const SchemaNode> schema_;
  std::vector<Frame> stack_;
};

}  // namespace

std::unique_ptr<Constraint> make_json_constraint(std::shared_ptr<const SchemaNode> schema) {
  return std::make_unique<JsonConstraint>(std::move(schema));
}

}  // namespace finchat::llm
