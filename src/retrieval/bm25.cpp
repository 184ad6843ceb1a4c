#include "retrieval/bm25.hpp"

#include <algorithm>
#include <cmath>

#include "retrieval/topk.hpp"

namespace finchat::retrieval {

Bm25Index::Bm25Index(Bm25Params params, AnalyzerOptions analyzer)
    : params_(params), analyzer_(analyzer) {}

double Bm25Index::idf(size_t n, size_t total) {
  // The "+1" form stays positive for terms in more than half the documents.
  const double nd = static_cast<double>(n);
  return std::log(1.0 + (static_cast<double>(total) - nd + 0.5) / (nd + 0.5));
}

void Bm25Index::add(uint32_t doc, const FieldTexts& fields) {
  remove(doc);
  std::unordered_map<std::string, float> tf;
  float length = 0;
  const auto add_field = [&](const std::string& text, double weight) {
    for (auto& term : analyze(text, analyzer_)) {
      tf[term] += static_cast<float>(weight);
      length += static_cast<float>(weight);
    }
  };
  add_field(fields.title, params_.title_weight);
  add_field(fields.alt, params_.alt_weight);
  add_field(fields.body, params_.body_weight);
  add_field(fields.context, params_.context_weight);

  uint32_t slot = 0;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.doc = doc;
  s.length = length;
  s.live = true;
  std::vector<std::pair<uint32_t, float>> entries;
  for (const auto& [term, f] : tf) {
    auto [it, inserted] = term_ids_.try_emplace(term, static_cast<uint32_t>(postings_.size()));
    if (inserted) postings_.emplace_back();
    postings_[it->second].push_back({slot, f});
    entries.emplace_back(it->second, f);
  }
  std::sort(entries.begin(), entries.end());
  s.terms.clear();
  s.tfs.clear();
  for (const auto& [term, f] : entries) {
    s.terms.push_back(term);
    s.tfs.push_back(f);
  }
  slot_of_doc_[doc] = slot;
  ++live_docs_;
  total_length_ += length;
}

bool Bm25Index::remove(uint32_t doc) {
  const auto it = slot_of_doc_.find(doc);
  if (it == slot_of_doc_.end()) return false;
  const uint32_t slot = it->second;
  Slot& s = slots_[slot];
  for (uint32_t term : s.terms) {
    auto& list = postings_[term];
    list.erase(std::remove_if(list.begin(), list.end(),
                              [slot](const Posting& p) { return p.slot == slot; }),
               list.end());
  }
  s.terms.clear();
  s.tfs.clear();
  s.live = false;
  total_length_ -= s.length;
  --live_docs_;
  free_slots_.push_back(slot);
  slot_of_doc_.erase(it);
  return true;
}

std::vector<uint32_t> Bm25Index::query_terms(std::string_view query) const {
  std::vector<uint32_t> ids;
  for (const auto& term : analyze(query, analyzer_)) {
    const auto it = term_ids_.find(term);
    if (it != term_ids_.end()) ids.push_back(it->second);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

double Bm25Index::term_weight(float tf, float length) const {
  const double avg = std::max(average_length(), 1e-9);
  const double norm = params_.k1 * (1.0 - params_.b + params_.b * length / avg);
  return tf * (params_.k1 + 1.0) / (tf + norm);
}

std::vector<ScoredDoc> Bm25Index::search(std::string_view query, size_t k,
                                         const Filter& filter) const {
  if (k == 0 || live_docs_ == 0) return {};
  std::vector<float> acc(slots_.size(), 0.0f);
  std::vector<uint32_t> touched;
  for (uint32_t term : query_terms(query)) {
    const auto& list = postings_[term];
    const double w = idf(list.size(), live_docs_);
    for (const Posting& p : list) {
      if (acc[p.slot] == 0.0f) touched.push_back(p.slot);
      acc[p.slot] += static_cast<float>(w * term_weight(p.tf, slots_[p.slot].length));
    }
  }
  TopK top(k);
  for (uint32_t slot : touched) {
    if (filter && !filter(slots_[slot].doc)) continue;
    top.push(slots_[slot].doc, acc[slot]);
  }
  std::vector<ScoredDoc> out;
  for (const auto& s : top.take()) out.push_back({s.id, s.score});
  return out;
}

double Bm25Index::score(std::string_view query, uint32_t doc) const {
  const auto it = slot_of_doc_.find(doc);
  if (it == slot_of_doc_.end()) return 0;
  const Slot& s = slots_[it->second];
  double total = 0;
  for (uint32_t term : query_terms(query)) {
    const auto pos = std::lower_bound(s.terms.begin(), s.terms.end(), term);
    if (pos == s.terms.end() || *pos != term) continue;
    const float tf = s.tfs[static_cast<size_t>(pos - s.terms.begin())];
    total += idf(postings_[term].size(), live_docs_) * term_weight(tf, s.length);
  }
  return total;
}

}  // namespace finchat::retrieval
