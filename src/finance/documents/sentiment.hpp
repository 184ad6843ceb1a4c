#pragma once
// Section sentiment: an nlp classifier when one is trained/loaded, else a finance lexicon.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "nlp/classifier.hpp"

namespace finchat::documents {

struct SentimentScore {
  std::string label;  // positive, negative, neutral
  double confidence = 0;
  std::string method;  // "classifier" or "lexicon"
};

struct SectionSentiment {
  std::size_t section = 0;
  std::string text;
  SentimentScore score;
};

SentimentScore lexicon_sentiment(const std::string& text);

class SentimentAnalyzer {
 public:
  SentimentAnalyzer() = default;  // lexicon only
  explicit SentimentAnalyzer(nlp::Classifier classifier);
  // Trains on a TFNS-style JSONL (text after "Input:" in `context`, label `target`).
  static Result<SentimentAnalyzer> train_tfns(const std::string& path, std::size_t limit = 0);
  SentimentScore score(const std::string& text) const;
  // Splits text into paragraph sections (blank lines) and scores each.
  std::vector<SectionSentiment> sections(const std::string& text) const;
  bool has_classifier() const { return classifier_ != nullptr; }

 private:
  std::shared_ptr<nlp::Classifier> classifier_;
};

}  // namespace finchat::documents
