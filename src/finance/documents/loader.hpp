#pragma once
// Loads plain text, Markdown, HTML (tags stripped) and PDF (poppler-cpp) into plain text.
#include <string>

#include "core/result.hpp"

namespace finchat::documents {

enum class Format { text, markdown, html, pdf };

struct Document {
  std::string source;
  Format format = Format::text;
  std::string text;
};

Format format_from_path(const std::string& path);
// Removes tags, script/style bodies and decodes common entities; block tags become newlines.
std::string strip_html(const std::string& html);
// Drops Markdown markup (headings, emphasis, links, code fences) keeping the words.
std::string strip_markdown(const std::string& md);
Result<std::string> pdf_text(const std::string& bytes, const std::string& name = "pdf");
Result<Document> load_document(const std::string& path);

}  // namespace finchat::documents
