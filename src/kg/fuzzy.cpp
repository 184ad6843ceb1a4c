#include "kg/fuzzy.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>

namespace finchat::kg {

int bounded_edit_distance(std::string_view a, std::string_view b, int max_distance) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max_distance) return max_distance + 1;
  // Three rolling rows: two back (for transpositions), previous, current. Reused per thread:
  // the linker calls this in a tight loop and allocation would dominate.
  thread_local std::vector<int> two_back, prev, cur;
  two_back.assign(m + 1, 0);
  prev.assign(m + 1, 0);
  cur.assign(m + 1, 0);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, two_back[j - 2] + 1);
      }
      cur[j] = best;
      row_min = std::min(row_min, best);
    }
    if (row_min > max_distance) return max_distance + 1;
    std::swap(two_back, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], max_distance + 1);
}

int allowed_typos(size_t length) {
  if (length < 5) return 0;
  if (length <= 8) return 1;
  return 2;
}

uint64_t FuzzyIndex::letter_mask(std::string_view key) {
  uint64_t mask = 0;
  for (unsigned char c : key) {
    if (c >= 'a' && c <= 'z') {
      mask |= uint64_t{1} << (c - 'a');
    } else if (c >= '0' && c <= '9') {
      mask |= uint64_t{1} << (26 + c - '0');
    } else {
      mask |= uint64_t{1} << 36;  // anything else (space, punctuation, non-ASCII)
    }
  }
  return mask;
}

void FuzzyIndex::add(uint32_t id, std::string key) {
  if (key.empty()) return;
  buckets_[bucket(key.front(), key.size())].push_back(static_cast<uint32_t>(keys_.size()));
  const uint64_t mask = letter_mask(key);
  keys_.push_back(Key{id, mask, std::move(key)});
}

std::vector<FuzzyIndex::Hit> FuzzyIndex::search(std::string_view query) const {
  std::vector<Hit> hits;
  const int max_typos = allowed_typos(query.size());
  if (max_typos == 0) return hits;
  const size_t lo = query.size() > static_cast<size_t>(max_typos) ? query.size() - max_typos : 1;
  const uint64_t query_mask = letter_mask(query);
  for (size_t length = lo; length <= query.size() + max_typos; ++length) {
    auto it = buckets_.find(bucket(query.front(), length));
    if (it == buckets_.end()) continue;
    for (uint32_t pos : it->second) {
      const Key& key = keys_[pos];
      // The key's own length also bounds the typos it tolerates ("nova" never fuzzes).
      const int limit = std::min(max_typos, allowed_typos(key.text.size()));
      if (limit == 0 || std::popcount(key.mask ^ query_mask) > 2 * limit) continue;
      const int d = bounded_edit_distance(query, key.text, limit);
      if (d <= limit) hits.push_back({key.id, d});
    }
  }
  return hits;
}

}  // namespace finchat::kg
