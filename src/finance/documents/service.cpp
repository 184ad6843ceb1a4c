#include "finance/documents/service.hpp"

#include <algorithm>

#include "finance/documents/figure_bullets.hpp"
#include "finance/documents/key_figures.hpp"
#include "finance/documents/sentences.hpp"
#include "finance/documents/summarize.hpp"

namespace finchat::documents {

namespace {

constexpr std::size_t kMaxKeyFigures = 12;

std::string join(const std::vector<std::string>& s, std::size_t begin, std::size_t end) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    if (!out.empty()) out += ' ';
    out += s[i];
  }
  return out;
}

bool has_letters(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isalpha(c) != 0; });
}

}  // namespace

std::optional<Format> format_from_content_type(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!t.empty() && t.back() == ' ') t.pop_back();
  if (t == "text/plain") return Format::text;
  if (t == "text/markdown" || t == "text/x-markdown") return Format::markdown;
  if (t == "text/html") return Format::html;
  if (t == "application/pdf") return Format::pdf;
  return std::nullopt;
}

const char* to_string(Format f) {
  switch (f) {
    case Format::text: return "text";
    case Format::markdown: return "markdown";
    case Format::html: return "html";
    case Format::pdf: return "pdf";
  }
  return "text";
}

Result<std::string> extract_text(const std::string& bytes, Format format, const std::string& name) {
  std::string text;
  switch (format) {
    case Format::pdf: {
      auto t = pdf_text(bytes, name);
      if (!t) return t.error();
      text = std::move(*t);
      break;
    }
    case Format::html: text = strip_html(bytes); break;
    case Format::markdown: text = strip_markdown(bytes); break;
    case Format::text: text = bytes; break;
  }
  if (!has_letters(text))
    return Error::invalid(name + ": no readable text in the document", "body");
  return text;
}

Result<std::size_t> summary_sentences(const std::string& length) {
  if (length.empty() || length == "medium") return std::size_t{6};
  if (length == "short") return std::size_t{3};
  if (length == "long") return std::size_t{12};
  return Error::invalid("length must be short, medium or long", "length");
}

nlohmann::json key_figure_json(const KeyFigure& k) {
  nlohmann::json j = {{"metric", k.metric},    {"value", k.value},
                      {"period", k.period},    {"direction", to_string(k.direction)},
                      {"change", k.change},    {"guidance", k.guidance},
                      {"sentence", k.sentence}};
  return j;
}

Result<StoredDocument> DocumentService::upload(const std::string& owner, const std::string& title,
                                               Format format, const std::string& bytes) {
  if (bytes.size() > options_.max_bytes) {
    return Error{ErrorKind::payload_too_large,
                 "document is larger than " + std::to_string(options_.max_bytes) + " bytes",
                 "body"};
  }
  auto text = extract_text(bytes, format, title.empty() ? "document" : title);
  if (!text) return text.error();
  auto doc = store_->create(owner, title, to_string(format), int64_t(bytes.size()), *text);
  if (!doc) return doc.error();
  // Sections of a fixed number of sentences: each is analysed and recorded as done, so a
  // long upload shows its progress.
  const auto sentences = split_sentences(*text);
  const std::size_t per = std::max<std::size_t>(options_.section_sentences, 1);
  const std::size_t total = std::max<std::size_t>((sentences.size() + per - 1) / per, 1);
  nlohmann::json sections = nlohmann::json::array();
  for (std::size_t s = 0; s < total; ++s) {
    const std::size_t begin = s * per, end = std::min(sentences.size(), begin + per);
    const std::string section_text = join(sentences, begin, end);
    const auto score = sentiment_.score(section_text);
    sections.push_back({{"section", s},
                        {"first_sentence", begin},
                        {"sentences", end - begin},
                        {"sentiment", score.label},
                        {"confidence", score.confidence},
                        {"method", score.method}});
    if (auto st = store_->set_progress(doc->id, int64_t(s + 1), int64_t(total), "processing");
        !st) {
      return st.error();
    }
  }
  nlohmann::json analysis = {{"sentences", sentences.size()}, {"sections", sections}};
  if (auto st = store_->set_analysis(doc->id, analysis, "ready"); !st) return st.error();
  return store_->get(owner, doc->id);
}

Result<nlohmann::json> DocumentService::summary(const StoredDocument& doc,
                                                const std::string& length,
                                                const std::string& company) const {
  auto k = summary_sentences(length);
  if (!k) return k.error();
  // Sentences chosen by key-point salience: whole (quotable) under `sentences`, and cut to the
  // clauses that carry their figures under `key_points`. One ranking serves both.
  SummaryOptions options = key_point_options();
  options.sentences = *k;
  const auto text_sentences = split_sentences(doc.text);
  const auto points = summarize_sentences(text_sentences, options);
  nlohmann::json sentences = nlohmann::json::array();
  nlohmann::json key_points = nlohmann::json::array();
  for (const auto& s : points.sentences) {
    sentences.push_back({{"index", s.index}, {"text", s.source}, {"score", s.score}});
    key_points.push_back({{"index", s.index}, {"text", s.text}, {"source", s.source}});
  }
  // Telegraphic key-figure bullets ("q1 revenue rose 9.4 percent to $356.8 million"), with
  // every number copied from `source`.
  nlohmann::json bullets = nlohmann::json::array();
  const auto chosen = figure_bullets(text_sentences, figure_summary_options().max_figure_bullets);
  for (const auto& b : chosen) {
    bullets.push_back({{"index", b.index}, {"text", b.text}, {"source", b.source}});
  }
  nlohmann::json headline_json = nullptr;
  if (!company.empty()) {
    if (const auto h = headline(chosen, company); !h.text.empty()) {
      headline_json = {{"index", h.index}, {"text", h.text}, {"source", h.source}};
    }
  }
  nlohmann::json figures = nlohmann::json::array();
  for (const auto& f : extract_key_figures(text_sentences)) {
    if (figures.size() >= kMaxKeyFigures) break;
    // Loosely attached figures ("EPS of approximately $36.11 million") would mislead a reader.
    if (!plausible_figure(f)) continue;
    figures.push_back(key_figure_json(f));
  }
  return nlohmann::json{
      {"document", to_json(doc)},
      {"length", length.empty() ? "medium" : length},
      {"sentences", sentences},
      {"key_points", key_points},
      {"headline", headline_json},
      {"figure_bullets", bullets},
      {"key_figures", figures},
      {"sections", doc.analysis.value("sections", nlohmann::json::array())},
      {"method",
       "extractive (sentences copied from the document; key points keep only "
       "their clauses, words never added; figure_bullets are rendered from figures copied as "
       "written)"}};
}

}  // namespace finchat::documents
