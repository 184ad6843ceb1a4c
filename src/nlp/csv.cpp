#include "nlp/csv.hpp"

#include <fstream>
#include <sstream>

namespace finchat::nlp {
namespace {

std::string where(std::string_view source, size_t line) {
  return std::string(source) + ":" + std::to_string(line) + ": ";
}

class CsvParser {
 public:
  CsvParser(std::string_view text, std::string_view source, char delimiter)
      : s_(text), source_(source), delim_(delimiter) {}

  Result<Table> run() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
    Table table;
    bool have_header = false;
    while (pos_ < s_.size()) {
      const size_t start_line = line_;
      auto record = parse_record();
      if (!record.ok()) return record.error();
      if (is_blank(*record)) continue;
      if (!have_header) {
        table.header = std::move(*record);
        have_header = true;
        continue;
      }
      if (record->size() != table.header.size()) {
        return Error::invalid(where(source_, start_line) + "expected " +
                              std::to_string(table.header.size()) + " fields, found " +
                              std::to_string(record->size()));
      }
      table.rows.push_back(std::move(*record));
      table.row_lines.push_back(start_line);
    }
    if (!have_header) return Error::invalid(std::string(source_) + ": empty CSV (no header row)");
    return table;
  }

 private:
  static bool is_blank(const std::vector<std::string>& record) {
    return record.size() == 1 && record[0].empty();
  }

  // One record; consumes its terminating newline.
  Result<std::vector<std::string>> parse_record() {
    std::vector<std::string> fields;
    while (true) {
      auto field = parse_field();
      if (!field.ok()) return field.error();
      fields.push_back(std::move(*field));
      if (pos_ >= s_.size()) return fields;
      const char c = s_[pos_];
      if (c == delim_) {
        ++pos_;
        continue;
      }
      // parse_field stops only at a delimiter or a line end
      if (c == '\r') ++pos_;
      if (pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
      ++line_;
      return fields;
    }
  }

  Result<std::string> parse_field() {
    if (pos_ < s_.size() && s_[pos_] == '"') return parse_quoted();
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != delim_ && s_[pos_] != '\n' && s_[pos_] != '\r') {
      if (s_[pos_] == '"') {
        return Error::invalid(where(source_, line_) + "quote inside unquoted field");
      }
      out.push_back(s_[pos_++]);
    }
    return out;
  }

  Result<std::string> parse_quoted() {
    const size_t open_line = line_;
    ++pos_;
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) {
        return Error::invalid(where(source_, open_line) + "unterminated quote");
      }
      const char c = s_[pos_++];
      if (c == '"') {
        if (pos_ < s_.size() && s_[pos_] == '"') {
          out.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      out.push_back(c);
    }
    if (pos_ < s_.size() && s_[pos_] != delim_ && s_[pos_] != '\n' && s_[pos_] != '\r') {
      return Error::invalid(where(source_, line_) + "unexpected character after closing quote");
    }
    return out;
  }

  std::string_view s_;
  std::string_view source_;
  char delim_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

}  // namespace

Result<size_t> Table::column(std::string_view name, std::string_view source) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  std::string known;
  for (const auto& h : header) known += (known.empty() ? "" : ", ") + h;
  return Error::invalid(
      std::string(source) + ": missing column '" + std::string(name) + "' (columns: " + known + ")",
      std::string(name));
}

Result<Table> parse_csv(std::string_view text, std::string_view source, char delimiter) {
  return CsvParser(text, source, delimiter).run();
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found(path + ": cannot open file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Error::invalid(path + ": read error");
  return buffer.str();
}

Result<Table> read_csv_file(const std::string& path, char delimiter) {
  auto text = read_text_file(path);
  if (!text.ok()) return text.error();
  return parse_csv(*text, path, delimiter);
}

}  // namespace finchat::nlp
