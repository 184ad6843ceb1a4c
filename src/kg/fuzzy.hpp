#pragma once
// Typo-tolerant string matching for entity linking: a bounded Damerau-Levenshtein distance
// (optimal string alignment: insert, delete, substitute, swap adjacent) and a candidate index
// keyed by first character and length, so that only plausible keys are compared.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace finchat::kg {

// Distance between a and b, or max_distance + 1 as soon as it must exceed max_distance.
int bounded_edit_distance(std::string_view a, std::string_view b, int max_distance);

// Typos tolerated for a key of `length` characters: 0 below 5, 1 up to 8, else 2.
int allowed_typos(size_t length);

class FuzzyIndex {
 public:
  void add(uint32_t id, std::string key);
  struct Hit {
    uint32_t id;
    int distance;
  };
  // Keys within allowed_typos(query length) edits that share the first character.
  std::vector<Hit> search(std::string_view query) const;
  size_t size() const { return keys_.size(); }

 private:
  static uint32_t bucket(char first, size_t length) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(first)) << 16) |
           static_cast<uint32_t>(length);
  }
  // Which of a-z/0-9 occur in a key: one edit flips at most two bits, so keys whose masks
  // differ in more than 2 * typos bits are skipped without computing a distance.
  static uint64_t letter_mask(std::string_view key);

  struct Key {
    uint32_t id;
    uint64_t mask;
    std::string text;
  };
  std::vector<Key> keys_;
  std::unordered_map<uint32_t, std::vector<uint32_t>> buckets_;  // -> positions in keys_
};

}  // namespace finchat::kg
