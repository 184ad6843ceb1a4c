#pragma once
// Import and export formats.
//   JSON Lines: one object per line, {"kind":"node","id","type","name","aliases":[],
//               "properties":{}} or {"kind":"edge","from","type","to","properties":{},
//               "provenance":{"source","as_of"}}. Blank lines and lines starting with '#' skip.
//   CSV: nodes.csv (columns id,type,name[,aliases][,properties][,<extra>...]; aliases split on
//        '|', properties is a JSON object, extra columns become string properties) and
//        edges.csv (from,type,to[,properties][,source][,as_of]).
// Parsers collect every problem with file:line instead of stopping at the first.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kg/batch.hpp"

namespace finchat::kg {

struct ParseResult {
  Batch batch;
  std::vector<Issue> issues;
};

ParseResult parse_jsonl(std::string_view text, const std::string& file_name);
ParseResult parse_nodes_csv(std::string_view text, const std::string& file_name);
ParseResult parse_edges_csv(std::string_view text, const std::string& file_name);

// Reads a .jsonl file, a nodes.csv/edges.csv file, or a directory holding nodes.csv and
// edges.csv (and/or *.jsonl files). Read errors become issues too.
ParseResult read_graph_files(const std::vector<std::string>& paths);

void export_jsonl(const Graph& graph, std::ostream& out);
// Graphviz DOT; labels are node names, node colours by domain.
void export_dot(const Graph& graph, std::ostream& out);

Json node_to_json(const Node& node);
Json edge_to_json(const Edge& edge);

// RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines. Each record
// carries the 1-based line it starts on.
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> fields;
};
Result<std::vector<CsvRecord>> parse_csv(std::string_view text);

}  // namespace finchat::kg
