#include "retrieval/fit.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

namespace finchat::retrieval {
namespace {

struct OofQuery {
  std::vector<std::pair<Hit, RerankFeatures>> candidates;
  std::vector<int> labels;
};

// Chunks with the paraphrases of one fold held back, plus those paraphrases as labelled queries.
std::vector<Chunk> without_fold(const std::vector<Chunk>& chunks, uint32_t fold, uint32_t folds,
                                std::vector<LabelledQuery>* held) {
  std::vector<Chunk> out = chunks;
  for (size_t i = 0; i < out.size(); ++i) {
    Chunk& c = out[i];
    if (c.kind != ChunkKind::faq) continue;
    std::vector<std::string> kept;
    for (size_t p = 0; p < c.paraphrases.size(); ++p) {
      if ((i + p) % folds == fold) {
        held->push_back({c.doc_id, c.paraphrases[p]});
      } else {
        kept.push_back(c.paraphrases[p]);
      }
    }
    c.paraphrases = std::move(kept);
  }
  return out;
}

// Runs jobs 0..n-1 on up to `threads` workers (0: hardware concurrency).
template <class Job>
void parallel_for(size_t n, uint32_t threads, const Job& job) {
  size_t workers = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  workers = std::min(workers, n);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) job(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) job(i);
    });
  }
  for (auto& t : pool) t.join();
}

// Per-job intent training runs single-threaded when the jobs themselves run in parallel.
IntentConfig intent_for_jobs(const FitConfig& config) {
  IntentConfig c = config.intent;
  if (config.threads != 1) c.threads = 1;
  return c;
}

std::vector<std::vector<double>> as_rows(const std::vector<OofQuery>& qs) {
  std::vector<std::vector<double>> rows;
  for (const auto& q : qs) {
    for (const auto& [h, f] : q.candidates) rows.emplace_back(f.begin(), f.end());
  }
  return rows;
}

}  // namespace

