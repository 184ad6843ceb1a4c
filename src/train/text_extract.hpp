#pragma once
// Reads training sources into plain-text documents: .txt, .md, .html/.htm (tags stripped),
// .pdf (poppler-cpp when available), .csv and .jsonl (named text columns/fields).
// Unusable files fail with a reason (binary, invalid UTF-8, empty, unsupported).
#include <string>
#include <vector>

#include "core/result.hpp"

namespace finchat::train {

struct ExtractOptions {
  std::vector<std::string> columns = {"text"};  // CSV columns / JSONL fields joined per record
};

struct Document {
  std::string source;  // file (and record) it came from
  std::string text;
};

std::string file_kind(const std::string& path);  // txt|md|html|pdf|csv|jsonl|"" (unsupported)
bool valid_utf8(const std::string& s);
bool looks_binary(const std::string& bytes);
std::string strip_html(const std::string& html);
std::string strip_markdown(const std::string& md);
// Splits one CSV record set (RFC 4180 quotes) into rows of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

Result<std::vector<Document>> extract_documents(const std::string& path, const ExtractOptions& opt);

}  // namespace finchat::train
