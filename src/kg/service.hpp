#pragma once
// The knowledge graph as the server uses it: the persisted graph (GraphStore) plus an entity
// linker over it. Readers take the store's shared lock; admin writes go through the store
// (validated, one transaction, then the index) and then rebuild the linker, which readers
// pick up atomically. Thread-safe.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kg/graph_store.hpp"
#include "kg/linker.hpp"

namespace finchat::kg {

class KnowledgeService {
 public:
  explicit KnowledgeService(std::shared_ptr<store::Database> db,
                            std::shared_ptr<const Schema> schema = default_schema());

  // Loads the persisted graph; when it is empty and `seed` is given, applies the seed batch
  // (persisting it) instead. Returns how many nodes the graph holds afterwards.
  Result<size_t> load(const std::function<Result<Batch>()>& seed = {});

  Status upsert_node(const Node& node);
  Status upsert_edge(const Edge& edge);
  Status remove_node(const std::string& id);
  Status apply(const Batch& batch);

  template <class F>
  auto read(F&& read_graph) const {
    return store_.read(std::forward<F>(read_graph));
  }
  std::vector<Mention> link(std::string_view text,
                            LinkContext context = LinkContext::automatic) const;
  std::shared_ptr<const EntityLinker> linker() const;

 private:
  Status after_write(Status written);
  void rebuild_linker();

  std::shared_ptr<store::Database> db_;
  GraphStore store_;
  mutable std::mutex linker_mutex_;
  std::shared_ptr<const EntityLinker> linker_;
};

}  // namespace finchat::kg
