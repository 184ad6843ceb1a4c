#include "api/kg_routes.hpp"

#include "core/clock.hpp"
#include "core/json.hpp"
#include "http/pipeline.hpp"
#include "kg/io.hpp"
#include "kg/lookups.hpp"

namespace finchat::api {

namespace {

using http::Policy;
using http::Request;
using http::Response;
using Json = nlohmann::json;

constexpr size_t kMaxTextBytes = 4000;
constexpr int64_t kMaxSearchResults = 50;

Json edges_json(const kg::Graph& g, const std::vector<kg::EdgeIndex>& edges, size_t max) {
  Json out = Json::array();
  for (size_t i = 0; i < edges.size() && i < max; ++i) {
    Json e = kg::edge_to_json(g.edge(edges[i]));
    e.erase("kind");
    out.push_back(std::move(e));
  }
  return out;
}

Response get_entity(const KgDeps& d, Request& r) {
  const std::string id = r.param("id");
  return d.graph->read([&](const kg::Graph& g) {
    auto i = g.index_of(id);
    if (!i) return Response::from_error(Error::not_found("no entity with id '" + id + "'"));
    Json node = kg::node_to_json(g.node(*i));
    node.erase("kind");
    const auto& out = g.out_edges(*i);
    const auto& in = g.in_edges(*i);
    return Response::json(200, {{"node", node},
                                {"edges_out", edges_json(g, out, d.max_entity_edges)},
                                {"edges_in", edges_json(g, in, d.max_entity_edges)},
                                {"edges_truncated", out.size() > d.max_entity_edges ||
                                                        in.size() > d.max_entity_edges}});
  });
}

Response search(const KgDeps& d, Request& r) {
  const std::string q = r.query_or("q");
  const std::string type = r.query_or("type");
  if (q.empty() || q.size() > 200) {
    return Response::from_error(Error::invalid("q must be 1 to 200 characters", "q"));
  }
  int64_t limit = 10;
  if (std::string l = r.query_or("limit"); !l.empty()) {
    try {
      size_t used = 0;
      limit = std::stoll(l, &used);
      if (used != l.size()) limit = 0;
    } catch (const std::exception&) {
      limit = 0;
    }
    if (limit < 1 || limit > kMaxSearchResults) {
      return Response::from_error(Error::invalid("limit must be 1 to 50", "limit"));
    }
  }
  return d.graph->read([&](const kg::Graph& g) {
    if (!type.empty() && !g.schema().node_type(type)) {
      return Response::from_error(Error::invalid("unknown type '" + type + "'", "type"));
    }
    Json items = Json::array();
    for (const auto& hit : kg::search_entities(g, q, type, static_cast<size_t>(limit))) {
      Json item = kg::node_summary(g, hit.node);
      item["score"] = hit.score;
      items.push_back(std::move(item));
    }
    return Response::json(200, {{"items", items}});
  });
}

Response query(const KgDeps& d, Request& r) {
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  auto result =
      d.graph->read([&](const kg::Graph& g) { return kg::run_query_request(g, *body, d.caps); });
  if (!result) return Response::from_error(result.error());
  return Response::json(200, *result);
}

Response link(const KgDeps& d, Request& r) {
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  std::string text;
  std::optional<std::string> context;
  auto st = json::ObjectReader(*body)
                .field("text", text, true, {1, kMaxTextBytes, {}})
                .field("context", context, {0, 20, {"", "auto", "market", "finance", "support"}})
                .finish();
  if (!st) return Response::from_error(st.error());
  auto mentions = d.graph->link(text, kg::parse_link_context(context.value_or("")));
  Json items = Json::array();
  for (const auto& m : mentions) {
    Json candidates = Json::array();
    for (const auto& c : m.candidates) {
      candidates.push_back({{"id", c.id},
                            {"type", c.type},
                            {"name", c.name},
                            {"score", c.score},
                            {"match", kg::to_string(c.match)}});
    }
    items.push_back(
        {{"begin", m.begin}, {"end", m.end}, {"text", m.text}, {"candidates", candidates}});
  }
  return Response::json(200, {{"mentions", items}});
}

// The body as one JSON Lines record of `kind`, so the API and the importer validate alike.
Result<kg::Batch> parse_record(const Request& r, const char* kind) {
  auto body = http::parse_json_body(r);
  if (!body) return body.error();
  if (!body->is_object()) return Error::invalid("the body must be a JSON object");
  Json record = *body;
  record["kind"] = kind;
  auto parsed = kg::parse_jsonl(record.dump(), "request");
  if (Status ok = kg::issues_to_status(parsed.issues); !ok) return ok.error();
  return parsed.batch;
}

void audit(const KgDeps& d, const Request& r, const char* event, const std::string& subject,
           const Json& detail) {
  if (d.audit) d.audit(r, event, subject, detail);
}

Response put_node(const KgDeps& d, Request& r) {
  auto batch = parse_record(r, "node");
  if (!batch) return Response::from_error(batch.error());
  if (batch->nodes.size() != 1) return Response::problem(400, "Bad Request", "expected one node");
  const kg::Node& node = batch->nodes[0];
  const bool existed =
      d.graph->read([&](const kg::Graph& g) { return g.find(node.id) != nullptr; });
  if (Status ok = d.graph->upsert_node(node); !ok) return Response::from_error(ok.error());
  audit(d, r, "kg_node_upserted", node.id, {{"type", node.type}, {"created", !existed}});
  Json out = kg::node_to_json(node);
  out.erase("kind");
  Response res = Response::json(existed ? 200 : 201, out);
  if (!existed) res.set_header("Location", "/v1/kg/entities/" + node.id);
  return res;
}

Response put_edge(const KgDeps& d, Request& r) {
  auto batch = parse_record(r, "edge");
  if (!batch) return Response::from_error(batch.error());
  if (batch->edges.size() != 1) return Response::problem(400, "Bad Request", "expected one edge");
  kg::Edge edge = batch->edges[0];
  // Every fact needs provenance: an admin's edit is sourced to the admin when none is given.
  if (edge.provenance.source.empty()) edge.provenance.source = "admin:" + r.principal->subject;
  if (edge.provenance.as_of.empty()) {
    edge.provenance.as_of = format_iso8601(SystemClock::instance().now_ms());
  }
  if (Status ok = d.graph->upsert_edge(edge); !ok) return Response::from_error(ok.error());
  const std::string key = edge.from + " -" + edge.type + "-> " + edge.to;
  audit(d, r, "kg_edge_upserted", key, {{"source", edge.provenance.source}});
  Json out = kg::edge_to_json(edge);
  out.erase("kind");
  return Response::json(201, out);
}

Response delete_node(const KgDeps& d, Request& r) {
  const std::string id = r.param("id");
  if (Status ok = d.graph->remove_node(id); !ok) return Response::from_error(ok.error());
  audit(d, r, "kg_node_deleted", id, Json::object());
  return Response::no_content();
}

}  // namespace

void register_kg_routes(http::Router& router, KgDeps deps) {
  auto d = std::make_shared<const KgDeps>(std::move(deps));
  auto bind = [d](Response (*fn)(const KgDeps&, Request&)) {
    return [d, fn](Request& r) { return fn(*d, r); };
  };
  const auto readers = Policy::signed_in();
  const auto admin = Policy::roles_any({"admin"});
  router.add("GET", "/v1/kg/entities", readers, bind(search));
  router.add("GET", "/v1/kg/entities/{id}", readers, bind(get_entity));
  router.add("POST", "/v1/kg/query", readers, bind(query));
  router.add("POST", "/v1/kg/link", readers, bind(link));
  router.add("POST", "/v1/kg/nodes", admin, bind(put_node));
  router.add("POST", "/v1/kg/edges", admin, bind(put_edge));
  router.add("DELETE", "/v1/kg/nodes/{id}", admin, bind(delete_node));
}

}  // namespace finchat::api
