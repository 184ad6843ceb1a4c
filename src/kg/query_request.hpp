#pragma once
// One JSON request for any bounded query, as POST /v1/kg/query takes it:
//   {"match": [...], "where": [...], "return": [...], "limit": 50}        pattern (pattern.hpp)
//   {"op": "neighbours", "id": ID, "edge_types": [...], "direction": "out|in|both",
//    "node_types": [...], "limit": 100}
//   {"op": "expand", "seeds": [ID...], "depth": 2, "truncate": false, ...filter}
//   {"op": "path", "from": ID, "to": ID, ...filter}
//   {"op": "subgraph", "ids": [ID...], "radius": 1, ...filter}
// Each may carry "limits": {"max_nodes", "max_depth", "time_ms"}, checked against caps set by
// the caller (the API keeps them well below the library's hard caps). A query that needs more
// fails with invalid_argument (HTTP 400) saying how to narrow it.
#include <chrono>

#include "kg/query.hpp"

namespace finchat::kg {

struct QueryCaps {
  Limits defaults{1000, 3, std::chrono::milliseconds(250)};
  size_t max_nodes = 10'000;
  int max_depth = 6;
  std::chrono::milliseconds max_time{1000};
};

Result<Json> run_query_request(const Graph& graph, const Json& request, const QueryCaps& caps);

}  // namespace finchat::kg
