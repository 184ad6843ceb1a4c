#pragma once
// A batch of nodes and edges to add to the graph, with where each one came from, and the
// validation that runs over a whole batch before anything is written.
#include <string>
#include <vector>

#include "kg/graph.hpp"

namespace finchat::kg {

struct SourceLoc {
  // Constructors rather than an aggregate: GCC 12 at -O3 warns spuriously (maybe-uninitialized)
  // on braced aggregates holding strings.
  SourceLoc() = default;
  SourceLoc(std::string file_name, size_t line_no) : file(std::move(file_name)), line(line_no) {}
  std::string file;
  size_t line = 0;
};

struct Batch {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<SourceLoc> node_locs;  // parallel to nodes (may be empty for built batches)
  std::vector<SourceLoc> edge_locs;  // parallel to edges

  void add(Node node, SourceLoc loc = {});
  void add(Edge edge, SourceLoc loc = {});
  void append(Batch other);
  bool empty() const { return nodes.empty() && edges.empty(); }
};

struct Issue {
  Issue() = default;
  Issue(SourceLoc where, std::string text) : loc(std::move(where)), message(std::move(text)) {}
  SourceLoc loc;
  std::string message;
  std::string to_string() const;  // "file:line: message"
};

// Checks every node and edge of `batch` against the schema and against `existing` (edge
// endpoints may be in the batch or already in the graph). Duplicate node ids or duplicate
// (from, type, to) edges inside the batch are errors; ids already in `existing` are updates.
std::vector<Issue> validate_batch(const Batch& batch, const Graph& existing);

// Folds issues into one invalid_argument Error (the first `max_listed` are spelled out).
Status issues_to_status(const std::vector<Issue>& issues, size_t max_listed = 20);

// Adds a (validated) batch to an in-memory graph.
Status apply_batch(const Batch& batch, Graph& graph);

}  // namespace finchat::kg
