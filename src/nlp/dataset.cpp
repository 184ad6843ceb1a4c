#include "nlp/dataset.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "nlp/csv.hpp"

namespace finchat::nlp {
namespace {

using nlohmann::json;

std::string at(std::string_view source, size_t line) {
  return std::string(source) + ":" + std::to_string(line) + ": ";
}

std::string extract_text(std::string text, const DatasetSpec& spec) {
  if (spec.text_after.empty()) return text;
  const size_t pos = text.find(spec.text_after);
  if (pos == std::string::npos) return text;
  const size_t begin = pos + spec.text_after.size();
  const size_t end = text.find('\n', begin);
  std::string out = text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  const size_t first = out.find_first_not_of(" \t");
  return first == std::string::npos ? std::string() : out.substr(first);
}

// Scalar JSON value as text: strings verbatim, numbers/bools as JSON.
bool scalar_text(const json& v, std::string& out) {
  if (v.is_string()) {
    out = v.get<std::string>();
    return true;
  }
  if (v.is_number() || v.is_boolean()) {
    out = v.dump();
    return true;
  }
  return false;
}

// One record (object with columns, or [text, label] pair) into an Example.
Status record_to_example(const json& item, const DatasetSpec& spec, const std::string& prefix,
                         Example& ex) {
  if (item.is_array()) {
    if (item.size() < 1 || !scalar_text(item[0], ex.text)) {
      return Error::invalid(prefix + "expected [text, label] pair");
    }
    if (item.size() >= 2 && !scalar_text(item[1], ex.label)) {
      return Error::invalid(prefix + "label is not a string or number");
    }
  } else if (item.is_object()) {
    const auto text_it = item.find(spec.text_column);
    if (text_it == item.end() || !scalar_text(*text_it, ex.text)) {
      return Error::invalid(prefix + "missing column '" + spec.text_column + "'", spec.text_column);
    }
    const auto label_it = item.find(spec.label_column);
    if (label_it != item.end() && !label_it->is_null() && !scalar_text(*label_it, ex.label)) {
      return Error::invalid(prefix + "label is not a string or number", spec.label_column);
    }
  } else {
    return Error::invalid(prefix + "expected an object or a [text, label] array");
  }
  if (spec.require_label && ex.label.empty()) {
    return Error::invalid(prefix + "missing column '" + spec.label_column + "'", spec.label_column);
  }
  ex.text = extract_text(std::move(ex.text), spec);
  return {};
}

}  // namespace

std::vector<std::string> Dataset::labels() const {
  std::vector<std::string> out;
  for (const auto& e : examples) out.push_back(e.label);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<DataFormat> parse_format(std::string_view name) {
  if (name == "csv") return DataFormat::csv;
  if (name == "tsv") return DataFormat::tsv;
  if (name == "jsonl" || name == "ndjson") return DataFormat::jsonl;
  if (name == "json") return DataFormat::json;
  if (name == "auto") return DataFormat::automatic;
  return Error::invalid("unknown data format '" + std::string(name) + "' (csv|tsv|jsonl|json)",
                        "format");
}

DataFormat format_from_extension(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".jsonl") || ends(".ndjson")) return DataFormat::jsonl;
  if (ends(".json")) return DataFormat::json;
  if (ends(".tsv")) return DataFormat::tsv;
  return DataFormat::csv;
}

Result<Dataset> parse_csv_dataset(std::string_view text, std::string_view source,
                                  const DatasetSpec& spec, char delimiter) {
  auto table = parse_csv(text, source, delimiter);
  if (!table.ok()) return table.error();
  auto text_col = table->column(spec.text_column, source);
  if (!text_col.ok()) return text_col.error();
  auto label_col = table->column(spec.label_column, source);
  if (!label_col.ok() && spec.require_label) return label_col.error();
  Dataset data;
  data.examples.reserve(table->rows.size());
  for (size_t r = 0; r < table->rows.size(); ++r) {
    Example ex;
    ex.text = extract_text(table->rows[r][*text_col], spec);
    if (label_col.ok()) ex.label = table->rows[r][*label_col];
    if (spec.require_label && ex.label.empty()) {
      return Error::invalid(
          at(source, table->row_lines[r]) + "empty label in column '" + spec.label_column + "'",
          spec.label_column);
    }
    data.examples.push_back(std::move(ex));
  }
  return data;
}

Result<Dataset> parse_jsonl_dataset(std::string_view text, std::string_view source,
                                    const DatasetSpec& spec) {
  Dataset data;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json item = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (item.is_discarded()) return Error::invalid(at(source, line_no) + "invalid JSON");
    Example ex;
    auto st = record_to_example(item, spec, at(source, line_no), ex);
    if (!st.ok()) return st.error();
    data.examples.push_back(std::move(ex));
  }
  return data;
}

Result<Dataset> parse_json_dataset(std::string_view text, std::string_view source,
                                   const DatasetSpec& spec) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error::invalid(std::string(source) + ": invalid JSON");
  const json* list = &doc;
  if (!spec.split.empty()) {
    if (!doc.is_object() || !doc.contains(spec.split)) {
      return Error::invalid(std::string(source) + ": missing split '" + spec.split + "'", "split");
    }
    list = &doc[spec.split];
  }
  if (!list->is_array()) {
    return Error::invalid(std::string(source) +
                          ": expected a JSON array of examples (use --split for an object)");
  }
  Dataset data;
  data.examples.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    Example ex;
    const std::string prefix = std::string(source) + ": item " + std::to_string(i) + ": ";
    auto st = record_to_example((*list)[i], spec, prefix, ex);
    if (!st.ok()) return st.error();
    data.examples.push_back(std::move(ex));
  }
  return data;
}

Result<Dataset> load_dataset(const std::string& path, const DatasetSpec& spec) {
  auto text = read_text_file(path);
  if (!text.ok()) return text.error();
  const DataFormat format =
      spec.format == DataFormat::automatic ? format_from_extension(path) : spec.format;
  switch (format) {
    case DataFormat::jsonl: return parse_jsonl_dataset(*text, path, spec);
    case DataFormat::json: return parse_json_dataset(*text, path, spec);
    case DataFormat::tsv: return parse_csv_dataset(*text, path, spec, '\t');
    case DataFormat::csv:
    case DataFormat::automatic: break;
  }
  return parse_csv_dataset(*text, path, spec, ',');
}

}  // namespace finchat::nlp
