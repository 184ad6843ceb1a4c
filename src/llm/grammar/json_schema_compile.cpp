// JSON schema (subset) -> SchemaNode tree, and a validator for finished documents.
#include <algorithm>

#include "llm/grammar/json_schema.hpp"
#include "llm/grammar/schema_node.hpp"

namespace finchat::llm {
namespace {
using Kind = SchemaNode::Kind;

Result<std::shared_ptr<const SchemaNode>> compile(const nlohmann::json& s, const std::string& path,
                                                  int depth) {
  if (depth > 16) return Error::invalid("schema nested too deeply", path);
  if (!s.is_object()) return Error::invalid("schema node must be an object", path);
  auto node = std::make_shared<SchemaNode>();
  if (s.contains("enum")) {
    if (!s["enum"].is_array() || s["enum"].empty())
      return Error::invalid("enum must be a non-empty array", path);
    node->kind = Kind::literals;
    for (const auto& v : s["enum"]) node->literals.push_back(v.dump());
    return std::shared_ptr<const SchemaNode>(node);
  }
  if (!s.contains("type") || !s["type"].is_string())
    return Error::invalid("schema needs a string 'type'", path);
  const std::string type = s["type"];
  if (type == "object") {
    node->kind = Kind::object;
    if (s.contains("properties")) {
      if (!s["properties"].is_object()) return Error::invalid("properties must be an object", path);
      for (const auto& [name, sub] : s["properties"].items()) {
        std::string child_path = path;
        child_path += '.';
        child_path += name;
        auto child = compile(sub, child_path, depth + 1);
        if (!child) return child.error();
        node->names.push_back(name);
        node->props.push_back(*child);
        node->required.push_back(false);
      }
    }
    if (s.contains("required")) {
      if (!s["required"].is_array()) return Error::invalid("required must be an array", path);
      for (const auto& r : s["required"]) {
        bool found = false;
        for (size_t i = 0; i < node->names.size(); ++i) {
          if (r.is_string() && node->names[i] == r.get<std::string>())
            node->required[i] = found = true;
        }
        if (!found) return Error::invalid("required names an unknown property", path);
      }
    }
  } else if (type == "string") {
    node->kind = Kind::string;
    if (s.contains("maxLength") && s["maxLength"].is_number_integer()) {
      node->max_len = std::max(0, s["maxLength"].get<int>());
    }
  } else if (type == "number" || type == "integer") {
    node->kind = type == "number" ? Kind::number : Kind::integer;
  } else if (type == "boolean") {
    node->kind = Kind::literals;
    node->literals = {"true", "false"};
  } else if (type == "null") {
    node->kind = Kind::literals;
    node->literals = {"null"};
  } else if (type == "array") {
    node->kind = Kind::array;
    if (!s.contains("items")) return Error::invalid("array schema needs 'items'", path);
    auto child = compile(s["items"], path + "[]", depth + 1);
    if (!child) return child.error();
    node->items = *child;
    if (s.contains("maxItems") && s["maxItems"].is_number_integer()) {
      node->max_items = std::max(0, s["maxItems"].get<int>());
    }
  } else {
    return Error::invalid("unsupported schema type '" + type + "'", path);
  }
  return std::shared_ptr<const SchemaNode>(node);
}

}  // namespace

Result<std::shared_ptr<const SchemaNode>> compile_json_schema(const nlohmann::json& schema) {
  return compile(schema, "$", 0);
}

bool json_matches_schema(const nlohmann::json& doc, const SchemaNode& s) {
  switch (s.kind) {
    case Kind::literals:
      for (const auto& l : s.literals) {
        if (nlohmann::json::parse(l) == doc) return true;
      }
      return false;
    case Kind::string: return doc.is_string();
    case Kind::number: return doc.is_number();
    case Kind::integer: return doc.is_number_integer();
    case Kind::array:
      if (!doc.is_array()) return false;
      for (const auto& e : doc) {
        if (!json_matches_schema(e, *s.items)) return false;
      }
      return true;
    case Kind::object:
      if (!doc.is_object()) return false;
      for (const auto& [k, v] : doc.items()) {
        bool known = false;
        for (size_t i = 0; i < s.names.size(); ++i) {
          if (s.names[i] == k) {
            known = true;
            if (!json_matches_schema(v, *s.props[i])) return false;
          }
        }
        if (!known) return false;
      }
      for (size_t i = 0; i < s.names.size(); ++i) {
        if (s.required[i] && !doc.contains(s.names[i])) return false;
      }
      return true;
  }
  return false;
}

}  // namespace finchat::llm
