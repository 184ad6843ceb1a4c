#pragma once
// A small JSON pattern query over the graph (documented with examples in README.md):
//   {"match": [{"var":"c","id":"company:NOVA"},
//              {"from":"c","edge":"IN_SECTOR","to":"s"},
//              {"from":"p","edge":"IN_SECTOR","to":"s"}],
//    "where": [{"ne":["p","c"]}],
//    "return": ["p"], "limit": 50}
// Variables bind to nodes. Node clauses constrain a variable by "id", "type" and/or "name"
// (name or alias, case-insensitive). Edge clauses join two variables by an edge type ("edge"
// omitted or "*" means any). Evaluation is bounded by Limits like every other query.
#include <string>
#include <vector>

#include "kg/query.hpp"

namespace finchat::kg {

struct PatternResult {
  std::vector<std::string> columns;          // the returned variables
  std::vector<std::vector<NodeIndex>> rows;  // distinct bindings of those variables
  bool truncated = false;                    // stopped at the limit
};

inline constexpr size_t kMaxPatternRows = 1000;
inline constexpr size_t kMaxPatternClauses = 32;

Result<PatternResult> run_pattern(const Graph& graph, const Json& query, const Limits& limits);
Json pattern_result_to_json(const Graph& graph, const PatternResult& result);

}  // namespace finchat::kg
