#pragma once
// Upload processing and summaries for stored documents: text extraction by format, then the
// text is analysed section by section (sentiment, key figures) with progress recorded, and
// summaries (extractive sentences + key figures + section sentiment) are built on request.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "finance/documents/document_store.hpp"
#include "finance/documents/key_figures.hpp"
#include "finance/documents/loader.hpp"
#include "finance/documents/sentiment.hpp"

namespace finchat::documents {

struct ServiceOptions {
  std::size_t max_bytes = 5 * 1024 * 1024;  // upload limit (raw bytes)
  std::size_t section_sentences = 40;       // sentences per processing section
};

// "text", "markdown", "html", "pdf" from a content type (parameters ignored); nullopt if none.
std::optional<Format> format_from_content_type(const std::string& content_type);
const char* to_string(Format f);
// Plain text of an upload; errors name the upload.
Result<std::string> extract_text(const std::string& bytes, Format format, const std::string& name);

// short = 3 sentences, medium = 6, long = 12; anything else is invalid (field "length").
Result<std::size_t> summary_sentences(const std::string& length);

class DocumentService {
 public:
  DocumentService(std::shared_ptr<DocumentStore> store, ServiceOptions options = {},
                  SentimentAnalyzer sentiment = {})
      : store_(std::move(store)), options_(options), sentiment_(std::move(sentiment)) {}

  Result<StoredDocument> upload(const std::string& owner, const std::string& title, Format format,
                                const std::string& bytes);
  // {"document", "length", "sentences", "key_figures", "sections"} for one stored document.
  // `company` (optional) names the subject of the headline ("ACME reports q3 adjusted earnings
  // per share of $3.21"); without it the summary has no headline.
  Result<nlohmann::json> summary(const StoredDocument& doc, const std::string& length,
                                 const std::string& company = {}) const;
  DocumentStore& store() { return *store_; }
  const ServiceOptions& options() const { return options_; }

 private:
  std::shared_ptr<DocumentStore> store_;
  ServiceOptions options_;
  SentimentAnalyzer sentiment_;
};

nlohmann::json key_figure_json(const KeyFigure& k);

}  // namespace finchat::documents
