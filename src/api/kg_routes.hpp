#pragma once
// /v1/kg: the knowledge graph over HTTP. Any signed-in role reads (entity, search, bounded
// queries, entity linking); only admins write (nodes, edges, node deletion), and every write
// is audited through the callback the wiring supplies (api does not depend on auth).
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "http/router.hpp"
#include "kg/query_request.hpp"
#include "kg/service.hpp"

namespace finchat::api {

// event ("kg_node_upserted", "kg_edge_upserted", "kg_node_deleted"), subject (the node or edge
// key) and detail, with the request for actor and address.
using KgAuditFn = std::function<void(const http::Request&, const std::string& event,
                                     const std::string& subject, const nlohmann::json& detail)>;

struct KgDeps {
  std::shared_ptr<kg::KnowledgeService> graph;
  KgAuditFn audit;  // optional
  kg::QueryCaps caps;
  size_t max_entity_edges = 200;  // edges listed per direction on GET /v1/kg/entities/{id}
};

void register_kg_routes(http::Router& router, KgDeps deps);

}  // namespace finchat::api
