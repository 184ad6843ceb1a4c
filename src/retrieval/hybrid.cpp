#include "retrieval/hybrid.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "retrieval/synonyms.hpp"

namespace finchat::retrieval {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::vector<std::string> unique_terms(std::string_view text) {
  auto terms = analyze(text);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

size_t common_count(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t n = 0;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n, ++i, ++j;
    }
  }
  return n;
}

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const size_t common = common_count(a, b);
  const size_t unite = a.size() + b.size() - common;
  return unite ? static_cast<double>(common) / static_cast<double>(unite) : 0.0;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

double rrf_term(size_t rank_one_based, double k) {
  return 1.0 / (k + static_cast<double>(rank_one_based));
}

std::vector<ScoredId> reciprocal_rank_fusion(const std::vector<std::vector<uint32_t>>& rankings,
                                             double k) {
  std::unordered_map<uint32_t, double> fused;
  for (const auto& list : rankings) {
    for (size_t r = 0; r < list.size(); ++r) fused[list[r]] += rrf_term(r + 1, k);
  }
  std::vector<ScoredId> out;
  out.reserve(fused.size());
  for (const auto& [id, s] : fused) out.push_back({id, s});
  std::sort(out.begin(), out.end(), [](const ScoredId& a, const ScoredId& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  return out;
}

const std::array<const char*, kRerankFeatures>& rerank_feature_names() {
  static const std::array<const char*, kRerankFeatures> kNames = {
      "rrf",          "bm25_rel",      "bm25_log",       "dense",
      "dense_gap",    "bm25_rank_inv", "dense_rank_inv", "title_overlap",
      "para_jaccard", "is_faq",        "intent_prob",    "intent_rank_inv"};
  return kNames;
}

double RerankModel::logit(const RerankFeatures& f) const {
  double z = bias;
  for (size_t i = 0; i < kRerankFeatures; ++i) z += weights[i] * f[i];
  return z;
}

double Calibration::confidence(double top_logit, double margin) const {
  return sigmoid(a * top_logit + b * std::max(margin, 0.0) + c);
}

const char* to_string(Method method) {
  switch (method) {
    case Method::bm25: return "bm25";
    case Method::dense: return "dense";
    case Method::intent: return "intent";
    case Method::rrf: return "rrf";
    case Method::hybrid: return "hybrid";
  }
  return "?";
}

const char* to_string(Decision decision) {
  switch (decision) {
    case Decision::answer: return "answer";
    case Decision::clarify: return "clarify";
    case Decision::escalate: return "escalate";
  }
  return "?";
}

Decision decide(double confidence, const DecisionThresholds& thresholds) {
  if (confidence >= thresholds.answer) return Decision::answer;
  if (confidence >= thresholds.clarify) return Decision::clarify;
  return Decision::escalate;
}

FieldTexts bm25_fields(const Chunk& chunk) {
  FieldTexts f;
  if (chunk.kind == ChunkKind::faq) {
    f.title = chunk.title;
    f.alt = join(chunk.paraphrases, "\n");
  } else {
    f.title = chunk.title + "\n" + join(chunk.heading_path, "\n");
    if (auto it = chunk.metadata.find("tags"); it != chunk.metadata.end()) f.alt = it->second;
  }
  f.body = chunk.text;
  return f;
}

std::vector<std::string> dense_keys(const Chunk& chunk) {
  std::vector<std::string> keys;
  if (chunk.kind == ChunkKind::faq) {
    keys.push_back(chunk.title);
    keys.insert(keys.end(), chunk.paraphrases.begin(), chunk.paraphrases.end());
    keys.push_back(chunk.title + "\n" + chunk.text);
  } else {
    const std::string heading = chunk.title + "\n" + join(chunk.heading_path, "\n");
    keys.push_back(heading);
    keys.push_back(heading + "\n" + chunk.text);
  }
  return keys;
}

std::vector<std::vector<std::string>> training_groups(const std::vector<Chunk>& chunks) {
  std::vector<std::vector<std::string>> groups;
  for (const auto& c : chunks) {
    if (c.kind == ChunkKind::faq) {
      auto& g = groups.emplace_back();
      g.push_back(c.title);
      g.insert(g.end(), c.paraphrases.begin(), c.paraphrases.end());
      g.push_back(c.text);
    } else {
      groups.push_back({c.title + "\n" + join(c.heading_path, "\n"), c.text});
    }
  }
  return groups;
}

Retriever::Retriever(std::vector<Chunk> chunks, std::shared_ptr<const Encoder> encoder,
                     Bm25Params bm25)
    : chunks_(std::move(chunks)),
      encoder_(std::move(encoder)),
      bm25_(bm25),
      dense_(encoder_ ? encoder_->config().dim : 1) {
  terms_.resize(chunks_.size());
  // Articles first, so that each FAQ can be linked to the section its answer comes from.
  std::unordered_map<std::string, std::vector<uint32_t>> sections_of;
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    if (chunks_[i].kind != ChunkKind::article_section) continue;
    bm25_.add(i, bm25_fields(chunks_[i]));
    sections_of[chunks_[i].doc_id].push_back(i);
  }
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    if (chunks_[i].kind != ChunkKind::faq) continue;
    FieldTexts fields = bm25_fields(chunks_[i]);
    if (const auto art = chunks_[i].metadata.find("article_id"); art != chunks_[i].metadata.end()) {
      if (const auto secs = sections_of.find(art->second); secs != sections_of.end()) {
        fields.context = linked_section_text(chunks_[i], secs->second);
      }
    }
    bm25_.add(i, fields);
  }
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    const Chunk& c = chunks_[i];
    if (encoder_) {
      for (const auto& key : dense_keys(c)) dense_.add(i, encoder_->encode(key));
    }
    terms_[i].title = unique_terms(
        c.kind == ChunkKind::faq ? c.title : c.title + " " + join(c.heading_path, " "));
    for (const auto& p : c.paraphrases) terms_[i].paraphrases.push_back(unique_terms(p));
  }
}

