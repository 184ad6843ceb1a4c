#pragma once
// The graph schema, declared in data (src/kg/schema.json, compiled in as the default): node
// types with required properties, and edge types with the (from type, to type) pairs they may
// connect ("*" matches any type).
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace finchat::kg {

using Json = nlohmann::json;
using TypeId = uint16_t;

struct NodeTypeDef {
  std::string name;
  std::string domain;  // "finance" or "support": drives linking disambiguation
  std::vector<std::string> required;
};

struct EdgeTypeDef {
  std::string name;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<std::string> required;
};

class Schema {
 public:
  static Result<Schema> from_json(const Json& doc);
  static Result<Schema> from_text(std::string_view text);

  const std::vector<NodeTypeDef>& node_types() const { return node_types_; }
  const std::vector<EdgeTypeDef>& edge_types() const { return edge_types_; }
  std::optional<TypeId> node_type(std::string_view name) const;
  std::optional<TypeId> edge_type(std::string_view name) const;
  const NodeTypeDef& node_type_def(TypeId id) const { return node_types_.at(id); }
  const EdgeTypeDef& edge_type_def(TypeId id) const { return edge_types_.at(id); }
  bool allows(TypeId edge, std::string_view from_type, std::string_view to_type) const;

  // Returns an empty string when valid, else why not.
  std::string check_node(std::string_view type, const Json& properties) const;
  std::string check_edge(std::string_view type, std::string_view from_type,
                         std::string_view to_type, const Json& properties) const;

 private:
  std::vector<NodeTypeDef> node_types_;
  std::vector<EdgeTypeDef> edge_types_;
};

// The schema compiled from src/kg/schema.json.
std::string_view default_schema_text();
std::shared_ptr<const Schema> default_schema();

}  // namespace finchat::kg
