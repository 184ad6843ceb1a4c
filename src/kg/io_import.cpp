#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "kg/io.hpp"
#include "kg/json_util.hpp"

namespace finchat::kg {
namespace {

namespace fs = std::filesystem;

std::string string_field(const Json& obj, const char* key, std::string& problem) {
  if (!obj.contains(key)) {
    problem = std::string("missing \"") + key + "\"";
    return {};
  }
  if (!obj.at(key).is_string()) {
    problem = std::string("\"") + key + "\" must be a string";
    return {};
  }
  return obj.at(key).get<std::string>();
}

std::string check_keys(const Json& obj, const std::set<std::string>& allowed) {
  for (const auto& [key, value] : obj.items()) {
    if (!allowed.count(key)) return "unknown field \"" + key + "\"";
  }
  return {};
}

// Returns a problem description, or empty when the line was a valid node.
std::string node_from_json(const Json& obj, Node& node) {
  std::string problem = check_keys(obj, {"kind", "id", "type", "name", "aliases", "properties"});
  if (!problem.empty()) return problem;
  node.id = string_field(obj, "id", problem);
  if (problem.empty()) node.type = string_field(obj, "type", problem);
  if (problem.empty()) node.name = string_field(obj, "name", problem);
  if (!problem.empty()) return problem;
  if (obj.contains("aliases")) {
    if (!obj.at("aliases").is_array()) return "\"aliases\" must be an array of strings";
    for (const Json& alias : obj.at("aliases")) {
      if (!alias.is_string()) return "\"aliases\" must be an array of strings";
      node.aliases.push_back(alias.get<std::string>());
    }
  }
  if (obj.contains("properties")) {
    if (!obj.at("properties").is_object()) return "\"properties\" must be an object";
    node.properties = obj.at("properties");
  }
  return {};
}

std::string edge_from_json(const Json& obj, Edge& edge) {
  std::string problem = check_keys(
      obj, {"kind", "from", "type", "to", "properties", "provenance", "source", "as_of"});
  if (!problem.empty()) return problem;
  edge.from = string_field(obj, "from", problem);
  if (problem.empty()) edge.type = string_field(obj, "type", problem);
  if (problem.empty()) edge.to = string_field(obj, "to", problem);
  if (!problem.empty()) return problem;
  if (obj.contains("properties")) {
    if (!obj.at("properties").is_object()) return "\"properties\" must be an object";
    edge.properties = obj.at("properties");
  }
  const Json& prov = obj.contains("provenance") ? obj.at("provenance") : obj;
  if (!prov.is_object()) return "\"provenance\" must be an object";
  for (const char* key : {"source", "as_of"}) {
    if (!prov.contains(key)) continue;
    if (!prov.at(key).is_string()) return std::string("\"") + key + "\" must be a string";
    (std::string_view(key) == "source" ? edge.provenance.source : edge.provenance.as_of) =
        prov.at(key).get<std::string>();
  }
  return {};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Maps header names to column positions; reports missing required columns.
struct Header {
  std::vector<std::string> names;
  int find(std::string_view name) const {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
};

Result<Header> read_header(const std::vector<CsvRecord>& records,
                           const std::vector<std::string>& required) {
  if (records.empty()) return Error::invalid("empty CSV file: a header row is required");
  Header header;
  for (const std::string& name : records.front().fields) {
    header.names.emplace_back(trim(name));
  }
  for (const std::string& name : required) {
    if (header.find(name) < 0) return Error::invalid("header lacks column \"" + name + "\"");
  }
  return header;
}

std::string cell(const CsvRecord& record, int column) {
  if (column < 0 || static_cast<size_t>(column) >= record.fields.size()) return {};
  return std::string(trim(record.fields[column]));
}

// Parses a CSV table with the `required` columns and calls `row` for each data row that has
// as many cells as the header; any problem is an issue at its file and line. `row` returns
// the row's problem, or "" once it has added the row to the batch.
ParseResult parse_csv_table(std::string_view text, const std::string& file_name,
                            const std::vector<std::string>& required,
                            const std::function<std::string(const Header&, const CsvRecord&,
                                                            const SourceLoc&, ParseResult&)>& row) {
  ParseResult result;
  auto records = parse_csv(text);
  if (!records) {
    result.issues.push_back({{file_name, 0}, records.error().message});
    return result;
  }
  auto header = read_header(*records, required);
  if (!header) {
    result.issues.push_back({{file_name, 1}, header.error().message});
    return result;
  }
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    const SourceLoc loc{file_name, record.line};
    if (record.fields.size() == 1 && trim(record.fields[0]).empty()) continue;
    std::string problem;
    if (record.fields.size() != header->names.size()) {
      problem = "expected " + std::to_string(header->names.size()) + " columns, found " +
                std::to_string(record.fields.size());
    } else {
      problem = row(*header, record, loc, result);
    }
    if (!problem.empty()) result.issues.push_back({loc, problem});
  }
  return result;
}

// The "properties" cell as a JSON object into `out`; "" or the problem.
std::string properties_cell(const CsvRecord& record, int column, Json& out) {
  std::string props = cell(record, column);
  if (props.empty()) return {};
  Json parsed = Json::parse(props, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return "column \"properties\" must hold a JSON object";
  }
  out = std::move(parsed);
  return {};
}

std::string read_file(const fs::path& path, std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = "cannot read file";
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void merge(ParseResult& into, ParseResult from) {
  into.batch.append(std::move(from.batch));
  into.issues.insert(into.issues.end(), from.issues.begin(), from.issues.end());
}

}  // namespace

ParseResult parse_jsonl(std::string_view text, const std::string& file_name) {
  ParseResult result;
  size_t line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(start, end - start));
    ++line_no;
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    const SourceLoc loc{file_name, line_no};
    Json obj = Json::parse(line.begin(), line.end(), nullptr, false);
    if (obj.is_discarded() || !obj.is_object()) {
      result.issues.push_back({loc, "not a JSON object"});
      continue;
    }
    const std::string kind = string_or(obj, "kind", std::string{});
    std::string problem;
    if (kind == "node") {
      Node node;
      problem = node_from_json(obj, node);
      if (problem.empty()) result.batch.add(std::move(node), loc);
    } else if (kind == "edge") {
      Edge edge;
      problem = edge_from_json(obj, edge);
      if (problem.empty()) result.batch.add(std::move(edge), loc);
    } else {
      problem = "\"kind\" must be \"node\" or \"edge\"";
    }
    if (!problem.empty()) result.issues.push_back({loc, problem});
  }
  return result;
}

ParseResult parse_nodes_csv(std::string_view text, const std::string& file_name) {
  return parse_csv_table(
      text, file_name, {"id", "type", "name"},
      [](const Header& header, const CsvRecord& record, const SourceLoc& loc,
         ParseResult& result) -> std::string {
        const int id = header.find("id"), type = header.find("type"), name = header.find("name");
        const int aliases = header.find("aliases"), properties = header.find("properties");
        Node node{cell(record, id), cell(record, type), cell(record, name), {}, Json::object()};
        std::string alias_text = cell(record, aliases);
        for (size_t pos = 0; !alias_text.empty() && pos <= alias_text.size();) {
          size_t bar = std::min(alias_text.find('|', pos), alias_text.size());
          std::string alias(trim(std::string_view(alias_text).substr(pos, bar - pos)));
          if (!alias.empty()) node.aliases.push_back(alias);
          pos = bar + 1;
        }
        if (auto problem = properties_cell(record, properties, node.properties); !problem.empty()) {
          return problem;
        }
        // Any other column is a property.
        for (size_t c = 0; c < header.names.size(); ++c) {
          const int column = static_cast<int>(c);
          if (column == id || column == type || column == name || column == aliases ||
              column == properties) {
            continue;
          }
          if (std::string value = cell(record, column); !value.empty()) {
            node.properties[header.names[c]] = value;
          }
        }
        result.batch.add(std::move(node), loc);
        return {};
      });
}

ParseResult parse_edges_csv(std::string_view text, const std::string& file_name) {
  return parse_csv_table(
      text, file_name, {"from", "type", "to"},
      [](const Header& header, const CsvRecord& record, const SourceLoc& loc,
         ParseResult& result) -> std::string {
        Edge edge{cell(record, header.find("from")),
                  cell(record, header.find("to")),
                  cell(record, header.find("type")),
                  Json::object(),
                  {cell(record, header.find("source")), cell(record, header.find("as_of"))}};
        if (auto problem = properties_cell(record, header.find("properties"), edge.properties);
            !problem.empty()) {
          return problem;
        }
        result.batch.add(std::move(edge), loc);
        return {};
      });
}

ParseResult read_graph_files(const std::vector<std::string>& paths) {
  ParseResult result;
  std::vector<fs::path> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      // Nodes before edges so that file order matches dependency order in messages.
      for (const char* name : {"nodes.csv", "edges.csv"}) {
        if (fs::exists(fs::path(p) / name)) files.push_back(fs::path(p) / name);
      }
      std::vector<fs::path> jsonl;
      for (const auto& entry : fs::directory_iterator(p, ec)) {
        if (entry.path().extension() == ".jsonl") jsonl.push_back(entry.path());
      }
      std::sort(jsonl.begin(), jsonl.end());
      files.insert(files.end(), jsonl.begin(), jsonl.end());
      if (files.empty()) result.issues.push_back({{p, 0}, "directory has no graph files"});
    } else {
      files.emplace_back(p);
    }
  }
  for (const fs::path& file : files) {
    std::string problem;
    std::string text = read_file(file, problem);
    const std::string name = file.string();
    if (!problem.empty()) {
      result.issues.push_back({{name, 0}, problem});
      continue;
    }
    const std::string base = file.filename().string();
    if (file.extension() == ".jsonl" || file.extension() == ".ndjson") {
      merge(result, parse_jsonl(text, name));
    } else if (base.find("edges") != std::string::npos && file.extension() == ".csv") {
      merge(result, parse_edges_csv(text, name));
    } else if (file.extension() == ".csv") {
      merge(result, parse_nodes_csv(text, name));
    } else {
      result.issues.push_back({{name, 0}, "unknown format: use .jsonl, nodes.csv or edges.csv"});
    }
  }
  return result;
}

}  // namespace finchat::kg
