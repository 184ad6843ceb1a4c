#pragma once
// Bounded graph queries. Every query visits at most Limits::max_nodes nodes and runs for at
// most Limits::time_budget; a query that would need more fails with invalid_argument (HTTP
// 400) and a message saying how to narrow it, so a broad question can never hang the server.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "kg/graph.hpp"

namespace finchat::kg {

struct Limits {
  size_t max_nodes = 1000;  // nodes visited (not only returned)
  int max_depth = 3;
  std::chrono::milliseconds time_budget{250};
};

// Hard caps a caller-supplied Limits may not exceed.
inline constexpr size_t kMaxNodesCap = 200'000;
inline constexpr int kMaxDepthCap = 8;
inline constexpr std::chrono::milliseconds kTimeBudgetCap{5000};
Status check_limits(const Limits& limits);

// Counts visits against a Limits and checks the clock now and then.
class Budget {
 public:
  explicit Budget(const Limits& limits);
  // Records one visited node; returns an error once the limits are exceeded.
  Status visit(const char* what);
  // Records a unit of work that is not a new node (an edge scanned); checks the clock only.
  Status tick(const char* what);
  size_t visited() const { return visited_; }

 private:
  Limits limits_;
  std::chrono::steady_clock::time_point deadline_;
  size_t visited_ = 0;
  size_t ticks_ = 0;
};

struct TraversalFilter {
  std::vector<std::string> edge_types;  // empty: any
  Direction direction = Direction::out;
  std::vector<std::string> node_types;  // empty: any (applies to nodes reached, not seeds)
};

struct Neighbour {
  EdgeIndex edge;
  NodeIndex node;
};

Result<std::vector<Neighbour>> neighbours(const Graph& graph, const std::string& id,
                                          const TraversalFilter& filter, size_t limit = 100);

struct Subgraph {
  std::vector<NodeIndex> nodes;  // seeds first, then in BFS order
  std::vector<int> depth;        // parallel to nodes
  std::vector<EdgeIndex> edges;
  bool truncated = false;  // max_nodes was reached and `truncate` was set
};

struct ExpandOptions {
  TraversalFilter filter;
  Limits limits;
  // true: stop at max_nodes and return what was found (truncated = true);
  // false: fail with invalid_argument instead.
  bool truncate = true;
};

// k-hop breadth-first expansion from the seeds, up to limits.max_depth hops.
Result<Subgraph> expand(const Graph& graph, const std::vector<std::string>& seeds,
                        const ExpandOptions& options);
// Same, with seeds already resolved (used by the benchmark and the linker).
Result<Subgraph> expand(const Graph& graph, const std::vector<NodeIndex>& seeds,
                        const ExpandOptions& options);

// The nodes within `radius` hops of the entities (any edge type, both directions unless the
// filter says otherwise) and every edge among them.
Result<Subgraph> subgraph_around(const Graph& graph, const std::vector<std::string>& ids,
                                 int radius, const ExpandOptions& options);

struct Path {
  std::vector<NodeIndex> nodes;
  std::vector<EdgeIndex> edges;  // edges[i] joins nodes[i] and nodes[i + 1]
};

// Fewest-hops path (BFS). filter.node_types restricts intermediate nodes. not_found when no
// path exists within limits.max_depth hops.
Result<Path> shortest_path(const Graph& graph, const std::string& from, const std::string& to,
                           const TraversalFilter& filter, const Limits& limits);

// JSON renderings for the API.
Json node_summary(const Graph& graph, NodeIndex node);
Json subgraph_to_json(const Graph& graph, const Subgraph& subgraph);
Json path_to_json(const Graph& graph, const Path& path);

}  // namespace finchat::kg