LogisticModel fit_logistic(const std::vector<std::vector<double>>& x, const std::vector<int>& y,
                           double l2, const std::vector<size_t>& non_negative) {
  const size_t n = x.size();
  const size_t d = n ? x[0].size() : 0;
  LogisticModel model;
  model.weights.assign(d, 0.0);
  if (n == 0) return model;
  std::vector<bool> frozen(d, false);
  // Newton steps; after each round, clamp violating weights to 0 and freeze them.
  for (int round = 0; round < 3; ++round) {
    Eigen::VectorXd w = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(d + 1));
    for (size_t j = 0; j < d; ++j) w[static_cast<Eigen::Index>(j)] = model.weights[j];
    w[static_cast<Eigen::Index>(d)] = model.bias;
    const auto row = [&](size_t i) {
      Eigen::VectorXd xi(w.size());
      for (size_t j = 0; j < d; ++j) xi[static_cast<Eigen::Index>(j)] = frozen[j] ? 0 : x[i][j];
      xi[static_cast<Eigen::Index>(d)] = 1.0;
      return xi;
    };
    // Penalised negative log-likelihood, for the line search.
    const auto objective = [&](const Eigen::VectorXd& v) {
      double total = 0;
      for (size_t i = 0; i < n; ++i) {
        const double z = row(i).dot(v);
        total += std::log1p(std::exp(-std::abs(z))) + std::max(z, 0.0) - y[i] * z;
      }
      return total +
             0.5 * l2 * static_cast<double>(n) * v.head(static_cast<Eigen::Index>(d)).squaredNorm();
    };
    double current = objective(w);
    for (int it = 0; it < 50; ++it) {
      Eigen::VectorXd grad = Eigen::VectorXd::Zero(w.size());
      Eigen::MatrixXd hess = Eigen::MatrixXd::Zero(w.size(), w.size());
      for (size_t i = 0; i < n; ++i) {
        const Eigen::VectorXd xi = row(i);
        const double p = 1.0 / (1.0 + std::exp(-xi.dot(w)));
        grad += (p - y[i]) * xi;
        hess += (p * (1 - p)) * xi * xi.transpose();
      }
      for (size_t j = 0; j < d; ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        grad[jj] += l2 * static_cast<double>(n) * w[jj];
        hess(jj, jj) += l2 * static_cast<double>(n) + (frozen[j] ? 1.0 : 0.0);
      }
      hess.diagonal().array() += 1e-9;
      const Eigen::VectorXd step = hess.ldlt().solve(grad);
      // Backtracking keeps Newton from overshooting on (nearly) separable data.
      double t = 1.0;
      Eigen::VectorXd next = w - step;
      double value = objective(next);
      while (value > current && t > 1e-6) {
        t *= 0.5;
        next = w - t * step;
        value = objective(next);
      }
      if (value > current) break;
      const double improvement = current - value;
      w = next;
      current = value;
      if (improvement < 1e-10 * (1.0 + current)) break;
    }
    for (size_t j = 0; j < d; ++j)
      model.weights[j] = frozen[j] ? 0.0 : w[static_cast<Eigen::Index>(j)];
    model.bias = w[static_cast<Eigen::Index>(d)];
    bool changed = false;
    for (size_t j : non_negative) {
      if (j < d && !frozen[j] && model.weights[j] < 0) {
        frozen[j] = true;
        model.weights[j] = 0;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return model;
}

std::vector<MethodScoresCv> cross_validate(const std::vector<Chunk>& chunks,
                                           const FitConfig& config, bool with_encoder) {
  std::vector<MethodScoresCv> rows;
  for (Method m : {Method::bm25, Method::dense, Method::intent, Method::rrf}) {
    rows.push_back({m, 0, 0, 0});
  }
  const uint32_t folds = std::max<uint32_t>(config.folds, 2);
  SearchOptions options = config.search;
  options.k = 5;
  for (uint32_t fold = 0; fold < folds; ++fold) {
    std::vector<LabelledQuery> held;
    auto fold_chunks = without_fold(chunks, fold, folds, &held);
    Retriever r(fold_chunks, with_encoder ? train_encoder(fold_chunks, config) : nullptr,
                config.bm25);
    r.set_intent(train_faq_intent(fold_chunks, config.intent));
    for (auto& row : rows) {
      for (const auto& q : held) {
        const auto hits = r.rank(q.text, row.method, options);
        for (size_t i = 0; i < hits.size(); ++i) {
          if (r.chunk(hits[i].chunk).doc_id != q.faq_id) continue;
          row.recall_at_1 += i == 0 ? 1 : 0;
          row.recall_at_5 += 1;
          break;
        }
      }
      row.queries += held.size();
    }
  }
  for (auto& row : rows) {
    if (row.queries == 0) continue;
    row.recall_at_1 /= static_cast<double>(row.queries);
    row.recall_at_5 /= static_cast<double>(row.queries);
  }
  return rows;
}

std::shared_ptr<Encoder> train_encoder(const std::vector<Chunk>& chunks, const FitConfig& config,
                                       double* last_loss) {
  auto encoder = std::make_shared<Encoder>(config.encoder);
  std::vector<std::string> corpus;
  for (const auto& c : chunks) {
    for (auto& k : dense_keys(c)) corpus.push_back(std::move(k));
  }
  encoder->fit_idf(corpus);
  if (config.lsa_init) encoder->init_lsa(corpus);
  const auto report = train_contrastive(*encoder, training_groups(chunks), config.train);
  if (last_loss) *last_loss = report.last_epoch_loss;
  return encoder;
}

FittedModels fit_models(const std::vector<Chunk>& chunks, const FitConfig& config) {
  FittedModels models;
  const uint32_t folds = std::max<uint32_t>(config.folds, 2);
  // Jobs 0..folds-1 fit one fold each and collect its out-of-fold candidates; job `folds`
  // fits the final encoder and intent model on everything. Per-fold results are merged in
  // fold order, so the outcome does not depend on the thread count.
  std::vector<std::vector<OofQuery>> per_fold(folds);
  std::vector<size_t> rrf_correct_of(folds, 0);
  double loss = 0;
  const IntentConfig intent_config = intent_for_jobs(config);
  parallel_for(folds + 1, config.threads, [&](size_t job) {
    if (job == folds) {
      models.encoder = train_encoder(chunks, config, &loss);
      models.intent = train_faq_intent(chunks, intent_config);
      return;
    }
    const auto fold = static_cast<uint32_t>(job);
    std::vector<LabelledQuery> held;
    auto fold_chunks = without_fold(chunks, fold, folds, &held);
    if (held.empty()) return;
    Retriever fold_retriever(fold_chunks, train_encoder(fold_chunks, config), config.bm25);
    fold_retriever.set_intent(train_faq_intent(fold_chunks, intent_config));
    for (const auto& q : held) {
      OofQuery item;
      item.candidates = fold_retriever.candidates(q.text, config.search);
      for (const auto& [h, f] : item.candidates) {
        item.labels.push_back(fold_retriever.chunk(h.chunk).doc_id == q.faq_id ? 1 : 0);
      }
      if (!item.labels.empty() && item.labels[0] == 1) ++rrf_correct_of[fold];
      per_fold[fold].push_back(std::move(item));
    }
  });
  std::vector<OofQuery> oof;
  size_t rrf_correct = 0;
  for (uint32_t fold = 0; fold < folds; ++fold) {
    rrf_correct += rrf_correct_of[fold];
    for (auto& q : per_fold[fold]) oof.push_back(std::move(q));
  }
  // Reranker over all out-of-fold candidates.
  std::vector<int> labels;
  for (const auto& q : oof) labels.insert(labels.end(), q.labels.begin(), q.labels.end());
  const auto lr = fit_logistic(as_rows(oof), labels, 1e-3);
  if (!lr.weights.empty()) {
    std::copy(lr.weights.begin(), lr.weights.end(), models.rerank.weights.begin());
    models.rerank.bias = lr.bias;
    models.rerank.fitted = true;
  }
  // Calibration: is the reranked top candidate right, given its logit and margin?
  std::vector<std::vector<double>> top_rows;
  std::vector<int> top_labels;
  size_t hybrid_correct = 0;
  for (const auto& q : oof) {
    if (q.candidates.empty()) {
      continue;
    }
    std::vector<std::pair<double, int>> scored;
    for (size_t i = 0; i < q.candidates.size(); ++i) {
      scored.emplace_back(models.rerank.logit(q.candidates[i].second), q.labels[i]);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    const double margin =
        scored.size() > 1 ? scored[0].first - scored[1].first : std::abs(scored[0].first) + 1.0;
    top_rows.push_back({scored[0].first, margin});
    top_labels.push_back(scored[0].second);
    hybrid_correct += static_cast<size_t>(scored[0].second);
  }
  const auto platt = fit_logistic(top_rows, top_labels, 1e-4, {0, 1});
  if (platt.weights.size() == 2) {
    models.calibration = {platt.weights[0], platt.weights[1], platt.bias};
  }
  models.report.training_queries = oof.size();
  if (!oof.empty()) {
    models.report.oof_rrf_recall_at_1 = static_cast<double>(rrf_correct) / oof.size();
    models.report.oof_hybrid_recall_at_1 = static_cast<double>(hybrid_correct) / oof.size();
  }
  models.report.last_train_loss = loss;
  return models;
}

std::unique_ptr<Retriever> make_retriever(std::vector<Chunk> chunks, const FittedModels& models,
                                          const Bm25Params& bm25) {
  auto r = std::make_unique<Retriever>(std::move(chunks), models.encoder, bm25);
  r->set_intent(models.intent);
  r->set_models(models.rerank, models.calibration);
  return r;
}

}  // namespace finchat::retrieval
