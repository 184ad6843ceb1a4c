#pragma once
// Fitting the hybrid pipeline on training data only: encoder (contrastive), reranker (logistic
// regression) and confidence calibration (Platt), the latter two on out-of-fold candidates so
// that a training paraphrase is never retrieved by matching itself.
#include <memory>
#include <vector>

#include "retrieval/faq_intent.hpp"
#include "retrieval/hybrid.hpp"

namespace finchat::retrieval {

struct LogisticModel {
  std::vector<double> weights;
  double bias = 0;
};
// L2-regularised logistic regression by Newton's method. Weights whose index is in
// `non_negative` are clamped at 0 (and the rest refit).
LogisticModel fit_logistic(const std::vector<std::vector<double>>& x, const std::vector<int>& y,
                           double l2 = 1e-3, const std::vector<size_t>& non_negative = {});

struct FitConfig {
  EncoderConfig encoder;
  TrainConfig train;
  Bm25Params bm25;
  IntentConfig intent;
  uint32_t folds = 4;
  // Worker threads for the per-fold fits (each fold is independent); 0: hardware concurrency.
  // Results do not depend on it.
  uint32_t threads = 0;
  bool lsa_init = false;  // start the encoder from an LSA basis instead of a random projection
  SearchOptions search{.k = 5, .candidates = 50, .rerank_depth = 20, .kind = ChunkKind::faq};
};

struct MethodScoresCv {
  Method method = Method::bm25;
  size_t queries = 0;
  double recall_at_1 = 0;
  double recall_at_5 = 0;
};

struct FitReport {
  size_t training_queries = 0;  // out-of-fold paraphrase queries used for the reranker
  double oof_rrf_recall_at_1 = 0;
  double oof_hybrid_recall_at_1 = 0;
  double last_train_loss = 0;
};

struct FittedModels {
  std::shared_ptr<const Encoder> encoder;
  std::shared_ptr<const nlp::Classifier> intent;  // null when disabled
  RerankModel rerank;
  Calibration calibration;
  FitReport report;
};

// Out-of-fold scores on the training paraphrases (each fold's paraphrases removed from the
// index and used as queries). With with_encoder false, dense scores are empty.
std::vector<MethodScoresCv> cross_validate(const std::vector<Chunk>& chunks,
                                           const FitConfig& config, bool with_encoder);

std::shared_ptr<Encoder> train_encoder(const std::vector<Chunk>& chunks, const FitConfig& config,
                                       double* last_loss = nullptr);
FittedModels fit_models(const std::vector<Chunk>& chunks, const FitConfig& config = {});
// Builds a retriever over the chunks with the fitted models attached.
std::unique_ptr<Retriever> make_retriever(std::vector<Chunk> chunks, const FittedModels& models,
                                          const Bm25Params& bm25 = {});

}  // namespace finchat::retrieval
