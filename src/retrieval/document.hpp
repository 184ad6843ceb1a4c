#pragma once
// Retrievable units: article sections (chunked by ## / ### headings) and FAQ entries.
// Chunk text is kept verbatim: it is data shown to the user or quoted to a model, never
// interpreted as instructions (see README, "prompt-injection hygiene").
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace finchat::retrieval {

enum class ChunkKind { article_section, faq };
const char* to_string(ChunkKind kind);

struct Chunk {
  std::string id;                         // unique: "<doc_id>#<heading-slug>" or the FAQ id
  std::string doc_id;                     // article id or FAQ id
  std::string title;                      // article title or FAQ question
  std::vector<std::string> heading_path;  // e.g. {"Forgot your PIN"}; empty for the lead
  std::string text;                       // section body or FAQ answer, verbatim
  ChunkKind kind = ChunkKind::article_section;
  std::vector<std::string> paraphrases;         // FAQ only: alternative phrasings of the question
  std::map<std::string, std::string> metadata;  // product, tags, updated, article_id, source
};

// Parses one Markdown article with YAML front matter (id, title required; product, tags,
// updated optional). `source` names the file in errors and metadata.
Result<std::vector<Chunk>> parse_markdown_article(std::string_view content,
                                                  std::string_view source);
// Parses FAQ JSON lines: {"id","question","answer","article_id"?,"paraphrases"?:[...]}.
Result<std::vector<Chunk>> parse_faq_jsonl(std::string_view content, std::string_view source);

struct LabelledQuery {
  std::string faq_id;
  std::string text;
};
// Held-out (or any labelled) queries: {"faq_id","text"} per line.
Result<std::vector<LabelledQuery>> parse_labelled_queries(std::string_view content,
                                                          std::string_view source);

Result<std::string> read_text_file(const std::filesystem::path& path);
// Dispatches on extension: .md -> article, .jsonl -> FAQ.
Result<std::vector<Chunk>> load_chunks_from_file(const std::filesystem::path& path);
// *.md except README.md and hidden files.
bool is_article_file(const std::filesystem::path& path);
// All article files under dir (recursive), sorted by path.
Result<std::vector<Chunk>> load_articles(const std::filesystem::path& dir);
Result<std::vector<Chunk>> load_faq_file(const std::filesystem::path& path);
Result<std::vector<LabelledQuery>> load_labelled_queries(const std::filesystem::path& path);

}  // namespace finchat::retrieval