std::string Retriever::linked_section_text(const Chunk& faq,
                                           const std::vector<uint32_t>& sections) const {
  const std::string probe = faq.title + "\n" + faq.text;
  uint32_t best = sections.front();
  double best_score = -1;
  for (uint32_t s : sections) {
    const double score = bm25_.score(probe, s);
    if (score > best_score) {
      best_score = score;
      best = s;
    }
  }
  const Chunk& c = chunks_[best];
  return c.title + "\n" + join(c.heading_path, "\n") + "\n" + c.text;
}

void Retriever::set_intent(std::shared_ptr<const nlp::Classifier> intent) {
  intent_ = std::move(intent);
  intent_chunk_.clear();
  if (!intent_) return;
  std::unordered_map<std::string_view, uint32_t> faq_chunk;
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    if (chunks_[i].kind == ChunkKind::faq) faq_chunk.emplace(chunks_[i].doc_id, i);
  }
  for (const auto& label : intent_->labels()) {
    const auto it = faq_chunk.find(label);
    intent_chunk_.push_back(it != faq_chunk.end() ? it->second : kNoChunk);
  }
}

std::vector<ScoredId> Retriever::intent_ranking(std::string_view query, size_t k,
                                                std::vector<float>* by_chunk) const {
  std::vector<ScoredId> out;
  // A classifier ranks every label even for empty or stopword-only text: no terms, no list.
  if (!intent_ || analyze(query).empty()) return out;
  const std::vector<float> p = intent_->probabilities(canonicalize(query));
  if (by_chunk) by_chunk->assign(chunks_.size(), 0.0f);
  for (size_t c = 0; c < p.size() && c < intent_chunk_.size(); ++c) {
    if (intent_chunk_[c] == kNoChunk) continue;
    out.push_back({intent_chunk_[c], p[c]});
    if (by_chunk) (*by_chunk)[intent_chunk_[c]] = p[c];
  }
  const size_t n = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(),
                    [](const ScoredId& a, const ScoredId& b) {
                      return a.score != b.score ? a.score > b.score : a.id < b.id;
                    });
  out.resize(n);
  return out;
}

