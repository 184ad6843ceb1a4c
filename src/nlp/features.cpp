#include "nlp/features.hpp"

#include <algorithm>
#include <cmath>

#include "nlp/text.hpp"

namespace finchat::nlp {
namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t fnv1a(uint64_t h, std::string_view s) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// Different seeds keep word n-grams and character n-grams in separate key spaces.
constexpr uint64_t kWordSeed = kFnvOffset ^ 0x77;
constexpr uint64_t kCharSeed = kFnvOffset ^ 0x63;

}  // namespace

void SparseMatrix::append(const SparseVector& v) {
  index.insert(index.end(), v.index.begin(), v.index.end());
  value.insert(value.end(), v.value.begin(), v.value.end());
  row_start.push_back(index.size());
}

void FeatureSpace::extract(std::string_view text, std::vector<uint64_t>& words,
                           std::vector<uint64_t>& chars) const {
  const std::vector<std::string> tokens = tokenize(text);
  if (options_.word_ngram_max > 0) {
    std::vector<std::string> terms;
    terms.reserve(tokens.size());
    for (const auto& t : tokens) {
      if (options_.remove_stopwords && is_stopword(t)) continue;
      terms.push_back(options_.stem ? porter2_stem(t) : t);
    }
    for (size_t i = 0; i < terms.size(); ++i) {
      uint64_t h = kWordSeed;
      for (size_t n = 0; n < static_cast<size_t>(options_.word_ngram_max) && i + n < terms.size();
           ++n) {
        if (n > 0) h = fnv1a(h, "\x1f");
        h = fnv1a(h, terms[i + n]);
        words.push_back(h);
      }
    }
  }
  if (options_.char_ngram_max > 0) {
    const size_t lo = static_cast<size_t>(std::max(1, options_.char_ngram_min));
    const size_t hi = static_cast<size_t>(options_.char_ngram_max);
    for (const auto& t : tokens) {
      // n-grams of " token " without building the padded string
      const size_t len = t.size() + 2;
      auto at = [&](size_t j) { return (j == 0 || j == len - 1) ? ' ' : t[j - 1]; };
      for (size_t start = 0; start < len; ++start) {
        uint64_t h = kCharSeed;
        for (size_t n = 1; n <= hi && start + n <= len; ++n) {
          h ^= static_cast<unsigned char>(at(start + n - 1));
          h *= kFnvPrime;
          if (n >= lo) chars.push_back(h ^ n);
        }
      }
    }
  }
}

void FeatureSpace::fit(const std::vector<std::string>& texts) {
  std::unordered_map<uint64_t, uint32_t> df;
  std::vector<uint64_t> words;
  std::vector<uint64_t> chars;
  for (const auto& text : texts) {
    words.clear();
    chars.clear();
    extract(text, words, chars);
    words.insert(words.end(), chars.begin(), chars.end());
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (uint64_t k : words) ++df[k];
  }
  std::vector<std::pair<uint32_t, uint64_t>> kept;  // (document frequency, key)
  for (const auto& [key, count] : df) {
    if (count >= static_cast<uint32_t>(std::max(1, options_.min_df))) kept.emplace_back(count, key);
  }
  if (options_.max_features > 0 && kept.size() > options_.max_features) {
    // most frequent first, ties broken by key so the cut is deterministic
    std::nth_element(kept.begin(),
                     kept.begin() + static_cast<std::ptrdiff_t>(options_.max_features), kept.end(),
                     [](const auto& a, const auto& b) {
                       return a.first > b.first || (a.first == b.first && a.second < b.second);
                     });
    kept.resize(options_.max_features);
  }
  keys_.clear();
  for (const auto& [count, key] : kept) keys_.push_back(key);
  std::sort(keys_.begin(), keys_.end());  // deterministic feature order
  idf_.resize(keys_.size());
  const double n = static_cast<double>(texts.size());
  for (size_t i = 0; i < keys_.size(); ++i) {
    idf_[i] = static_cast<float>(std::log((1.0 + n) / (1.0 + df[keys_[i]])) + 1.0);
  }
  rebuild_lookup();
}

FeatureSpace FeatureSpace::from_parts(FeatureOptions options, std::vector<uint64_t> keys,
                                      std::vector<float> idf) {
  FeatureSpace space(options);
  space.keys_ = std::move(keys);
  space.idf_ = std::move(idf);
  space.rebuild_lookup();
  return space;
}

void FeatureSpace::rebuild_lookup() {
  lookup_.clear();
  lookup_.reserve(keys_.size());
  for (size_t i = 0; i < keys_.size(); ++i) lookup_.emplace(keys_[i], static_cast<uint32_t>(i));
}

void FeatureSpace::add_block(std::vector<uint64_t>& keys, float block_weight,
                             SparseVector& out) const {
  std::sort(keys.begin(), keys.end());
  const size_t first = out.index.size();
  double norm2 = 0.0;
  for (size_t i = 0; i < keys.size();) {
    size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    const auto it = lookup_.find(keys[i]);
    if (it != lookup_.end()) {
      const double tf = static_cast<double>(j - i);
      const double w = (options_.sublinear_tf ? 1.0 + std::log(tf) : tf) * idf_[it->second];
      out.index.push_back(it->second);
      out.value.push_back(static_cast<float>(w));
      norm2 += w * w;
    }
    i = j;
  }
  if (norm2 <= 0.0) return;
  const float scale = static_cast<float>(block_weight / std::sqrt(norm2));
  for (size_t k = first; k < out.value.size(); ++k) out.value[k] *= scale;
}

SparseVector FeatureSpace::transform(std::string_view text) const {
  std::vector<uint64_t> words;
  std::vector<uint64_t> chars;
  extract(text, words, chars);
  SparseVector out;
  add_block(words, options_.word_weight, out);
  add_block(chars, options_.char_weight, out);
  double norm2 = 0.0;
  for (float v : out.value) norm2 += static_cast<double>(v) * v;
  if (norm2 > 0.0) {
    const float scale = static_cast<float>(1.0 / std::sqrt(norm2));
    for (float& v : out.value) v *= scale;
  }
  return out;
}

SparseMatrix FeatureSpace::transform_all(const std::vector<std::string>& texts) const {
  SparseMatrix m;
  for (const auto& t : texts) m.append(transform(t));
  return m;
}

}  // namespace finchat::nlp
