#include "kg/query.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "kg/io.hpp"

namespace finchat::kg {
namespace {

// Resolved TraversalFilter: type names become bit masks.
struct Resolved {
  std::vector<bool> edge_ok;  // by edge TypeId; empty: any
  std::vector<bool> node_ok;  // by node TypeId; empty: any
  std::optional<TypeId> single_edge_type;
  Direction direction = Direction::out;

  bool edge_allowed(TypeId t) const { return edge_ok.empty() || edge_ok[t]; }
  bool node_allowed(TypeId t) const { return node_ok.empty() || node_ok[t]; }
};

Result<Resolved> resolve(const Schema& schema, const TraversalFilter& filter) {
  Resolved out;
  out.direction = filter.direction;
  if (!filter.edge_types.empty()) {
    out.edge_ok.assign(schema.edge_types().size(), false);
    for (const std::string& name : filter.edge_types) {
      auto t = schema.edge_type(name);
      if (!t) return Error::invalid("unknown edge type '" + name + "'", "edge_types");
      out.edge_ok[*t] = true;
    }
    if (filter.edge_types.size() == 1)
      out.single_edge_type = schema.edge_type(filter.edge_types[0]);
  }
  if (!filter.node_types.empty()) {
    out.node_ok.assign(schema.node_types().size(), false);
    for (const std::string& name : filter.node_types) {
      auto t = schema.node_type(name);
      if (!t) return Error::invalid("unknown node type '" + name + "'", "node_types");
      out.node_ok[*t] = true;
    }
  }
  return out;
}

Result<NodeIndex> resolve_id(const Graph& graph, const std::string& id) {
  auto index = graph.index_of(id);
  if (!index) return Error::not_found("no entity with id '" + id + "'");
  return *index;
}

// Iterates the hops of `node` allowed by `filter`, stopping when visit returns false.
template <class Visit>
bool for_each_allowed(const Graph& graph, NodeIndex node, const Resolved& filter, Visit&& visit) {
  auto check = [&](EdgeIndex e, NodeIndex other) {
    const EdgeRec& rec = graph.edge_rec(e);
    if (!filter.edge_allowed(rec.type)) return true;
    return visit(Hop{e, other});
  };
  if (filter.direction != Direction::in) {
    for (EdgeIndex e : graph.out_edges(node)) {
      if (!check(e, graph.edge_rec(e).to)) return false;
    }
  }
  if (filter.direction != Direction::out) {
    for (EdgeIndex e : graph.in_edges(node)) {
      if (!check(e, graph.edge_rec(e).from)) return false;
    }
  }
  return true;
}

}  // namespace

Status check_limits(const Limits& limits) {
  if (limits.max_nodes == 0 || limits.max_nodes > kMaxNodesCap) {
    return Error::invalid("max_nodes must be between 1 and " + std::to_string(kMaxNodesCap),
                          "max_nodes");
  }
  if (limits.max_depth < 0 || limits.max_depth > kMaxDepthCap) {
    return Error::invalid("max_depth must be between 0 and " + std::to_string(kMaxDepthCap),
                          "max_depth");
  }
  if (limits.time_budget.count() <= 0 || limits.time_budget > kTimeBudgetCap) {
    return Error::invalid(
        "time budget must be between 1 and " + std::to_string(kTimeBudgetCap.count()) + " ms",
        "time_budget_ms");
  }
  return {};
}

Budget::Budget(const Limits& limits)
    : limits_(limits), deadline_(std::chrono::steady_clock::now() + limits.time_budget) {}

Status Budget::visit(const char* what) {
  ++visited_;
  if (visited_ > limits_.max_nodes) {
    return Error::invalid(std::string(what) + " is too broad: it would visit more than " +
                          std::to_string(limits_.max_nodes) +
                          " nodes; narrow it with edge types, node types, a smaller depth or a "
                          "more specific anchor");
  }
  return tick(what);
}

Status Budget::tick(const char* what) {
  if ((++ticks_ & 63) == 0 && std::chrono::steady_clock::now() > deadline_) {
    return Error::invalid(std::string(what) + " is too broad: it exceeded its time budget of " +
                          std::to_string(limits_.time_budget.count()) + " ms");
  }
  return {};
}

Result<std::vector<Neighbour>> neighbours(const Graph& graph, const std::string& id,
                                          const TraversalFilter& filter, size_t limit) {
  auto node = resolve_id(graph, id);
  if (!node) return node.error();
  auto resolved = resolve(graph.schema(), filter);
  if (!resolved) return resolved.error();
  std::vector<Neighbour> out;
  for_each_allowed(graph, *node, *resolved, [&](const Hop& hop) {
    if (!resolved->node_allowed(graph.node_type(hop.other))) return true;
    out.push_back({hop.edge, hop.other});
    return out.size() < limit;
  });
  return out;
}

Result<Subgraph> expand(const Graph& graph, const std::vector<std::string>& seeds,
                        const ExpandOptions& options) {
  std::vector<NodeIndex> resolved;
  for (const std::string& id : seeds) {
    auto index = resolve_id(graph, id);
    if (!index) return index.error();
    resolved.push_back(*index);
  }
  return expand(graph, resolved, options);
}

Result<Subgraph> expand(const Graph& graph, const std::vector<NodeIndex>& seeds,
                        const ExpandOptions& options) {
  if (Status ok = check_limits(options.limits); !ok) return ok.error();
  auto filter = resolve(graph.schema(), options.filter);
  if (!filter) return filter.error();
  Budget budget(options.limits);
  Subgraph out;
  std::unordered_map<NodeIndex, int> seen;
  seen.reserve(std::min<size_t>(options.limits.max_nodes * 2, 4096));
  auto add = [&](NodeIndex node, int depth) -> Status {
    if (out.nodes.size() >= options.limits.max_nodes) {
      if (options.truncate) {
        out.truncated = true;
        return {};
      }
      return Error::invalid("expansion is too broad: more than " +
                            std::to_string(options.limits.max_nodes) +
                            " nodes; narrow the edge types or reduce the depth");
    }
    seen.emplace(node, depth);
    out.nodes.push_back(node);
    out.depth.push_back(depth);
    return {};
  };
  for (NodeIndex seed : seeds) {
    if (seen.count(seed)) continue;
    if (Status ok = add(seed, 0); !ok) return ok.error();
  }
  for (size_t head = 0; head < out.nodes.size() && !out.truncated; ++head) {
    const NodeIndex node = out.nodes[head];
    const int depth = out.depth[head];
    if (depth >= options.limits.max_depth) break;  // BFS order: the rest are deeper
    Status status;
    for_each_allowed(graph, node, *filter, [&](const Hop& hop) {
      if (status = budget.tick("expansion"); !status) return false;
      if (auto it = seen.find(hop.other); it != seen.end()) {
        if (it->second == depth + 1 || it->second == depth) out.edges.push_back(hop.edge);
        return true;
      }
      if (!filter->node_allowed(graph.node_type(hop.other))) return true;
      if (status = add(hop.other, depth + 1); !status) return false;
      if (out.truncated) return false;
      out.edges.push_back(hop.edge);
      return true;
    });
    if (!status) return status.error();
  }
  std::sort(out.edges.begin(), out.edges.end());
  out.edges.erase(std::unique(out.edges.begin(), out.edges.end()), out.edges.end());
  return out;
}

Result<Subgraph> subgraph_around(const Graph& graph, const std::vector<std::string>& ids,
                                 int radius, const ExpandOptions& options) {
  ExpandOptions opts = options;
  opts.limits.max_depth = radius;
  auto sub = expand(graph, ids, opts);
  if (!sub) return sub;
  // Induced edges: every edge whose two ends are both in the subgraph.
  std::unordered_set<NodeIndex> members(sub->nodes.begin(), sub->nodes.end());
  sub->edges.clear();
  for (NodeIndex node : sub->nodes) {
    for (EdgeIndex e : graph.out_edges(node)) {
      if (members.count(graph.edge_rec(e).to)) sub->edges.push_back(e);
    }
  }
  std::sort(sub->edges.begin(), sub->edges.end());
  return sub;
}

Result<Path> shortest_path(const Graph& graph, const std::string& from, const std::string& to,
                           const TraversalFilter& filter, const Limits& limits) {
  if (Status ok = check_limits(limits); !ok) return ok.error();
  auto source = resolve_id(graph, from);
  if (!source) return source.error();
  auto target = resolve_id(graph, to);
  if (!target) return target.error();
  auto resolved = resolve(graph.schema(), filter);
  if (!resolved) return resolved.error();
  Path path;
  if (*source == *target) {
    path.nodes.push_back(*source);
    return path;
  }
  struct Parent {
    NodeIndex node;
    EdgeIndex edge;
    int depth;
  };
  std::unordered_map<NodeIndex, Parent> parent{{*source, {*source, 0, 0}}};
  std::deque<NodeIndex> queue{*source};
  Budget budget(limits);
  bool found = false;
  Status status;
  while (!queue.empty() && !found) {
    const NodeIndex node = queue.front();
    queue.pop_front();
    const int depth = parent[node].depth;
    if (depth >= limits.max_depth) continue;
    for_each_allowed(graph, node, *resolved, [&](const Hop& hop) {
      if (status = budget.tick("path search"); !status) return false;
      if (parent.count(hop.other)) return true;
      if (status = budget.visit("path search"); !status) return false;
      const bool is_target = hop.other == *target;
      if (!is_target && !resolved->node_allowed(graph.node_type(hop.other))) return true;
      parent.emplace(hop.other, Parent{node, hop.edge, depth + 1});
      if (is_target) {
        found = true;
        return false;
      }
      queue.push_back(hop.other);
      return true;
    });
    if (!status) return status.error();
  }
  if (!found) {
    return Error::not_found("no path from '" + from + "' to '" + to + "' within " +
                            std::to_string(limits.max_depth) + " hops");
  }
  for (NodeIndex at = *target; at != *source; at = parent[at].node) {
    path.nodes.push_back(at);
    path.edges.push_back(parent[at].edge);
  }
  path.nodes.push_back(*source);
  std::reverse(path.nodes.begin(), path.nodes.end());
  std::reverse(path.edges.begin(), path.edges.end());
  return path;
}

Json node_summary(const Graph& graph, NodeIndex node) {
  const Node& n = graph.node(node);
  return Json{{"id", n.id}, {"type", n.type}, {"name", n.name}};
}

Json subgraph_to_json(const Graph& graph, const Subgraph& subgraph) {
  Json nodes = Json::array(), edges = Json::array();
  for (size_t i = 0; i < subgraph.nodes.size(); ++i) {
    Json summary = node_summary(graph, subgraph.nodes[i]);
    summary["depth"] = subgraph.depth.empty() ? 0 : subgraph.depth[i];
    nodes.push_back(std::move(summary));
  }
  for (EdgeIndex e : subgraph.edges) {
    Json edge = edge_to_json(graph.edge(e));
    edge.erase("kind");
    edges.push_back(std::move(edge));
  }
  return Json{{"nodes", nodes}, {"edges", edges}, {"truncated", subgraph.truncated}};
}

Json path_to_json(const Graph& graph, const Path& path) {
  Json nodes = Json::array(), edges = Json::array();
  for (NodeIndex n : path.nodes) nodes.push_back(node_summary(graph, n));
  for (EdgeIndex e : path.edges) {
    Json edge = edge_to_json(graph.edge(e));
    edge.erase("kind");
    edges.push_back(std::move(edge));
  }
  return Json{{"nodes", nodes}, {"edges", edges}, {"hops", path.edges.size()}};
}

}  // namespace finchat::kg
