#include "retrieval/document.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace finchat::retrieval {
namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

std::string slugify(std::string_view heading) {
  std::string slug;
  for (char c : heading) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      slug.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "section" : slug;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t nl = text.find('\n', start);
    const size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

struct FrontMatter {
  std::map<std::string, std::string> fields;
  size_t body_line = 0;  // first line after the closing ---
};

std::string yaml_scalar_or_list(const YAML::Node& node) {
  if (node.IsSequence()) {
    std::string joined;
    for (const auto& item : node) {
      if (!joined.empty()) joined += ", ";
      joined += item.as<std::string>();
    }
    return joined;
  }
  return node.IsScalar() ? node.as<std::string>() : std::string();
}

Result<FrontMatter> check_required(FrontMatter fm, std::string_view source) {
  for (const char* required : {"id", "title"}) {
    if (fm.fields[required].empty()) {
      return Error::invalid(std::string(source) + ": front matter lacks '" + required + "'",
                            required);
    }
  }
  return fm;
}

// Fallback for front matter that is not strict YAML but is plainly "key: value" lines, e.g. an
// unquoted title containing ": ". Lists in [a, b] form are joined with ", ".
bool parse_lenient(const std::vector<std::string_view>& lines, size_t close, FrontMatter& fm) {
  for (size_t i = 1; i < close; ++i) {
    const std::string line = trim(lines[i]);
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    std::string value = trim(std::string_view(line).substr(colon + 1));
    if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
      std::string joined;
      std::string_view inner = std::string_view(value).substr(1, value.size() - 2);
      size_t start = 0;
      while (start <= inner.size()) {
        size_t comma = inner.find(',', start);
        if (comma == std::string_view::npos) comma = inner.size();
        const std::string item = trim(inner.substr(start, comma - start));
        if (item.empty()) {
          start = comma + 1;
          continue;
        }
        if (!joined.empty()) joined += ", ";
        joined += item;
        start = comma + 1;
      }
      value = joined;
    } else if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
               value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    fm.fields[trim(std::string_view(line).substr(0, colon))] = value;
  }
  return true;
}

Result<FrontMatter> parse_front_matter(const std::vector<std::string_view>& lines,
                                       std::string_view source) {
  if (lines.empty() || trim(lines[0]) != "---") {
    return Error::invalid(std::string(source) + ":1: missing YAML front matter ('---')",
                          "front_matter");
  }
  size_t close = 1;
  while (close < lines.size() && trim(lines[close]) != "---") ++close;
  if (close == lines.size()) {
    return Error::invalid(std::string(source) + ": front matter is not closed by '---'",
                          "front_matter");
  }
  std::string yaml_text;
  for (size_t i = 1; i < close; ++i) yaml_text.append(lines[i]).push_back('\n');
  FrontMatter fm;
  fm.body_line = close + 1;
  try {
    const YAML::Node root = YAML::Load(yaml_text);
    if (!root.IsMap()) {
      return Error::invalid(std::string(source) + ": front matter is not a mapping",
                            "front_matter");
    }
    for (const auto& kv : root)
      fm.fields[kv.first.as<std::string>()] = yaml_scalar_or_list(kv.second);
  } catch (const YAML::Exception& e) {
    fm.fields.clear();
    if (parse_lenient(lines, close, fm)) return check_required(std::move(fm), source);
    return Error::invalid(std::string(source) + ":" + std::to_string(e.mark.line + 2) +
                              ": bad front matter: " + e.msg,
                          "front_matter");
  }
  return check_required(std::move(fm), source);
}

// Heading level (2 or 3) of a "## " / "### " line, or 0.
int heading_level(std::string_view line) {
  if (line.starts_with("### ")) return 3;
  if (line.starts_with("## ")) return 2;
  return 0;
}

class SectionBuilder {
 public:
  SectionBuilder(const FrontMatter& fm, std::string_view source) : fm_(fm), source_(source) {}

  void heading(int level, std::string text) {
    flush();
    if (level == 2) path_.clear();
    if (level == 3 && path_.size() > 1) path_.resize(1);
    path_.push_back(std::move(text));
  }
  void line(std::string_view text) {
    body_.append(text);
    body_.push_back('\n');
  }
  std::vector<Chunk> finish() {
    flush();
    return std::move(chunks_);
  }

 private:
  void flush() {
    std::string body = trim(body_);
    body_.clear();
    if (body.empty()) return;
    Chunk c;
    c.doc_id = fm_.fields.at("id");
    c.title = fm_.fields.at("title");
    c.heading_path = path_;
    std::string slug = path_.empty() ? "intro" : slugify(path_.back());
    c.id = c.doc_id + "#" + slug;
    // Repeated headings get a counter so ids stay unique.
    if (int n = ++seen_[c.id]; n > 1) {
      c.id.push_back('-');
      c.id.append(std::to_string(n));
    }
    c.text = std::move(body);
    c.kind = ChunkKind::article_section;
    for (const auto& [k, v] : fm_.fields) {
      if (k != "id" && k != "title") c.metadata[k] = v;
    }
    c.metadata["source"] = std::string(source_);
    chunks_.push_back(std::move(c));
  }

