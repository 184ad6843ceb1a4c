#include "core/json.hpp"

#include <fmt/format.h>

#include <fstream>

namespace finchat::json {

Result<Json> parse(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    return Error::invalid(fmt::format("invalid JSON at byte {}", e.byte));
  }
}

Status for_each_jsonl(const std::string& path,
                      const std::function<Status(const Json&, const std::string&)>& row) {
  std::ifstream in(path);
  if (!in) return Error::not_found("cannot open " + path);
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error::invalid(where + ": not a JSON object");
    if (auto st = row(j, where); !st) return st;
  }
  return {};
}

ObjectReader::ObjectReader(const Json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    error_ = Error::invalid("must be a JSON object", path_.empty() ? "body" : path_);
  }
}

std::string ObjectReader::path_of(std::string_view name) const {
  return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
}

void ObjectReader::fail(const std::string& message, std::string_view name) {
  if (!error_) error_ = Error::invalid(path_of(name) + ": " + message, path_of(name));
}

const Json* ObjectReader::lookup(std::string_view name, bool required) {
  known_.emplace(name);
  if (error_) return nullptr;
  auto it = object_.find(std::string(name));
  if (it == object_.end() || it->is_null()) {
    if (required) fail("is required", name);
    return nullptr;
  }
  return &*it;
}

void ObjectReader::check_string(std::string_view name, const std::string& v,
                                const StringRule& rule) {
  if (v.size() < rule.min_len)
    fail(fmt::format("must be at least {} characters", rule.min_len), name);
  if (v.size() > rule.max_len)
    fail(fmt::format("must be at most {} characters", rule.max_len), name);
  if (!rule.one_of.empty() &&
      std::find(rule.one_of.begin(), rule.one_of.end(), v) == rule.one_of.end()) {
    fail(fmt::format("must be one of: {}", fmt::join(rule.one_of, ", ")), name);
  }
}

void ObjectReader::check_number(std::string_view name, double v, const NumberRule& rule) {
  if (v < rule.min || v > rule.max) {
    fail(fmt::format("must be between {} and {}", rule.min, rule.max), name);
  }
}

ObjectReader& ObjectReader::field(std::string_view name, std::string& out, bool required,
                                  const StringRule& rule) {
  const Json* v = lookup(name, required);
  if (!v) return *this;
  if (!v->is_string()) {
    fail("must be a string", name);
    return *this;
  }
  out = v->get<std::string>();
  check_string(name, out, rule);
  return *this;
}

ObjectReader& ObjectReader::field(std::string_view name, std::optional<std::string>& out,
                                  const StringRule& rule) {
  std::string tmp;
  const bool present = object_.is_object() && object_.contains(std::string(name)) &&
                       !object_.at(std::string(name)).is_null();
  field(name, tmp, false, rule);
  if (present && !error_) out = std::move(tmp);
  return *this;
}

ObjectReader& ObjectReader::field(std::string_view name, int64_t& out, bool required,
                                  const NumberRule& rule) {
  const Json* v = lookup(name, required);
  if (!v) return *this;
  if (!v->is_number_integer()) {
    fail("must be an integer", name);
    return *this;
  }
  out = v->get<int64_t>();
  check_number(name, static_cast<double>(out), rule);
  return *this;
}

ObjectReader& ObjectReader::field(std::string_view name, std::optional<int64_t>& out,
                                  const NumberRule& rule) {
  int64_t tmp = 0;
  const bool present = object_.is_object() && object_.contains(std::string(name)) &&
                       !object_.at(std::string(name)).is_null();
  field(name, tmp, false, rule);
  if (present && !error_) out = tmp;
  return *this;
}

ObjectReader& ObjectReader::field(std::string_view name, double& out, bool required,
                                  const NumberRule& rule) {
  const Json* v = lookup(name, required);
  if (!v) return *this;
  if (!v->is_number()) {
    fail("must be a number", name);
    return *this;
  }
  out = v->get<double>();
  check_number(name, out, rule);
  return *this;
}

ObjectReader& ObjectReader::field(std::string_view name, std::optional<double>& out,
                                  const NumberRule& rule) {
  double tmp = 0;
  const bool present = object_.is_object() && object_.contains(std::string(name)) &&
                       !object_.at(std::string(name)).is_null();
  field(name, tmp, false, rule);
  if (present && !error_) out = tmp;
  return *this;
}

ObjectReader& ObjectReader::field(std::string_view name, bool& out, bool required) {
  const Json* v = lookup(name, required);
  if (!v) return *this;
  if (!v->is_boolean()) {
    fail("must be a boolean", name);
    return *this;
  }
  out = v->get<bool>();
  return *this;
}

ObjectReader& ObjectReader::field(std::string_view name, std::vector<std::string>& out,
                                  bool required, const StringRule& item_rule, size_t max_items) {
  const Json* v = lookup(name, required);
  if (!v) return *this;
  if (!v->is_array()) {
    fail("must be an array of strings", name);
    return *this;
  }
  if (v->size() > max_items) {
    fail(fmt::format("must have at most {} items", max_items), name);
    return *this;
  }
  out.clear();
  for (const auto& item : *v) {
    if (!item.is_string()) {
      fail("must be an array of strings", name);
      return *this;
    }
    out.push_back(item.get<std::string>());
    check_string(name, out.back(), item_rule);
  }
  return *this;
}

ObjectReader& ObjectReader::field(std::string_view name, Json& out, bool required) {
  const Json* v = lookup(name, required);
  if (v) out = *v;
  return *this;
}

Status ObjectReader::finish() const {
  if (error_) return *error_;
  for (const auto& [key, value] : object_.items()) {
    if (!known_.contains(key)) {
      return Error::invalid(path_of(key) + ": unknown field", path_of(key));
    }
  }
  return {};
}

}  // namespace finchat::json
