#pragma once
// Okapi BM25 over an inverted index with field weighting (BM25F-style: each field's term
// frequency and length are multiplied by its weight before the usual BM25 saturation).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "retrieval/analyzer.hpp"

namespace finchat::retrieval {

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
  double title_weight = 3.0;  // article title + heading path, or FAQ question
  // Field weights chosen by cross-validation on the training paraphrases. alt: 0.5 was best
  // with 3 paraphrases per FAQ; with ~9 the out-of-fold reranked recall@1 was 0.751 (0.5),
  // 0.755 (1.0), 0.756 (2.0), so 2.0.
  double alt_weight = 2.0;      // FAQ paraphrases, article tags
  double body_weight = 0.5;     // section text or FAQ answer
  double context_weight = 0.4;  // FAQ only: the article section its answer comes from
};

// The texts of one document, by field.
struct FieldTexts {
  std::string title;
  std::string alt;
  std::string body;
  std::string context;
};

struct ScoredDoc {
  uint32_t doc = 0;  // the caller's id
  double score = 0;
};

class Bm25Index {
 public:
  explicit Bm25Index(Bm25Params params = {}, AnalyzerOptions analyzer = {});

  // Adds (or replaces) the document with the caller's id.
  void add(uint32_t doc, const FieldTexts& fields);
  // Returns false when the id is unknown.
  bool remove(uint32_t doc);

  using Filter = std::function<bool(uint32_t doc)>;
  // Best k documents by score (ties broken by smaller id); documents with score 0 are omitted.
  std::vector<ScoredDoc> search(std::string_view query, size_t k, const Filter& filter = {}) const;
  // Score of one document (0 when unknown or no term matches).
  double score(std::string_view query, uint32_t doc) const;

  size_t size() const { return live_docs_; }
  double average_length() const { return live_docs_ ? total_length_ / live_docs_ : 0.0; }
  // Inverse document frequency used for a term that occurs in n of N documents.
  static double idf(size_t n, size_t total);
  const Bm25Params& params() const { return params_; }

 private:
  struct Posting {
    uint32_t slot;
    float tf;  // field-weighted term frequency
  };
  struct Slot {
    uint32_t doc = 0;
    float length = 0;  // field-weighted length
    bool live = false;
    std::vector<uint32_t> terms;  // term ids present, sorted (removal and direct scoring)
    std::vector<float> tfs;       // field-weighted tf, parallel to terms
  };

  std::vector<uint32_t> query_terms(std::string_view query) const;
  double term_weight(float tf, float length) const;

  Bm25Params params_;
  AnalyzerOptions analyzer_;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<std::vector<Posting>> postings_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  std::unordered_map<uint32_t, uint32_t> slot_of_doc_;
  size_t live_docs_ = 0;
  double total_length_ = 0;
};

}  // namespace finchat::retrieval