  const FrontMatter& fm_;
  std::string_view source_;
  std::vector<std::string> path_;
  std::string body_;
  std::map<std::string, int> seen_;
  std::vector<Chunk> chunks_;
};

std::string line_prefix(std::string_view source, size_t line) {
  return std::string(source) + ":" + std::to_string(line) + ": ";
}

}  // namespace

const char* to_string(ChunkKind kind) { return kind == ChunkKind::faq ? "faq" : "article_section"; }

Result<std::vector<Chunk>> parse_markdown_article(std::string_view content,
                                                  std::string_view source) {
  const auto lines = split_lines(content);
  auto fm = parse_front_matter(lines, source);
  if (!fm) return fm.error();
  SectionBuilder builder(*fm, source);
  bool in_code = false;
  for (size_t i = fm->body_line; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.starts_with("```")) in_code = !in_code;
    if (!in_code && line.starts_with("# ")) continue;  // the H1 repeats the title
    if (const int level = in_code ? 0 : heading_level(line); level > 0) {
      builder.heading(level, trim(line.substr(static_cast<size_t>(level) + 1)));
    } else {
      builder.line(line);
    }
  }
  auto chunks = builder.finish();
  if (chunks.empty()) {
    return Error::invalid(std::string(source) + ": article has no text", "body");
  }
  return chunks;
}

Result<std::vector<Chunk>> parse_faq_jsonl(std::string_view content, std::string_view source) {
  std::vector<Chunk> chunks;
  const auto lines = split_lines(content);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    const auto j = nlohmann::json::parse(lines[i], nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Error::invalid(line_prefix(source, i + 1) + "not a JSON object");
    }
    Chunk c;
    c.kind = ChunkKind::faq;
    for (const char* key : {"id", "question", "answer"}) {
      if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty()) {
        return Error::invalid(line_prefix(source, i + 1) + "missing string field '" + key + "'",
                              key);
      }
    }
    c.id = c.doc_id = j["id"].get<std::string>();
    c.title = j["question"].get<std::string>();
    c.text = j["answer"].get<std::string>();
    if (j.contains("paraphrases")) {
      if (!j["paraphrases"].is_array()) {
        return Error::invalid(line_prefix(source, i + 1) + "'paraphrases' must be an array",
                              "paraphrases");
      }
      for (const auto& p : j["paraphrases"]) {
        if (!p.is_string()) {
          return Error::invalid(line_prefix(source, i + 1) + "paraphrase is not a string",
                                "paraphrases");
        }
        c.paraphrases.push_back(p.get<std::string>());
      }
    }
    if (j.contains("article_id") && j["article_id"].is_string()) {
      c.metadata["article_id"] = j["article_id"].get<std::string>();
    }
    c.metadata["source"] = std::string(source);
    chunks.push_back(std::move(c));
  }
  return chunks;
}

Result<std::vector<LabelledQuery>> parse_labelled_queries(std::string_view content,
                                                          std::string_view source) {
  std::vector<LabelledQuery> out;
  const auto lines = split_lines(content);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    const auto j = nlohmann::json::parse(lines[i], nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("faq_id") || !j["faq_id"].is_string() ||
        !j.contains("text") || !j["text"].is_string()) {
      return Error::invalid(line_prefix(source, i + 1) + "expected {\"faq_id\",\"text\"}");
    }
    out.push_back({j["faq_id"].get<std::string>(), j["text"].get<std::string>()});
  }
  return out;
}

Result<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::vector<Chunk>> load_chunks_from_file(const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  if (path.extension() == ".md") return parse_markdown_article(*text, path.string());
  if (path.extension() == ".jsonl") return parse_faq_jsonl(*text, path.string());
  return Error::invalid("unsupported file type: " + path.string(), "path");
}

bool is_article_file(const std::filesystem::path& path) {
  if (path.extension() != ".md") return false;
  const std::string name = path.filename().string();
  return name != "README.md" && name != "readme.md" && name.front() != '.';
}

Result<std::vector<Chunk>> load_articles(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Error::not_found("not a directory: " + dir.string());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && is_article_file(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Chunk> all;
  for (const auto& f : files) {
    auto chunks = load_chunks_from_file(f);
    if (!chunks) return chunks.error();
    std::move(chunks->begin(), chunks->end(), std::back_inserter(all));
  }
  return all;
}

Result<std::vector<Chunk>> load_faq_file(const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_faq_jsonl(*text, path.string());
}

Result<std::vector<LabelledQuery>> load_labelled_queries(const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_labelled_queries(*text, path.string());
}

}  // namespace finchat::retrieval