std::vector<Hit> Retriever::ranked_hybrid(std::string_view query, const SearchOptions& options,
                                          std::vector<RerankFeatures>* features) const {
  const auto filter = [&](uint32_t id) {
    return !options.kind || chunks_[id].kind == *options.kind;
  };
  const auto bm25_list = bm25_.search(query, options.candidates, filter);
  std::vector<float> by_doc;
  std::vector<ScoredId> dense_list;
  if (encoder_) {
    const Eigen::VectorXf q = encoder_->encode(query);
    if (q.squaredNorm() > 0) {
      by_doc = dense_.scores_by_doc(q);
      dense_list = DenseIndex::top_k(by_doc, options.candidates, filter);
    }
  }
  std::vector<uint32_t> bm25_ids;
  std::unordered_map<uint32_t, size_t> bm25_rank;
  for (const auto& s : bm25_list) {
    bm25_rank[s.doc] = bm25_ids.size() + 1;
    bm25_ids.push_back(s.doc);
  }
  std::vector<uint32_t> dense_ids;
  std::unordered_map<uint32_t, size_t> dense_rank;
  for (const auto& s : dense_list) {
    dense_rank[s.id] = dense_ids.size() + 1;
    dense_ids.push_back(s.id);
  }
  // FAQs only: with a filter for article sections the intent list stays empty.
  std::vector<float> intent_by_chunk;
  std::vector<uint32_t> intent_ids;
  std::unordered_map<uint32_t, size_t> intent_rank;
  if (intent_ && (!options.kind || *options.kind == ChunkKind::faq)) {
    for (const auto& s : intent_ranking(query, options.candidates, &intent_by_chunk)) {
      intent_rank[s.id] = intent_ids.size() + 1;
      intent_ids.push_back(s.id);
    }
  }
  auto fused = reciprocal_rank_fusion({bm25_ids, dense_ids, intent_ids});
  if (fused.size() > options.rerank_depth) fused.resize(options.rerank_depth);

  const double top_bm25 = bm25_list.empty() ? 0.0 : bm25_list.front().score;
  const double top_dense = dense_list.empty() ? 0.0 : dense_list.front().score;
  const auto query_terms = unique_terms(query);
  std::vector<std::pair<Hit, RerankFeatures>> scored;
  for (const auto& f : fused) {
    Hit h;
    h.chunk = f.id;
    h.rrf = f.score;
    const auto br = bm25_rank.find(f.id);
    h.bm25 = br != bm25_rank.end() ? bm25_list[br->second - 1].score : bm25_.score(query, f.id);
    h.dense = f.id < by_doc.size() && by_doc[f.id] != DenseIndex::kAbsent ? by_doc[f.id] : 0.0;
    const auto dr = dense_rank.find(f.id);
    const auto ir = intent_rank.find(f.id);
    h.intent = f.id < intent_by_chunk.size() ? intent_by_chunk[f.id] : 0.0;
    const Terms& t = terms_[f.id];
    double para = 0;
    for (const auto& p : t.paraphrases) para = std::max(para, jaccard(query_terms, p));
    RerankFeatures x = {
        h.rrf * 30.0,
        top_bm25 > 0 ? h.bm25 / top_bm25 : 0.0,
        std::log1p(h.bm25),
        h.dense,
        h.dense - top_dense,
        br != bm25_rank.end() ? 1.0 / static_cast<double>(br->second) : 0.0,
        dr != dense_rank.end() ? 1.0 / static_cast<double>(dr->second) : 0.0,
        query_terms.empty() ? 0.0
                            : static_cast<double>(common_count(query_terms, t.title)) /
                                  static_cast<double>(query_terms.size()),
        para,
        chunks_[f.id].kind == ChunkKind::faq ? 1.0 : 0.0,
        h.intent,
        ir != intent_rank.end() ? 1.0 / static_cast<double>(ir->second) : 0.0,
    };
    h.score = rerank_.fitted ? rerank_.logit(x) : h.rrf;
    scored.emplace_back(h, x);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first.score > b.first.score; });
  std::vector<Hit> hits;
  for (auto& [h, x] : scored) {
    hits.push_back(h);
    if (features) features->push_back(x);
  }
  return hits;
}

std::vector<std::pair<Hit, RerankFeatures>> Retriever::candidates(
    std::string_view query, const SearchOptions& options) const {
  std::vector<RerankFeatures> feats;
  const auto hits = ranked_hybrid(query, options, &feats);
  std::vector<std::pair<Hit, RerankFeatures>> out;
  for (size_t i = 0; i < hits.size(); ++i) out.emplace_back(hits[i], feats[i]);
  return out;
}

std::vector<Hit> Retriever::rank(std::string_view query, Method method,
                                 const SearchOptions& options) const {
  const auto filter = [&](uint32_t id) {
    return !options.kind || chunks_[id].kind == *options.kind;
  };
  std::vector<Hit> hits;
  if (method == Method::bm25) {
    for (const auto& s : bm25_.search(query, options.k, filter)) {
      hits.push_back({s.doc, s.score, 0, 0, 0, s.score});
    }
    return hits;
  }
  if (method == Method::dense) {
    if (!encoder_) return hits;
    const Eigen::VectorXf q = encoder_->encode(query);
    if (q.squaredNorm() == 0) return hits;
    for (const auto& s : dense_.search(q, options.k, filter)) {
      hits.push_back({s.id, 0, s.score, 0, 0, s.score});
    }
    return hits;
  }
  if (method == Method::intent) {
    if (options.kind && *options.kind != ChunkKind::faq) return hits;
    for (const auto& s : intent_ranking(query, options.k, nullptr)) {
      hits.push_back({s.id, 0, 0, 0, s.score, s.score});
    }
    return hits;
  }
  hits = ranked_hybrid(query, options, nullptr);
  if (method == Method::rrf) {
    std::stable_sort(hits.begin(), hits.end(),
                     [](const Hit& a, const Hit& b) { return a.rrf > b.rrf; });
    for (auto& h : hits) h.score = h.rrf;
  }
  if (hits.size() > options.k) hits.resize(options.k);
  return hits;
}

SearchResponse Retriever::search(std::string_view query, const SearchOptions& options) const {
  SearchResponse r;
  r.hits = ranked_hybrid(query, options, nullptr);
  if (!r.hits.empty()) {
    const double top = r.hits[0].score;
    const double margin = r.hits.size() > 1 ? top - r.hits[1].score : std::abs(top) + 1.0;
    r.confidence = calibration_.confidence(top, margin);
  }
  if (r.hits.size() > options.k) r.hits.resize(options.k);
  return r;
}

}  // namespace finchat::retrieval
