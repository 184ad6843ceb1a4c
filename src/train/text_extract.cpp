#include "train/text_extract.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#ifdef FINCHAT_HAVE_POPPLER
#include <poppler-document.h>
#include <poppler-page.h>
#endif

namespace finchat::train {

namespace {
std::string lower_ext(const std::string& path) {
  std::string e = std::filesystem::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

Error bad(const std::string& path, const std::string& why) {
  return Error::invalid(path + ": " + why, "file");
}

std::string join_columns(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    s += (s.empty() ? "" : "\n") + p;
  }
  return s;
}

Result<std::vector<Document>> from_csv(const std::string& path, const std::string& text,
                                       const ExtractOptions& opt) {
  auto rows = parse_csv(text);
  if (rows.empty()) return bad(path, "empty CSV");
  std::vector<int> idx;
  for (const auto& c : opt.columns) {
    auto it = std::find(rows[0].begin(), rows[0].end(), c);
    if (it != rows[0].end()) idx.push_back(static_cast<int>(it - rows[0].begin()));
  }
  if (idx.empty()) return bad(path, "none of the text columns found in the CSV header");
  std::vector<Document> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    std::vector<std::string> parts;
    for (int i : idx) {
      if (i < static_cast<int>(rows[r].size())) parts.push_back(rows[r][i]);
    }
    out.push_back({path + ":" + std::to_string(r + 1), join_columns(parts)});
  }
  return out;
}

Result<std::vector<Document>> from_jsonl(const std::string& path, const std::string& text,
                                         const ExtractOptions& opt) {
  std::vector<Document> out;
  std::istringstream in(text);
  std::string line;
  int n = 0, bad_lines = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      ++bad_lines;
      continue;
    }
    std::vector<std::string> parts;
    for (const auto& c : opt.columns) {
      if (j.contains(c) && j[c].is_string()) parts.push_back(j[c].get<std::string>());
    }
    out.push_back({path + ":" + std::to_string(n), join_columns(parts)});
  }
  if (out.empty()) return bad(path, bad_lines ? "no valid JSON lines" : "no records");
  return out;
}

Result<std::string> read_pdf(const std::string& path) {
#ifdef FINCHAT_HAVE_POPPLER
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc || doc->is_locked()) return bad(path, "unreadable or encrypted PDF");
  std::string text;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    if (!p) continue;
    auto bytes = p->text().to_utf8();
    text.append(bytes.begin(), bytes.end());
    text += "\n";
  }
  return text;
#else
  return bad(path, "PDF support not built (poppler-cpp missing)");
#endif
}
}  // namespace

std::string file_kind(const std::string& path) {
  const std::string e = lower_ext(path);
  if (e == ".txt" || e == ".text") return "txt";
  if (e == ".md" || e == ".markdown") return "md";
  if (e == ".html" || e == ".htm") return "html";
  if (e == ".pdf") return "pdf";
  if (e == ".csv") return "csv";
  if (e == ".jsonl" || e == ".ndjson") return "jsonl";
  return "";
}

bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (int k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

bool looks_binary(const std::string& b) {
  const size_t n = std::min<size_t>(b.size(), 8192);
  size_t ctrl = 0;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = b[i];
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++ctrl;
  }
  return n > 0 && ctrl * 20 > n;  // more than 5% control bytes
}

std::string strip_html(const std::string& html) {
  std::string out;
  size_t i = 0;
  auto lower_at = [&](size_t p, const char* word) {
    for (size_t k = 0; word[k]; ++k) {
      if (p + k >= html.size() ||
          std::tolower(static_cast<unsigned char>(html[p + k])) != word[k]) {
        return false;
      }
    }
    return true;
  };
  while (i < html.size()) {
    if (html[i] == '<') {
      for (const char* skip : {"script", "style"}) {
        if (lower_at(i + 1, skip)) {  // drop the element's content too
          auto end = html.find(std::string("</") + skip, i);
          i = end == std::string::npos ? html.size() : end;
          break;
        }
      }
      const bool block = lower_at(i + 1, "p") || lower_at(i + 1, "br") || lower_at(i + 1, "div") ||
                         lower_at(i + 1, "li") || lower_at(i + 1, "h") || lower_at(i + 1, "/p") ||
                         lower_at(i + 1, "tr");
      auto end = html.find('>', i);
      i = end == std::string::npos ? html.size() : end + 1;
      out += block ? '\n' : ' ';
      continue;
    }
    if (html[i] == '&') {
      static const std::pair<const char*, const char*> ents[] = {
          {"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
          {"&#39;", "'"}, {"&nbsp;", " "}, {"&apos;", "'"}};
      bool hit = false;
      for (const auto& [e, r] : ents) {
        if (html.compare(i, std::strlen(e), e) == 0) {
          out += r;
          i += std::strlen(e);
          hit = true;
          break;
        }
      }
      if (hit) continue;
    }
    out += html[i++];
  }
  return out;
}

std::string strip_markdown(const std::string& md) {
  std::istringstream in(md);
  std::string line, out;
  bool front = false;
  int n = 0;
  while (std::getline(in, line)) {
    if (line == "---" && (n == 0 || front)) {  // YAML front matter
      front = !front;
      ++n;
      continue;
    }
    ++n;
    if (front) continue;
    size_t h = 0;
    while (h < line.size() && line[h] == '#') ++h;
    if (h && h < line.size() && line[h] == ' ') line = line.substr(h + 1);
    std::string clean;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '*' || line[i] == '`') continue;
      if (line[i] == '[') {  // [text](url) -> text
        auto close = line.find("](", i);
        auto end = close == std::string::npos ? std::string::npos : line.find(')', close);
        if (end != std::string::npos) {
          clean += line.substr(i + 1, close - i - 1);
          i = end;
          continue;
        }
      }
      clean += line[i];
    }
    out += clean + "\n";
  }
  return out;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty() || !rows.back().empty()) rows.back().push_back(field);
  while (!rows.empty() &&
         (rows.back().empty() || (rows.back().size() == 1 && rows.back()[0].empty()))) {
    rows.pop_back();
  }
  return rows;
}

Result<std::vector<Document>> extract_documents(const std::string& path,
                                                const ExtractOptions& opt) {
  const std::string kind = file_kind(path);
  if (kind.empty()) return bad(path, "unsupported file type");
  std::string text;
  if (kind == "pdf") {
    auto t = read_pdf(path);
    if (!t) return t.error();
    text = std::move(t).value();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return bad(path, "cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    if (looks_binary(text)) return bad(path, "binary content");
  }
  if (!valid_utf8(text)) return bad(path, "invalid UTF-8 encoding");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return bad(path, "empty");
  if (kind == "csv") return from_csv(path, text, opt);
  if (kind == "jsonl") return from_jsonl(path, text, opt);
  if (kind == "html") text = strip_html(text);
  if (kind == "md") text = strip_markdown(text);
  return std::vector<Document>{{path, text}};
}

}  // namespace finchat::train
