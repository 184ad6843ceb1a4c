#include "kg/graph.hpp"

#include <algorithm>

namespace finchat::kg {

Graph::Graph(std::shared_ptr<const Schema> schema) : schema_(std::move(schema)) {}

Result<NodeIndex> Graph::upsert_node(Node node) {
  auto type = schema_->node_type(node.type);
  if (!type) return Error::invalid("unknown node type '" + node.type + "'", "type");
  if (node.id.empty()) return Error::invalid("node id is empty", "id");
  if (node.properties.is_null()) node.properties = Json::object();
  if (auto existing = index_of(node.id)) {
    NodeRec& rec = nodes_[*existing];
    rec.node = std::move(node);
    rec.type = *type;
    return *existing;
  }
  const auto index = static_cast<NodeIndex>(nodes_.size());
  ids_.emplace(node.id, index);
  nodes_.push_back(NodeRec{std::move(node), *type, true, {}, {}});
  ++live_nodes_;
  return index;
}

Result<EdgeIndex> Graph::upsert_edge(const Edge& edge) {
  auto type = schema_->edge_type(edge.type);
  if (!type) return Error::invalid("unknown edge type '" + edge.type + "'", "type");
  auto from = index_of(edge.from);
  auto to = index_of(edge.to);
  if (!from) return Error::not_found("edge source node '" + edge.from + "' does not exist");
  if (!to) return Error::not_found("edge target node '" + edge.to + "' does not exist");

  const bool has_attrs = (edge.properties.is_object() && !edge.properties.empty()) ||
                         !edge.provenance.source.empty() || !edge.provenance.as_of.empty();
  auto existing = find_edge(edge.from, edge.type, edge.to);
  EdgeIndex e;
  if (existing) {
    e = *existing;
  } else {
    if (!free_edges_.empty()) {
      e = free_edges_.back();
      free_edges_.pop_back();
    } else {
      e = static_cast<EdgeIndex>(edges_.size());
      edges_.emplace_back();
    }
    edges_[e] = EdgeRec{*from, *to, *type, true, EdgeRec::kNoAttrs};
    nodes_[*from].out.push_back(e);
    nodes_[*to].in.push_back(e);
    ++live_edges_;
  }
  EdgeRec& rec = edges_[e];
  if (has_attrs) {
    EdgeAttrs attrs{edge.properties.is_object() ? edge.properties : Json::object(),
                    edge.provenance};
    if (rec.attrs == EdgeRec::kNoAttrs) {
      rec.attrs = static_cast<uint32_t>(attrs_.size());
      attrs_.push_back(std::move(attrs));
    } else {
      attrs_[rec.attrs] = std::move(attrs);
    }
  } else if (rec.attrs != EdgeRec::kNoAttrs) {
    attrs_[rec.attrs] = EdgeAttrs{Json::object(), {}};
  }
  return e;
}

void Graph::unlink_edge(EdgeIndex e) {
  EdgeRec& rec = edges_[e];
  auto drop = [e](std::vector<EdgeIndex>& list) {
    list.erase(std::remove(list.begin(), list.end(), e), list.end());
  };
  drop(nodes_[rec.from].out);
  drop(nodes_[rec.to].in);
  if (rec.attrs != EdgeRec::kNoAttrs) attrs_[rec.attrs] = EdgeAttrs{Json::object(), {}};
  rec = EdgeRec{};
  free_edges_.push_back(e);
  --live_edges_;
}

bool Graph::remove_edge(std::string_view from, std::string_view type, std::string_view to) {
  auto e = find_edge(from, type, to);
  if (!e) return false;
  unlink_edge(*e);
  return true;
}

bool Graph::remove_node(std::string_view id) {
  auto index = index_of(id);
  if (!index) return false;
  NodeRec& rec = nodes_[*index];
  // Copy: unlink_edge edits these lists.
  std::vector<EdgeIndex> touching = rec.out;
  touching.insert(touching.end(), rec.in.begin(), rec.in.end());
  std::sort(touching.begin(), touching.end());
  touching.erase(std::unique(touching.begin(), touching.end()), touching.end());
  for (EdgeIndex e : touching) unlink_edge(e);
  ids_.erase(ids_.find(id));
  rec = NodeRec{};
  --live_nodes_;
  return true;
}

void Graph::clear() {
  nodes_.clear();
  edges_.clear();
  attrs_.clear();
  free_edges_.clear();
  ids_.clear();
  live_nodes_ = live_edges_ = 0;
}

std::optional<NodeIndex> Graph::index_of(std::string_view id) const {
  auto it = ids_.find(id);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

const Node* Graph::find(std::string_view id) const {
  auto index = index_of(id);
  return index ? &nodes_[*index].node : nullptr;
}

Edge Graph::edge(EdgeIndex e) const {
  const EdgeRec& rec = edges_[e];
  Edge out{nodes_[rec.from].node.id,
           nodes_[rec.to].node.id,
           schema_->edge_type_def(rec.type).name,
           Json::object(),
           {}};
  if (rec.attrs != EdgeRec::kNoAttrs) {
    out.properties = attrs_[rec.attrs].properties;
    out.provenance = attrs_[rec.attrs].provenance;
  }
  return out;
}

std::optional<EdgeIndex> Graph::find_edge(std::string_view from, std::string_view type,
                                          std::string_view to) const {
  auto f = index_of(from);
  auto t = index_of(to);
  auto type_id = schema_->edge_type(type);
  if (!f || !t || !type_id) return std::nullopt;
  // Scan the shorter of the two adjacency lists.
  const bool use_out = nodes_[*f].out.size() <= nodes_[*t].in.size();
  for (EdgeIndex e : use_out ? nodes_[*f].out : nodes_[*t].in) {
    const EdgeRec& rec = edges_[e];
    if (rec.type == *type_id && rec.from == *f && rec.to == *t) return e;
  }
  return std::nullopt;
}

bool Graph::for_each_hop(NodeIndex node, Direction direction, std::optional<TypeId> edge_type,
                         const std::function<bool(const Hop&)>& visit) const {
  const NodeRec& rec = nodes_[node];
  if (direction != Direction::in) {
    for (EdgeIndex e : rec.out) {
      if (edge_type && edges_[e].type != *edge_type) continue;
      if (!visit(Hop{e, edges_[e].to})) return false;
    }
  }
  if (direction != Direction::out) {
    for (EdgeIndex e : rec.in) {
      if (edge_type && edges_[e].type != *edge_type) continue;
      if (!visit(Hop{e, edges_[e].from})) return false;
    }
  }
  return true;
}

void Graph::for_each_node(const std::function<void(NodeIndex, const Node&)>& visit) const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].alive) visit(static_cast<NodeIndex>(i), nodes_[i].node);
  }
}

void Graph::for_each_edge(const std::function<void(EdgeIndex, const EdgeRec&)>& visit) const {
  for (size_t i = 0; i < edges_.size(); ++i) {
    if (edges_[i].alive) visit(static_cast<EdgeIndex>(i), edges_[i]);
  }
}

}  // namespace finchat::kg
