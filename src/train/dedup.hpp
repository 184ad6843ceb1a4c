#pragma once
// Exact (normalised-text hash) and near-duplicate (MinHash over word shingles with LSH
// banding) detection for training documents.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace finchat::train {

// Lower-cased, punctuation-free words joined by single spaces.
std::string normalize_for_dedup(const std::string& text);

struct MinHashOptions {
  int shingle = 5;           // words per shingle
  int bands = 16, rows = 4;  // 64 hash functions
  double threshold = 0.8;    // estimated Jaccard at or above which documents are duplicates
};

std::vector<uint64_t> minhash_signature(const std::string& normalized, const MinHashOptions& o);
double estimated_jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

enum class DupKind { unique, exact, near };

// Feed documents in order; each is compared with those kept before it.
class Deduplicator {
 public:
  explicit Deduplicator(MinHashOptions o = {}) : opt_(o) {}
  DupKind add(const std::string& text);

 private:
  MinHashOptions opt_;
  std::unordered_set<uint64_t> exact_;
  std::vector<std::vector<uint64_t>> sigs_;
  std::vector<std::unordered_map<uint64_t, std::vector<size_t>>> buckets_;
};

}  // namespace finchat::train
