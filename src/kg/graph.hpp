#pragma once
// The typed property graph held in memory: nodes by stable string id and adjacency lists of
// out/in edges, compact enough for millions of edges (edge attributes are stored aside and
// only for edges that have them). Not thread-safe; GraphStore adds locking and persistence.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kg/schema.hpp"

namespace finchat::kg {

struct Provenance {
  std::string source;  // e.g. "demo_companies.json", "kb/articles/kb-cards-pin.md"
  std::string as_of;   // ISO date or timestamp of the source data
};

struct Node {
  std::string id;  // stable, e.g. "company:NOVA"
  std::string type;
  std::string name;
  std::vector<std::string> aliases;
  Json properties = Json::object();
};

struct Edge {
  std::string from;
  std::string to;
  std::string type;
  Json properties = Json::object();
  Provenance provenance;
};

using NodeIndex = uint32_t;
using EdgeIndex = uint32_t;

enum class Direction { out, in, both };

struct EdgeRec {
  NodeIndex from = 0;
  NodeIndex to = 0;
  TypeId type = 0;
  bool alive = false;
  uint32_t attrs = kNoAttrs;  // index into the attribute side table
  static constexpr uint32_t kNoAttrs = UINT32_MAX;
};

// One step along an edge from a node: the edge and the node at its other end.
struct Hop {
  EdgeIndex edge;
  NodeIndex other;
};

class Graph {
 public:
  explicit Graph(std::shared_ptr<const Schema> schema = default_schema());

  const Schema& schema() const { return *schema_; }
  std::shared_ptr<const Schema> schema_ptr() const { return schema_; }

  // Inserts or replaces (same id) a node. The type must be a schema node type.
  Result<NodeIndex> upsert_node(Node node);
  // Inserts or replaces (same from, type, to) an edge; both endpoints must exist.
  Result<EdgeIndex> upsert_edge(const Edge& edge);
  bool remove_edge(std::string_view from, std::string_view type, std::string_view to);
  // Removes the node and every edge touching it.
  bool remove_node(std::string_view id);
  void clear();

  std::optional<NodeIndex> index_of(std::string_view id) const;
  const Node* find(std::string_view id) const;
  const Node& node(NodeIndex i) const { return nodes_[i].node; }
  TypeId node_type(NodeIndex i) const { return nodes_[i].type; }
  bool alive(NodeIndex i) const { return i < nodes_.size() && nodes_[i].alive; }
  size_t node_slots() const { return nodes_.size(); }
  size_t node_count() const { return live_nodes_; }
  size_t edge_count() const { return live_edges_; }

  const EdgeRec& edge_rec(EdgeIndex e) const { return edges_[e]; }
  Edge edge(EdgeIndex e) const;  // materialised copy with ids and attributes
  std::optional<EdgeIndex> find_edge(std::string_view from, std::string_view type,
                                     std::string_view to) const;
  const std::vector<EdgeIndex>& out_edges(NodeIndex i) const { return nodes_[i].out; }
  const std::vector<EdgeIndex>& in_edges(NodeIndex i) const { return nodes_[i].in; }

  // Calls visit(hop) for each edge of `node` in `direction`, optionally of one edge type.
  // Stops early when visit returns false. Returns false when stopped early.
  bool for_each_hop(NodeIndex node, Direction direction, std::optional<TypeId> edge_type,
                    const std::function<bool(const Hop&)>& visit) const;

  void for_each_node(const std::function<void(NodeIndex, const Node&)>& visit) const;
  void for_each_edge(const std::function<void(EdgeIndex, const EdgeRec&)>& visit) const;

 private:
  struct NodeRec {
    Node node;
    TypeId type = 0;
    bool alive = false;
    std::vector<EdgeIndex> out;
    std::vector<EdgeIndex> in;
  };
  struct EdgeAttrs {
    Json properties;
    Provenance provenance;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  void unlink_edge(EdgeIndex e);

  std::shared_ptr<const Schema> schema_;
  std::vector<NodeRec> nodes_;
  std::vector<EdgeRec> edges_;
  std::vector<EdgeAttrs> attrs_;
  std::vector<EdgeIndex> free_edges_;
  std::unordered_map<std::string, NodeIndex, StringHash, std::equal_to<>> ids_;
  size_t live_nodes_ = 0;
  size_t live_edges_ = 0;
};

}  // namespace finchat::kg
