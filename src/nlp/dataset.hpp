#pragma once
// Labelled text examples loaded from CSV, JSON Lines or JSON files.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace finchat::nlp {

struct Example {
  std::string text;
  std::string label;
};

struct Dataset {
  std::vector<Example> examples;
  // Sorted distinct labels.
  std::vector<std::string> labels() const;
  size_t size() const { return examples.size(); }
};

enum class DataFormat { automatic, csv, tsv, jsonl, json };

struct DatasetSpec {
  std::string text_column = "text";
  std::string label_column = "label";
  DataFormat format = DataFormat::automatic;  // automatic: from the file extension
  // JSON files only: key of the top-level object that holds the example list (e.g. "train").
  std::string split;
  // When set, the text is what follows this marker up to the end of its line (for prompt-style
  // records such as "...\nInput: <text>\nAnswer: ").
  std::string text_after;
  bool require_label = true;  // false: rows without a label get an empty one
};

Result<DataFormat> parse_format(std::string_view name);
DataFormat format_from_extension(std::string_view path);

Result<Dataset> load_dataset(const std::string& path, const DatasetSpec& spec);
// Parsers over in-memory text; `source` names the input in error messages.
Result<Dataset> parse_jsonl_dataset(std::string_view text, std::string_view source,
                                    const DatasetSpec& spec);
Result<Dataset> parse_json_dataset(std::string_view text, std::string_view source,
                                   const DatasetSpec& spec);
Result<Dataset> parse_csv_dataset(std::string_view text, std::string_view source,
                                  const DatasetSpec& spec, char delimiter = ',');

}  // namespace finchat::nlp
