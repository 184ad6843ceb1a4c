#include "kg/batch.hpp"

#include <fmt/format.h>
#include <set>
#include <tuple>
#include <unordered_map>

namespace finchat::kg {

void Batch::add(Node node, SourceLoc loc) {
  if (node.properties.is_null()) node.properties = Json::object();  // `{}` in C++ is null
  nodes.push_back(std::move(node));
  node_locs.push_back(std::move(loc));
}

void Batch::add(Edge edge, SourceLoc loc) {
  if (edge.properties.is_null()) edge.properties = Json::object();
  edges.push_back(std::move(edge));
  edge_locs.push_back(std::move(loc));
}

void Batch::append(Batch other) {
  for (size_t i = 0; i < other.nodes.size(); ++i) {
    add(std::move(other.nodes[i]), i < other.node_locs.size() ? other.node_locs[i] : SourceLoc{});
  }
  for (size_t i = 0; i < other.edges.size(); ++i) {
    add(std::move(other.edges[i]), i < other.edge_locs.size() ? other.edge_locs[i] : SourceLoc{});
  }
}

std::string Issue::to_string() const {
  if (loc.file.empty() && loc.line == 0) return message;
  return loc.file + ":" + std::to_string(loc.line) + ": " + message;
}

namespace {

SourceLoc loc_at(const std::vector<SourceLoc>& locs, size_t i) {
  return i < locs.size() ? locs[i] : SourceLoc{};
}

std::string where(const SourceLoc& loc) {
  return loc.file.empty() ? std::string("(batch)") : loc.file + ":" + std::to_string(loc.line);
}

}  // namespace

std::vector<Issue> validate_batch(const Batch& batch, const Graph& existing) {
  std::vector<Issue> issues;
  const Schema& schema = existing.schema();
  std::unordered_map<std::string, size_t> batch_nodes;  // id -> position in batch
  for (size_t i = 0; i < batch.nodes.size(); ++i) {
    const Node& node = batch.nodes[i];
    const SourceLoc loc = loc_at(batch.node_locs, i);
    if (node.id.empty()) issues.push_back({loc, "node has an empty id"});
    if (node.name.empty()) issues.push_back({loc, "node '" + node.id + "' has an empty name"});
    std::string why = schema.check_node(node.type, node.properties);
    if (!why.empty()) issues.push_back({loc, "node '" + node.id + "': " + why});
    if (const Node* old = existing.find(node.id); old && old->type != node.type) {
      issues.push_back({loc, "node '" + node.id + "' already exists with type " + old->type +
                                 "; changing a node's type is not supported (remove it first)"});
    }
    auto [it, inserted] = batch_nodes.emplace(node.id, i);
    if (!inserted && !node.id.empty()) {
      issues.push_back({loc, "duplicate node id '" + node.id + "' (first defined at " +
                                 where(loc_at(batch.node_locs, it->second)) + ")"});
    }
  }
  auto type_of = [&](const std::string& id) -> const std::string* {
    if (auto it = batch_nodes.find(id); it != batch_nodes.end()) {
      return &batch.nodes[it->second].type;
    }
    const Node* node = existing.find(id);
    return node ? &node->type : nullptr;
  };
  std::set<std::tuple<std::string, std::string, std::string>> seen_edges;
  for (size_t i = 0; i < batch.edges.size(); ++i) {
    const Edge& edge = batch.edges[i];
    const SourceLoc loc = loc_at(batch.edge_locs, i);
    const std::string label = edge.from + " -" + edge.type + "-> " + edge.to;
    const std::string* from_type = type_of(edge.from);
    const std::string* to_type = type_of(edge.to);
    if (!from_type) issues.push_back({loc, "edge " + label + ": unknown node '" + edge.from + "'"});
    if (!to_type) issues.push_back({loc, "edge " + label + ": unknown node '" + edge.to + "'"});
    if (from_type && to_type) {
      std::string why = schema.check_edge(edge.type, *from_type, *to_type, edge.properties);
      if (!why.empty()) issues.push_back({loc, fmt::format("edge {}: {}", label, why)});
    } else if (!schema.edge_type(edge.type)) {
      issues.push_back({loc, "edge " + label + ": unknown edge type '" + edge.type + "'"});
    }
    if (!seen_edges.emplace(edge.from, edge.type, edge.to).second) {
      issues.push_back({loc, "duplicate edge " + label});
    }
  }
  return issues;
}

Status issues_to_status(const std::vector<Issue>& issues, size_t max_listed) {
  if (issues.empty()) return {};
  std::string message = std::to_string(issues.size()) + " problem(s); nothing was imported:";
  for (size_t i = 0; i < issues.size() && i < max_listed; ++i) {
    message += "\n  " + issues[i].to_string();
  }
  if (issues.size() > max_listed) {
    message += "\n  ... and " + std::to_string(issues.size() - max_listed) + " more";
  }
  return Error::invalid(std::move(message));
}

Status apply_batch(const Batch& batch, Graph& graph) {
  for (const Node& node : batch.nodes) {
    auto added = graph.upsert_node(node);
    if (!added) return added.error();
  }
  for (const Edge& edge : batch.edges) {
    auto added = graph.upsert_edge(edge);
    if (!added) return added.error();
  }
  return {};
}

}  // namespace finchat::kg
