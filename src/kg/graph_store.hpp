#pragma once
// Persistence of the knowledge graph through the store interface (tables kg_nodes and
// kg_edges from migrations/0100_kg.sql) with the in-memory index kept in sync: every write
// validates first, commits one DB transaction, and only then updates the index. Readers see
// a consistent graph under a shared lock.
#include <memory>
#include <shared_mutex>
#include <string>

#include "kg/batch.hpp"
#include "store/database.hpp"

namespace finchat::kg {

class GraphStore {
 public:
  explicit GraphStore(store::Database& db, std::shared_ptr<const Schema> schema = default_schema());

  // (Re)reads every node and edge from the database into the index.
  Status load();

  // Validates the whole batch (schema, references, duplicates); on any problem returns
  // invalid_argument listing them with file:line and writes nothing. Otherwise writes it in
  // one transaction and then updates the index.
  Status apply(const Batch& batch);
  Status upsert_node(const Node& node);
  Status upsert_edge(const Edge& edge);
  Status remove_node(const std::string& id);  // and its edges
  Status remove_edge(const std::string& from, const std::string& type, const std::string& to);

  // Runs `read` with the graph under a shared lock.
  template <class F>
  auto read(F&& read_graph) const {
    std::shared_lock lock(mutex_);
    return read_graph(static_cast<const Graph&>(graph_));
  }

 private:
  store::Database& db_;
  mutable std::shared_mutex mutex_;
  Graph graph_;
};

// Reads the tables into a fresh graph (used by load and by consistency checks).
Result<Graph> load_graph(store::Session& db,
                         std::shared_ptr<const Schema> schema = default_schema());

}  // namespace finchat::kg
