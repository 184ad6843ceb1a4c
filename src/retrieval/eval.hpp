#pragma once
// FAQ retrieval evaluation: recall@1, recall@5 and MRR@10 of held-out paraphrases, per method.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "retrieval/fit.hpp"

namespace finchat::retrieval {

struct MethodScores {
  Method method = Method::hybrid;
  size_t queries = 0;
  double recall_at_1 = 0;
  double recall_at_5 = 0;
  double mrr = 0;  // MRR@10
};

// Ranks FAQ chunks for each query; a hit is the FAQ whose id equals the query's faq_id.
std::vector<MethodScores> evaluate(const Retriever& retriever,
                                   const std::vector<LabelledQuery>& queries,
                                   const std::vector<Method>& methods = {
                                       Method::bm25, Method::dense, Method::intent, Method::rrf,
                                       Method::hybrid});

// Validation split of the training data, for tuning without touching the held-out file:
// moves `per_faq` paraphrases of each FAQ (a deterministic, position-rotating choice) out of
// the chunks and returns them as labelled queries.
std::vector<LabelledQuery> split_validation(std::vector<Chunk>& chunks, size_t per_faq = 2);

struct FaqEvalPaths {
  std::filesystem::path kb = "data/kb";
  std::filesystem::path faq = "data/faq/faq.jsonl";
  std::filesystem::path heldout = "data/faq/heldout_paraphrases.jsonl";
  std::string cache;  // fitted-model cache directory (fit_cache.hpp); empty: always fit
  // When true, evaluate on split_validation() of the training paraphrases instead of the
  // held-out file (which is then not read at all): use this for every tuning decision.
  bool validate = false;
};

struct FaqEvalResult {
  std::vector<MethodScores> scores;
  FitReport fit;
  size_t article_chunks = 0;
  size_t faqs = 0;
  size_t training_paraphrases = 0;
  size_t heldout_queries = 0;
  bool validation = false;   // queries came from split_validation(), not the held-out file
  size_t heldout_leaks = 0;  // held-out texts also present verbatim in training data
  double fit_seconds = 0;    // fitting, or loading the cached models
  bool from_cache = false;
  double index_seconds = 0;  // building the BM25 and dense indexes over all chunks
};

// Loads the KB, FAQ and held-out files, fits all models on training data and evaluates.
Result<FaqEvalResult> run_faq_eval(const FaqEvalPaths& paths, const FitConfig& config = {});
void print_faq_eval(const FaqEvalResult& result, std::ostream& out);

// CLI: "eval faq [--kb DIR] [--faq FILE] [--heldout FILE] [--folds N] [--epochs N] [--cache DIR]"
// and "ingest kb DIR [--index PATH]". Returns a process exit code.
int run_retrieval_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace finchat::retrieval
