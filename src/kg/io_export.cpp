#include "kg/io.hpp"

namespace finchat::kg {
namespace {

std::string dot_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

const char* domain_colour(const std::string& domain) {
  if (domain == "finance") return "lightblue";
  if (domain == "support") return "palegreen";
  return "lightgrey";
}

}  // namespace

Json node_to_json(const Node& node) {
  return Json{{"kind", "node"},    {"id", node.id},           {"type", node.type},
              {"name", node.name}, {"aliases", node.aliases}, {"properties", node.properties}};
}

Json edge_to_json(const Edge& edge) {
  Json out{{"kind", "edge"}, {"from", edge.from}, {"type", edge.type}, {"to", edge.to}};
  if (edge.properties.is_object() && !edge.properties.empty()) {
    out["properties"] = edge.properties;
  }
  if (!edge.provenance.source.empty() || !edge.provenance.as_of.empty()) {
    out["provenance"] = Json{{"source", edge.provenance.source}, {"as_of", edge.provenance.as_of}};
  }
  return out;
}

void export_jsonl(const Graph& graph, std::ostream& out) {
  graph.for_each_node(
      [&](NodeIndex, const Node& node) { out << node_to_json(node).dump() << '\n'; });
  graph.for_each_edge(
      [&](EdgeIndex e, const EdgeRec&) { out << edge_to_json(graph.edge(e)).dump() << '\n'; });
}

void export_dot(const Graph& graph, std::ostream& out) {
  out << "digraph kg {\n  rankdir=LR;\n  node [shape=box, style=filled];\n";
  graph.for_each_node([&](NodeIndex i, const Node& node) {
    const auto& def = graph.schema().node_type_def(graph.node_type(i));
    out << "  \"" << dot_escape(node.id) << "\" [label=\"" << dot_escape(node.name) << "\\n("
        << dot_escape(node.type) << ")\", fillcolor=" << domain_colour(def.domain) << "];\n";
  });
  graph.for_each_edge([&](EdgeIndex, const EdgeRec& rec) {
    out << "  \"" << dot_escape(graph.node(rec.from).id) << "\" -> \""
        << dot_escape(graph.node(rec.to).id) << "\" [label=\""
        << dot_escape(graph.schema().edge_type_def(rec.type).name) << "\"];\n";
  });
  out << "}\n";
}

Result<std::vector<CsvRecord>> parse_csv(std::string_view text) {
  std::vector<CsvRecord> records;
  CsvRecord record{1, {}};
  std::string field;
  bool quoted = false;
  bool field_was_quoted = false;
  size_t line = 1;
  size_t quote_line = 0;
  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !field_was_quoted) {
      quoted = field_was_quoted = true;
      quote_line = line;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      end_field();
      records.push_back(std::move(record));
      record = CsvRecord{++line, {}};
    } else if (c != '\r') {
      field += c;
    }
  }
  if (quoted) {
    return Error::invalid("line " + std::to_string(quote_line) + ": unterminated quoted field");
  }
  if (!field.empty() || !record.fields.empty() || field_was_quoted) {
    end_field();
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace finchat::kg
