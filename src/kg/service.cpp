#include "kg/service.hpp"

namespace finchat::kg {

KnowledgeService::KnowledgeService(std::shared_ptr<store::Database> db,
                                   std::shared_ptr<const Schema> schema)
    : db_(std::move(db)), store_(*db_, std::move(schema)) {
  rebuild_linker();
}

Result<size_t> KnowledgeService::load(const std::function<Result<Batch>()>& seed) {
  if (Status ok = store_.load(); !ok) return ok.error();
  size_t nodes = store_.read([](const Graph& g) { return g.node_count(); });
  if (nodes == 0 && seed) {
    auto batch = seed();
    if (!batch) return batch.error();
    if (Status ok = store_.apply(*batch); !ok) return ok.error();
    nodes = store_.read([](const Graph& g) { return g.node_count(); });
  }
  rebuild_linker();
  return nodes;
}

Status KnowledgeService::after_write(Status written) {
  if (written) rebuild_linker();
  return written;
}

Status KnowledgeService::upsert_node(const Node& node) {
  return after_write(store_.upsert_node(node));
}
Status KnowledgeService::upsert_edge(const Edge& edge) {
  return after_write(store_.upsert_edge(edge));
}
Status KnowledgeService::remove_node(const std::string& id) {
  return after_write(store_.remove_node(id));
}
Status KnowledgeService::apply(const Batch& batch) { return after_write(store_.apply(batch)); }

void KnowledgeService::rebuild_linker() {
  // Built under the shared lock, published under the linker mutex: a reader keeps the linker
  // it took even while a newer one replaces it.
  auto fresh = store_.read([](const Graph& g) { return std::make_shared<const EntityLinker>(g); });
  std::lock_guard lock(linker_mutex_);
  linker_ = std::move(fresh);
}

std::shared_ptr<const EntityLinker> KnowledgeService::linker() const {
  std::lock_guard lock(linker_mutex_);
  return linker_;
}

std::vector<Mention> KnowledgeService::link(std::string_view text, LinkContext context) const {
  return linker()->link(text, context);
}

}  // namespace finchat::kg
