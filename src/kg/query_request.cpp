#include "kg/query_request.hpp"

#include "kg/io.hpp"
#include "kg/pattern.hpp"

namespace finchat::kg {
namespace {

Error bad(const std::string& field, const std::string& message) {
  return Error::invalid(message, field);
}

Result<std::vector<std::string>> string_list(const Json& request, const char* key, bool required) {
  std::vector<std::string> out;
  if (!request.contains(key)) {
    if (required) return bad(key, std::string("\"") + key + "\" is required");
    return out;
  }
  const Json& v = request.at(key);
  if (!v.is_array() || v.size() > 100) {
    return bad(key, std::string("\"") + key + "\" must be an array of at most 100 strings");
  }
  for (const Json& item : v) {
    if (!item.is_string()) return bad(key, std::string("\"") + key + "\" must hold strings");
    out.push_back(item.get<std::string>());
  }
  if (required && out.empty()) return bad(key, std::string("\"") + key + "\" must not be empty");
  return out;
}

Result<std::string> string_field(const Json& request, const char* key) {
  if (!request.contains(key) || !request.at(key).is_string() ||
      request.at(key).get<std::string>().empty()) {
    return bad(key, std::string("\"") + key + "\" must be a non-empty string");
  }
  return request.at(key).get<std::string>();
}

Result<int64_t> int_field(const Json& obj, const char* key, int64_t fallback, int64_t min,
                          int64_t max) {
  if (!obj.contains(key)) return fallback;
  const Json& v = obj.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
    return bad(key, std::string("\"") + key + "\" must be an integer from " + std::to_string(min) +
                        " to " + std::to_string(max));
  }
  return v.get<int64_t>();
}

Result<Limits> read_limits(const Json& request, const QueryCaps& caps) {
  Limits limits = caps.defaults;
  // Depth is bounded by the request's own "depth"/"radius" up to the cap; max_nodes and time
  // keep their defaults.
  limits.max_depth = caps.max_depth;
  if (!request.contains("limits")) return limits;
  const Json& l = request.at("limits");
  if (!l.is_object()) return bad("limits", "\"limits\" must be an object");
  for (const auto& [key, value] : l.items()) {
    (void)value;
    if (key != "max_nodes" && key != "max_depth" && key != "time_ms") {
      return bad("limits." + key, "unknown limit \"" + key + "\"");
    }
  }
  auto nodes = int_field(l, "max_nodes", static_cast<int64_t>(limits.max_nodes), 1,
                         static_cast<int64_t>(caps.max_nodes));
  if (!nodes) return nodes.error();
  auto depth = int_field(l, "max_depth", limits.max_depth, 1, caps.max_depth);
  if (!depth) return depth.error();
  auto time = int_field(l, "time_ms", limits.time_budget.count(), 1, caps.max_time.count());
  if (!time) return time.error();
  limits.max_nodes = static_cast<size_t>(*nodes);
  limits.max_depth = static_cast<int>(*depth);
  limits.time_budget = std::chrono::milliseconds(*time);
  return limits;
}

Result<TraversalFilter> read_filter(const Json& request, Direction fallback) {
  TraversalFilter f;
  f.direction = fallback;
  auto edges = string_list(request, "edge_types", false);
  if (!edges) return edges.error();
  auto nodes = string_list(request, "node_types", false);
  if (!nodes) return nodes.error();
  f.edge_types = std::move(*edges);
  f.node_types = std::move(*nodes);
  if (request.contains("direction")) {
    const Json& d = request.at("direction");
    const std::string s = d.is_string() ? d.get<std::string>() : "";
    if (s == "out") {
      f.direction = Direction::out;
    } else if (s == "in") {
      f.direction = Direction::in;
    } else if (s == "both") {
      f.direction = Direction::both;
    } else {
      return bad("direction", "\"direction\" must be out, in or both");
    }
  }
  return f;
}

Result<Json> run_neighbours(const Graph& g, const Json& request, const Limits& limits) {
  auto id = string_field(request, "id");
  if (!id) return id.error();
  auto filter = read_filter(request, Direction::both);
  if (!filter) return filter.error();
  auto limit = int_field(request, "limit", 100, 1, static_cast<int64_t>(limits.max_nodes));
  if (!limit) return limit.error();
  auto found = neighbours(g, *id, *filter, static_cast<size_t>(*limit));
  if (!found) return found.error();
  Json items = Json::array();
  for (const Neighbour& n : *found) {
    Json edge = edge_to_json(g.edge(n.edge));
    edge.erase("kind");
    items.push_back({{"node", node_summary(g, n.node)}, {"edge", edge}});
  }
  return Json{{"op", "neighbours"}, {"items", items}};
}

Result<Json> run_expand(const Graph& g, const Json& request, Limits limits) {
  auto seeds = string_list(request, "seeds", true);
  if (!seeds) return seeds.error();
  auto filter = read_filter(request, Direction::out);
  if (!filter) return filter.error();
  auto depth = int_field(request, "depth", 1, 1, limits.max_depth);
  if (!depth) return depth.error();
  ExpandOptions options{*filter, limits, false};
  options.limits.max_depth = static_cast<int>(*depth);
  if (request.contains("truncate")) {
    if (!request.at("truncate").is_boolean()) return bad("truncate", "\"truncate\" is a boolean");
    options.truncate = request.at("truncate").get<bool>();
  }
  auto sub = expand(g, *seeds, options);
  if (!sub) return sub.error();
  Json out = subgraph_to_json(g, *sub);
  out["op"] = "expand";
  return out;
}

Result<Json> run_path(const Graph& g, const Json& request, const Limits& limits) {
  auto from = string_field(request, "from");
  if (!from) return from.error();
  auto to = string_field(request, "to");
  if (!to) return to.error();
  auto filter = read_filter(request, Direction::both);
  if (!filter) return filter.error();
  auto path = shortest_path(g, *from, *to, *filter, limits);
  if (!path) return path.error();
  Json out = path_to_json(g, *path);
  out["op"] = "path";
  return out;
}

Result<Json> run_subgraph(const Graph& g, const Json& request, const Limits& limits) {
  auto ids = string_list(request, "ids", true);
  if (!ids) return ids.error();
  auto filter = read_filter(request, Direction::both);
  if (!filter) return filter.error();
  auto radius = int_field(request, "radius", 1, 0, limits.max_depth);
  if (!radius) return radius.error();
  ExpandOptions options{*filter, limits, false};
  if (request.contains("truncate") && request.at("truncate").is_boolean()) {
    options.truncate = request.at("truncate").get<bool>();
  }
  auto sub = subgraph_around(g, *ids, static_cast<int>(*radius), options);
  if (!sub) return sub.error();
  Json out = subgraph_to_json(g, *sub);
  out["op"] = "subgraph";
  return out;
}

}  // namespace

Result<Json> run_query_request(const Graph& graph, const Json& request, const QueryCaps& caps) {
  if (!request.is_object()) return bad("", "the query must be a JSON object");
  auto limits = read_limits(request, caps);
  if (!limits) return limits.error();
  if (request.contains("match")) {
    Json pattern = request;
    pattern.erase("limits");
    auto result = run_pattern(graph, pattern, *limits);
    if (!result) return result.error();
    Json out = pattern_result_to_json(graph, *result);
    out["op"] = "match";
    return out;
  }
  auto op = string_field(request, "op");
  if (!op)
    return bad("op", "give \"match\" (a pattern) or \"op\": neighbours, expand, path or subgraph");
  if (*op == "neighbours" || *op == "neighbors") return run_neighbours(graph, request, *limits);
  if (*op == "expand") return run_expand(graph, request, *limits);
  if (*op == "path") return run_path(graph, request, *limits);
  if (*op == "subgraph") return run_subgraph(graph, request, *limits);
  return bad("op", "unknown op \"" + *op + "\" (neighbours, expand, path, subgraph)");
}

}  // namespace finchat::kg
