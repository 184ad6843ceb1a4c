#include "finance/documents/loader.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/text.hpp"

namespace finchat::documents {

namespace {

using core::lower;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Format format_from_path(const std::string& path) {
  const auto p = lower(path);
  if (ends_with(p, ".pdf")) return Format::pdf;
  if (ends_with(p, ".html") || ends_with(p, ".htm")) return Format::html;
  if (ends_with(p, ".md") || ends_with(p, ".markdown")) return Format::markdown;
  return Format::text;
}

std::string strip_html(const std::string& html) {
  static const char* kBlock[] = {"p",   "/p",  "br",  "br/", "div",  "/div", "li",
                                 "/li", "tr",  "/tr", "h1",  "h2",   "h3",   "h4",
                                 "/h1", "/h2", "/h3", "/h4", "table"};
  std::string out;
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '<') {
      const size_t close = html.find('>', i);
      if (close == std::string::npos) break;
      std::string tag = lower(html.substr(i + 1, close - i - 1));
      const std::string name = tag.substr(0, tag.find_first_of(" \t\n"));
      i = close + 1;
      if (name == "script" || name == "style") {
        const size_t end = lower(html).find("</" + name, i);
        i = end == std::string::npos ? html.size() : html.find('>', end) + 1;
        continue;
      }
      if (std::find(std::begin(kBlock), std::end(kBlock), name) != std::end(kBlock))
        out += '\n';
      else
        out += ' ';
      continue;
    }
    if (html[i] == '&') {
      static const std::pair<const char*, const char*> kEntities[] = {
          {"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
          {"&#39;", "'"}, {"&nbsp;", " "}, {"&apos;", "'"}};
      bool matched = false;
      for (const auto& [ent, rep] : kEntities) {
        if (html.compare(i, std::char_traits<char>::length(ent), ent) == 0) {
          out += rep;
          i += std::char_traits<char>::length(ent);
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += html[i++];
  }
  // Collapse runs of spaces on each line.
  std::string collapsed;
  for (char c : out) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ' || collapsed.back() == '\n'))
      continue;
    collapsed += c;
  }
  return collapsed;
}

std::string strip_markdown(const std::string& md) {
  std::istringstream in(md);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) continue;
    size_t start = line.find_first_not_of("#>-*+ \t");
    if (start == std::string::npos) {
      out += '\n';
      continue;
    }
    std::string kept;
    for (size_t i = start; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '*' || c == '_' || c == '`') continue;
      if (c == '[') continue;
      if (c == ']' && i + 1 < line.size() && line[i + 1] == '(') {
        i = std::min(line.find(')', i), line.size() - 1);
        continue;
      }
      kept += c;
    }
    out += kept + '\n';
  }
  return out;
}

Result<std::string> pdf_text(const std::string& bytes, const std::string& name) {
  if (bytes.rfind("%PDF-", 0) != 0)
    return Error::invalid(name + ": not a PDF (missing %PDF- header)");
  std::vector<char> data(bytes.begin(), bytes.end());
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data.data(), int(data.size())));
  if (!doc) return Error::invalid(name + ": corrupt or unreadable PDF");
  if (doc->is_locked()) return Error::invalid(name + ": PDF is encrypted");
  std::string out;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    const auto utf8 = page->text().to_utf8();
    out.append(utf8.begin(), utf8.end());
    out += '\n';
  }
  return out;
}

Result<Document> load_document(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  Document doc{path, format_from_path(path), {}};
  const std::string raw = buf.str();
  switch (doc.format) {
    case Format::pdf: {
      auto text = pdf_text(raw, path);
      if (!text.ok()) return text.error();
      doc.text = std::move(*text);
      break;
    }
    case Format::html: doc.text = strip_html(raw); break;
    case Format::markdown: doc.text = strip_markdown(raw); break;
    case Format::text: doc.text = raw; break;
  }
  return doc;
}

}  // namespace finchat::documents
