#include "retrieval/eval.hpp"

#include "retrieval/fit_cache.hpp"

#include <chrono>
#include <cstdio>
#include <set>

namespace finchat::retrieval {

std::vector<MethodScores> evaluate(const Retriever& retriever,
                                   const std::vector<LabelledQuery>& queries,
                                   const std::vector<Method>& methods) {
  std::vector<MethodScores> rows;
  SearchOptions options;
  options.k = 10;
  options.kind = ChunkKind::faq;
  for (Method m : methods) {
    MethodScores s;
    s.method = m;
    for (const auto& q : queries) {
      const auto hits = retriever.rank(q.text, m, options);
      for (size_t r = 0; r < hits.size(); ++r) {
        if (retriever.chunk(hits[r].chunk).doc_id != q.faq_id) continue;
        s.recall_at_1 += r == 0 ? 1 : 0;
        s.recall_at_5 += r < 5 ? 1 : 0;
        s.mrr += 1.0 / static_cast<double>(r + 1);
        break;
      }
    }
    s.queries = queries.size();
    if (!queries.empty()) {
      const auto n = static_cast<double>(queries.size());
      s.recall_at_1 /= n;
      s.recall_at_5 /= n;
      s.mrr /= n;
    }
    rows.push_back(s);
  }
  return rows;
}

std::vector<LabelledQuery> split_validation(std::vector<Chunk>& chunks, size_t per_faq) {
  std::vector<LabelledQuery> queries;
  size_t faq_index = 0;
  for (auto& c : chunks) {
    if (c.kind != ChunkKind::faq) continue;
    const size_t n = c.paraphrases.size();
    // Keep at least two training paraphrases per FAQ.
    const size_t take = n >= per_faq + 2 ? per_faq : 0;
    std::vector<std::string> kept;
    for (size_t p = 0; p < n; ++p) {
      if ((faq_index * 7 + p) % n < take) {
        queries.push_back({c.doc_id, c.paraphrases[p]});
      } else {
        kept.push_back(c.paraphrases[p]);
      }
    }
    c.paraphrases = std::move(kept);
    ++faq_index;
  }
  return queries;
}

Result<FaqEvalResult> run_faq_eval(const FaqEvalPaths& paths, const FitConfig& config) {
  auto articles = load_articles(paths.kb);
  if (!articles) return articles.error();
  auto faqs = load_faq_file(paths.faq);
  if (!faqs) return faqs.error();
  Result<std::vector<LabelledQuery>> heldout = std::vector<LabelledQuery>{};
  if (paths.validate) {
    *heldout = split_validation(*faqs);
  } else {
    heldout = load_labelled_queries(paths.heldout);
    if (!heldout) return heldout.error();
  }

  FaqEvalResult result;
  result.validation = paths.validate;
  result.article_chunks = articles->size();
  result.faqs = faqs->size();
  std::set<std::string> training_texts;
  for (const auto& f : *faqs) {
    result.training_paraphrases += f.paraphrases.size();
    training_texts.insert(f.title);
    training_texts.insert(f.paraphrases.begin(), f.paraphrases.end());
  }
  for (const auto& q : *heldout) result.heldout_leaks += training_texts.count(q.text);
  result.heldout_queries = heldout->size();

  std::vector<Chunk> chunks = std::move(*articles);
  chunks.insert(chunks.end(), faqs->begin(), faqs->end());
  const auto start = std::chrono::steady_clock::now();
  const FittedModels models = fit_models_cached(chunks, config, paths.cache, &result.from_cache);
  const auto fitted = std::chrono::steady_clock::now();
  result.fit_seconds = std::chrono::duration<double>(fitted - start).count();
  result.fit = models.report;
  const auto retriever = make_retriever(std::move(chunks), models, config.bm25);
  result.index_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - fitted).count();
  result.scores = evaluate(*retriever, *heldout);
  return result;
}

void print_faq_eval(const FaqEvalResult& r, std::ostream& out) {
  char line[160];
  out << "FAQ retrieval on "
      << (r.validation ? "VALIDATION paraphrases split from training" : "held-out paraphrases")
      << " (" << r.heldout_queries << " queries, " << r.faqs << " FAQs, " << r.article_chunks
      << " article chunks, " << r.training_paraphrases << " training paraphrases)\n";
  if (r.heldout_leaks) {
    out << "warning: " << r.heldout_leaks << " held-out texts also appear in training data\n";
  }
  std::snprintf(line, sizeof(line), "%-8s %10s %10s %10s\n", "method", "recall@1", "recall@5",
                "MRR@10");
  out << line;
  for (const auto& s : r.scores) {
    std::snprintf(line, sizeof(line), "%-8s %10.4f %10.4f %10.4f\n", to_string(s.method),
                  s.recall_at_1, s.recall_at_5, s.mrr);
    out << line;
  }
  std::snprintf(line, sizeof(line),
                "%s: %.2f s, index build %.2f s; out-of-fold recall@1 on training "
                "paraphrases: rrf %.4f, reranked %.4f (%zu queries)\n",
                r.from_cache ? "models loaded from cache" : "fit", r.fit_seconds, r.index_seconds,
                r.fit.oof_rrf_recall_at_1, r.fit.oof_hybrid_recall_at_1, r.fit.training_queries);
  out << line;
}

}  // namespace finchat::retrieval
