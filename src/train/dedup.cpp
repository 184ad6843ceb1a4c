#include "train/dedup.hpp"

#include <cctype>
#include <functional>
#include <limits>

namespace finchat::train {

namespace {
uint64_t fnv1a(const std::string& s, uint64_t seed = 1469598103934665603ULL) {
  uint64_t h = seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}
uint64_t mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
}  // namespace

std::string normalize_for_dedup(const std::string& text) {
  std::string out;
  bool space = false;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !out.empty()) out += ' ';
      out += static_cast<char>(std::tolower(c));
      space = false;
    } else {
      space = true;
    }
  }
  return out;
}

std::vector<uint64_t> minhash_signature(const std::string& norm, const MinHashOptions& o) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < norm.size()) {
    size_t j = norm.find(' ', i);
    if (j == std::string::npos) j = norm.size();
    words.push_back(norm.substr(i, j - i));
    i = j + 1;
  }
  const int k = o.bands * o.rows;
  std::vector<uint64_t> sig(k, std::numeric_limits<uint64_t>::max());
  const size_t w = static_cast<size_t>(o.shingle);
  const size_t n_sh = words.size() >= w ? words.size() - w + 1 : (words.empty() ? 0 : 1);
  for (size_t s = 0; s < n_sh; ++s) {
    std::string sh;
    for (size_t t = s; t < std::min(words.size(), s + w); ++t) sh += words[t] + ' ';
    const uint64_t h = fnv1a(sh);
    for (int f = 0; f < k; ++f) sig[f] = std::min(sig[f], mix(h ^ (0x51ED27A1ULL * (f + 1))));
  }
  return sig;
}

double estimated_jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / a.size();
}

DupKind Deduplicator::add(const std::string& text) {
  const std::string norm = normalize_for_dedup(text);
  if (!exact_.insert(fnv1a(norm)).second) return DupKind::exact;
  auto sig = minhash_signature(norm, opt_);
  if (buckets_.empty()) buckets_.resize(opt_.bands);
  std::vector<uint64_t> keys(opt_.bands);
  for (int b = 0; b < opt_.bands; ++b) {
    uint64_t h = 0;
    for (int r = 0; r < opt_.rows; ++r) h = mix(h ^ sig[b * opt_.rows + r]);
    keys[b] = h;
    auto it = buckets_[b].find(h);
    if (it == buckets_[b].end()) continue;
    for (size_t other : it->second) {
      if (estimated_jaccard(sig, sigs_[other]) >= opt_.threshold) return DupKind::near;
    }
  }
  const size_t id = sigs_.size();
  sigs_.push_back(std::move(sig));
  for (int b = 0; b < opt_.bands; ++b) buckets_[b][keys[b]].push_back(id);
  return DupKind::unique;
}

}  // namespace finchat::train
