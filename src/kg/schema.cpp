#include "kg/schema.hpp"

#include "kg/json_util.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace finchat::kg {
namespace {

Result<std::vector<std::string>> string_list(const Json& obj, const char* key,
                                             const std::string& where) {
  std::vector<std::string> out;
  if (!obj.contains(key)) return out;
  const Json& list = obj.at(key);
  if (!list.is_array()) return Error::invalid(where + "." + key + " must be an array", key);
  for (const Json& item : list) {
    if (!item.is_string()) return Error::invalid(where + "." + key + " must hold strings", key);
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<NodeTypeDef> parse_node_type(const std::string& name, const Json& def) {
  const std::string where = "node_types." + name;
  if (!def.is_object()) return Error::invalid(where + " must be an object", where);
  NodeTypeDef out{name, string_or(def, "domain", std::string{}), {}};
  auto required = string_list(def, "required", where);
  if (!required) return required.error();
  out.required = std::move(*required);
  return out;
}

Result<EdgeTypeDef> parse_edge_type(const std::string& name, const Json& def,
                                    const Schema& nodes_only) {
  const std::string where = "edge_types." + name;
  if (!def.is_object() || !def.contains("pairs") || !def.at("pairs").is_array()) {
    return Error::invalid(where + " needs a \"pairs\" array", where);
  }
  EdgeTypeDef out{name, {}, {}};
  for (const Json& pair : def.at("pairs")) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
      return Error::invalid(where + ".pairs entries must be [from_type, to_type]", where);
    }
    std::string from = pair[0].get<std::string>(), to = pair[1].get<std::string>();
    for (const std::string& t : {from, to}) {
      if (t != "*" && !nodes_only.node_type(t)) {
        return Error::invalid(fmt::format("{} names unknown node type '{}'", where, t), where);
      }
    }
    out.pairs.emplace_back(std::move(from), std::move(to));
  }
  auto required = string_list(def, "required", where);
  if (!required) return required.error();
  out.required = std::move(*required);
  return out;
}

std::string missing_required(const std::vector<std::string>& required, const Json& properties) {
  if (properties.is_null() && required.empty()) return {};
  for (const std::string& key : required) {
    if (!properties.is_object() || !properties.contains(key) || properties.at(key).is_null()) {
      return "missing required property '" + key + "'";
    }
  }
  return {};
}

}  // namespace

Result<Schema> Schema::from_json(const Json& doc) {
  if (!doc.is_object() || !doc.contains("node_types") || !doc.at("node_types").is_object() ||
      !doc.contains("edge_types") || !doc.at("edge_types").is_object()) {
    return Error::invalid("schema needs \"node_types\" and \"edge_types\" objects");
  }
  Schema schema;
  for (const auto& [name, def] : doc.at("node_types").items()) {
    auto parsed = parse_node_type(name, def);
    if (!parsed) return parsed.error();
    schema.node_types_.push_back(std::move(*parsed));
  }
  for (const auto& [name, def] : doc.at("edge_types").items()) {
    auto parsed = parse_edge_type(name, def, schema);
    if (!parsed) return parsed.error();
    schema.edge_types_.push_back(std::move(*parsed));
  }
  if (schema.node_types_.size() > 60000 || schema.edge_types_.size() > 60000) {
    return Error::invalid("schema declares too many types");
  }
  return schema;
}

Result<Schema> Schema::from_text(std::string_view text) {
  Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error::invalid("schema is not valid JSON");
  return from_json(doc);
}

std::optional<TypeId> Schema::node_type(std::string_view name) const {
  for (size_t i = 0; i < node_types_.size(); ++i) {
    if (node_types_[i].name == name) return static_cast<TypeId>(i);
  }
  return std::nullopt;
}

std::optional<TypeId> Schema::edge_type(std::string_view name) const {
  for (size_t i = 0; i < edge_types_.size(); ++i) {
    if (edge_types_[i].name == name) return static_cast<TypeId>(i);
  }
  return std::nullopt;
}

bool Schema::allows(TypeId edge, std::string_view from_type, std::string_view to_type) const {
  const auto& pairs = edge_types_.at(edge).pairs;
  return std::any_of(pairs.begin(), pairs.end(), [&](const auto& p) {
    return (p.first == "*" || p.first == from_type) && (p.second == "*" || p.second == to_type);
  });
}

std::string Schema::check_node(std::string_view type, const Json& properties) const {
  auto id = node_type(type);
  if (!id) return "unknown node type '" + std::string(type) + "'";
  if (!properties.is_object() && !properties.is_null()) return "properties must be a JSON object";
  return missing_required(node_types_[*id].required, properties);
}

std::string Schema::check_edge(std::string_view type, std::string_view from_type,
                               std::string_view to_type, const Json& properties) const {
  auto id = edge_type(type);
  if (!id) return "unknown edge type '" + std::string(type) + "'";
  if (!allows(*id, from_type, to_type)) {
    return "edge type " + std::string(type) + " may not connect " + std::string(from_type) +
           " -> " + std::string(to_type);
  }
  if (!properties.is_object() && !properties.is_null()) return "properties must be a JSON object";
  return missing_required(edge_types_[*id].required, properties);
}

std::shared_ptr<const Schema> default_schema() {
  static const std::shared_ptr<const Schema> schema = [] {
    auto parsed = Schema::from_text(default_schema_text());
    // The compiled-in schema is checked by tests; failing here is a build defect.
    if (!parsed) std::abort();
    return std::make_shared<const Schema>(std::move(*parsed));
  }();
  return schema;
}

}  // namespace finchat::kg
