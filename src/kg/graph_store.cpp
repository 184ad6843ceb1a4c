#include "kg/graph_store.hpp"

#include <chrono>
#include <mutex>

namespace finchat::kg {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status write_node(store::Session& s, const Node& node, int64_t ts) {
  auto done = s.exec(
      "INSERT INTO kg_nodes (id, type, name, aliases, properties, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
      "name = excluded.name, aliases = excluded.aliases, properties = excluded.properties, "
      "updated_at = excluded.updated_at",
      {node.id, node.type, node.name, Json(node.aliases).dump(),
       node.properties.is_object() ? node.properties.dump() : "{}", ts});
  if (!done) return done.error();
  return {};
}

Status write_edge(store::Session& s, const Edge& edge, int64_t ts) {
  auto done = s.exec(
      "INSERT INTO kg_edges (from_id, type, to_id, properties, source, as_of, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (from_id, type, to_id) DO UPDATE SET "
      "properties = excluded.properties, source = excluded.source, as_of = excluded.as_of, "
      "updated_at = excluded.updated_at",
      {edge.from, edge.type, edge.to, edge.properties.is_object() ? edge.properties.dump() : "{}",
       edge.provenance.source, edge.provenance.as_of, ts});
  if (!done) return done.error();
  return {};
}

Result<Json> parse_column(const std::string& text, const std::string& what) {
  Json value = Json::parse(text, nullptr, false);
  if (value.is_discarded()) return Error::internal("corrupt JSON in " + what);
  return value;
}

}  // namespace

Result<Graph> load_graph(store::Session& db, std::shared_ptr<const Schema> schema) {
  Graph graph(std::move(schema));
  auto nodes = db.query("SELECT id, type, name, aliases, properties FROM kg_nodes ORDER BY id");
  if (!nodes) return nodes.error();
  for (const store::Row& row : *nodes) {
    Node node{row.str(0), row.str(1), row.str(2), {}, Json::object()};
    auto aliases = parse_column(row.str(3), "kg_nodes.aliases of " + node.id);
    if (!aliases) return aliases.error();
    auto props = parse_column(row.str(4), "kg_nodes.properties of " + node.id);
    if (!props) return props.error();
    if (aliases->is_array()) node.aliases = aliases->get<std::vector<std::string>>();
    node.properties = std::move(*props);
    if (auto added = graph.upsert_node(std::move(node)); !added) return added.error();
  }
  auto edges = db.query(
      "SELECT from_id, type, to_id, properties, source, as_of FROM kg_edges "
      "ORDER BY from_id, type, to_id");
  if (!edges) return edges.error();
  for (const store::Row& row : *edges) {
    Edge edge{row.str(0), row.str(2), row.str(1), Json::object(), {row.str(4), row.str(5)}};
    auto props = parse_column(row.str(3), "kg_edges.properties");
    if (!props) return props.error();
    edge.properties = std::move(*props);
    if (auto added = graph.upsert_edge(edge); !added) return added.error();
  }
  return graph;
}

GraphStore::GraphStore(store::Database& db, std::shared_ptr<const Schema> schema)
    : db_(db), graph_(std::move(schema)) {}

Status GraphStore::load() {
  std::unique_lock lock(mutex_);
  auto loaded = load_graph(db_, graph_.schema_ptr());
  if (!loaded) return loaded.error();
  graph_ = std::move(*loaded);
  return {};
}

Status GraphStore::apply(const Batch& batch) {
  std::unique_lock lock(mutex_);
  if (Status ok = issues_to_status(validate_batch(batch, graph_)); !ok) return ok;
  const int64_t ts = now_ms();
  Status written = db_.transaction([&](store::Session& s) -> Status {
    for (const Node& node : batch.nodes) {
      if (Status ok = write_node(s, node, ts); !ok) return ok;
    }
    for (const Edge& edge : batch.edges) {
      if (Status ok = write_edge(s, edge, ts); !ok) return ok;
    }
    return {};
  });
  if (!written) return written;
  // Committed: the index follows. Validation above guarantees these succeed.
  return apply_batch(batch, graph_);
}

Status GraphStore::upsert_node(const Node& node) {
  Batch batch;
  batch.add(node);
  return apply(batch);
}

Status GraphStore::upsert_edge(const Edge& edge) {
  Batch batch;
  batch.add(edge);
  return apply(batch);
}

Status GraphStore::remove_node(const std::string& id) {
  std::unique_lock lock(mutex_);
  if (!graph_.find(id)) return Error::not_found("no node with id '" + id + "'");
  Status written = db_.transaction([&](store::Session& s) -> Status {
    auto edges = s.exec("DELETE FROM kg_edges WHERE from_id = $1 OR to_id = $1", {id});
    if (!edges) return edges.error();
    auto nodes = s.exec("DELETE FROM kg_nodes WHERE id = $1", {id});
    if (!nodes) return nodes.error();
    return {};
  });
  if (!written) return written;
  graph_.remove_node(id);
  return {};
}

Status GraphStore::remove_edge(const std::string& from, const std::string& type,
                               const std::string& to) {
  std::unique_lock lock(mutex_);
  if (!graph_.find_edge(from, type, to)) {
    return Error::not_found("no edge " + from + " -" + type + "-> " + to);
  }
  Status written = db_.transaction([&](store::Session& s) -> Status {
    auto done = s.exec("DELETE FROM kg_edges WHERE from_id = $1 AND type = $2 AND to_id = $3",
                       {from, type, to});
    if (!done) return done.error();
    return {};
  });
  if (!written) return written;
  graph_.remove_edge(from, type, to);
  return {};
}

}  // namespace finchat::kg
