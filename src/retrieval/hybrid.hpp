#pragma once
// Hybrid retrieval: BM25 and dense rankings fused by reciprocal rank fusion, reranked by a small
// linear model, with a calibrated confidence for the answer / clarify / escalate decision.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/classifier.hpp"
#include "retrieval/bm25.hpp"
#include "retrieval/dense_index.hpp"
#include "retrieval/document.hpp"
#include "retrieval/encoder.hpp"

namespace finchat::retrieval {

// 1 / (k + rank) summed over the lists that contain the item; rank starts at 1.
double rrf_term(size_t rank_one_based, double k = 60.0);
// Fuses rankings of ids (best first) into one (best first, ties by smaller id).
std::vector<ScoredId> reciprocal_rank_fusion(const std::vector<std::vector<uint32_t>>& rankings,
                                             double k = 60.0);

inline constexpr size_t kRerankFeatures = 12;
using RerankFeatures = std::array<double, kRerankFeatures>;
const std::array<const char*, kRerankFeatures>& rerank_feature_names();

// Linear model over RerankFeatures; the output is a logit of "this candidate is the answer".
struct RerankModel {
  RerankFeatures weights{};
  double bias = 0;
  bool fitted = false;
  double logit(const RerankFeatures& f) const;
};

// Platt-style calibration of the top hit: P(correct) = sigmoid(a * top + b * margin + c), where
// top is the top rerank logit and margin its lead over the second. a, b >= 0 keeps confidence
// monotonic in both.
struct Calibration {
  double a = 1.0;
  double b = 0.0;
  double c = 0.0;
  double confidence(double top_logit, double margin) const;
};

// intent: the FAQ intent classifier alone (faq_intent.hpp); rrf fuses bm25, dense and intent.
enum class Method { bm25, dense, intent, rrf, hybrid };
const char* to_string(Method method);

struct Hit {
  uint32_t chunk = 0;
  double bm25 = 0;   // 0 when BM25 did not match
  double dense = 0;  // best cosine
  double rrf = 0;
  double intent = 0;  // intent classifier probability (0 without one)
  double score = 0;   // the ranking score of the method used
};

struct SearchResponse {
  std::vector<Hit> hits;  // best first
  double confidence = 0;  // calibrated P(top hit answers the query), in [0, 1]
};

struct SearchOptions {
  size_t k = 5;
  size_t candidates = 50;  // per list before fusion
  size_t rerank_depth = 20;
  std::optional<ChunkKind> kind;  // restrict to FAQs or article sections
};

class Retriever {
 public:
  Retriever(std::vector<Chunk> chunks, std::shared_ptr<const Encoder> encoder,
            Bm25Params bm25 = {});

  std::vector<Hit> rank(std::string_view query, Method method, const SearchOptions& options) const;
  // Hybrid ranking with confidence.
  SearchResponse search(std::string_view query, const SearchOptions& options = {}) const;

  // Candidates after fusion with their rerank features (for fitting the reranker).
  std::vector<std::pair<Hit, RerankFeatures>> candidates(std::string_view query,
                                                         const SearchOptions& options) const;

  // Attaches the FAQ intent classifier (labels are FAQ doc ids); null detaches it.
  void set_intent(std::shared_ptr<const nlp::Classifier> intent);
  bool has_intent() const { return intent_ != nullptr; }

  void set_models(RerankModel rerank, Calibration calibration) {
    rerank_ = rerank;
    calibration_ = calibration;
  }
  const RerankModel& rerank_model() const { return rerank_; }
  const Calibration& calibration() const { return calibration_; }
  const std::vector<Chunk>& chunks() const { return chunks_; }
  const Chunk& chunk(uint32_t id) const { return chunks_[id]; }

 private:
  struct Terms {
    std::vector<std::string> title;
    std::vector<std::vector<std::string>> paraphrases;
  };

  std::string linked_section_text(const Chunk& faq, const std::vector<uint32_t>& sections) const;
  // FAQ chunks by intent probability, best first (at most k); empty without a classifier.
  std::vector<ScoredId> intent_ranking(std::string_view query, size_t k,
                                       std::vector<float>* by_chunk) const;
  std::vector<Hit> ranked_hybrid(std::string_view query, const SearchOptions& options,
                                 std::vector<RerankFeatures>* features) const;

  static constexpr uint32_t kNoChunk = 0xffffffffu;

  std::vector<Chunk> chunks_;
  std::vector<Terms> terms_;
  std::shared_ptr<const Encoder> encoder_;
  Bm25Index bm25_;
  DenseIndex dense_;
  std::shared_ptr<const nlp::Classifier> intent_;
  std::vector<uint32_t> intent_chunk_;  // classifier label index -> chunk id (or kNoChunk)
  RerankModel rerank_;
  Calibration calibration_;
};

// The texts that represent a chunk: BM25 fields and the dense keys (each key is one vector).
FieldTexts bm25_fields(const Chunk& chunk);
std::vector<std::string> dense_keys(const Chunk& chunk);
// Groups of same-meaning texts for contrastive training.
std::vector<std::vector<std::string>> training_groups(const std::vector<Chunk>& chunks);

enum class Decision { answer, clarify, escalate };
const char* to_string(Decision decision);
struct DecisionThresholds {
  double answer = 0.6;   // confidence at or above: answer with the top hit
  double clarify = 0.3;  // at or above (but below answer): ask a clarifying question
};
Decision decide(double confidence, const DecisionThresholds& thresholds = {});

}  // namespace finchat::retrieval
