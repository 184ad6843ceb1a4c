#pragma once
// RFC 4180 CSV and JSON Lines readers that report errors as "file:line: message".
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace finchat::nlp {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> row_lines;  // 1-based line where each row starts

  // Index of a header column, or an Error "missing column 'name'" naming `source`.
  Result<size_t> column(std::string_view name, std::string_view source) const;
};

// Parses CSV text with a header row: quoted fields, doubled quotes, embedded newlines, CRLF.
// `source` names the input in error messages (usually the file path).
Result<Table> parse_csv(std::string_view text, std::string_view source, char delimiter = ',');
Result<Table> read_csv_file(const std::string& path, char delimiter = ',');

// Reads a whole file; Error(not_found) when it cannot be opened.
Result<std::string> read_text_file(const std::string& path);

}  // namespace finchat::nlp
