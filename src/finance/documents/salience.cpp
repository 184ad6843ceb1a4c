#include "finance/documents/salience.hpp"

#include <cctype>
#include <regex>
#include <vector>

namespace finchat::documents {

namespace {

struct Cue {
  std::vector<const char*> phrases;  // any of them, lower case, at a word start
  double weight;
};

bool at_word_start(const std::string& lower, const char* phrase) {
  const std::string p = phrase;
  for (auto pos = lower.find(p); pos != std::string::npos; pos = lower.find(p, pos + 1)) {
    if (pos == 0 || !std::isalpha(static_cast<unsigned char>(lower[pos - 1]))) return true;
  }
  return false;
}

bool any_of(const std::string& lower, const std::vector<const char*>& phrases) {
  for (const char* p : phrases) {
    if (at_word_start(lower, p)) return true;
  }
  return false;
}

}  // namespace

double key_point_score(const std::string& sentence) {
  static const std::vector<Cue> kCues = {
      {{"per share", "earnings per", "eps"}, 1.2},
      {{"diluted"}, 0.25},
      {{"net income", "net earnings", "net loss"}, 0.9},
      {{"range of", "between $"}, 0.5},
      {{"adjusted"}, 0.7},
      {{"gaap"}, 0.6},
      {{"we reported", "we delivered", "we generated", "we posted", "company reported"}, 0.6},
      {{"billion"}, 0.55},
      {{"million"}, 0.4},
      {{"compared to", "compared with", "versus", "from $"}, 0.5},
      {{"consolidated", "total revenue", "total sales", "total company"}, 0.5},
      {{"ebitda"}, 0.5},
      {{"full year", "full-year", "fiscal", "for the year"}, 0.5},
      {{"guidance", "outlook"}, 0.4},
      {{"revenue", "sales"}, 0.4},
      {{"repurchase", "buyback", "dividend"}, 0.35},
      {{"comparable", "same-store", "same store", "organic"}, 0.35},
      {{"we expect", "we now expect", "we anticipate", "we project"}, 0.35},
      {{"first quarter", "second quarter", "third quarter", "fourth quarter", "q1", "q2", "q3",
        "q4"},
       0.35},
  };
  static const std::regex kRange("\\d(%| percent| million| billion)? to \\$?\\d",
                                 std::regex::optimize);
  std::string lower;
  for (char c : sentence) lower += char(std::tolower(static_cast<unsigned char>(c)));
  bool digit = false;
  for (char c : sentence) digit = digit || std::isdigit(static_cast<unsigned char>(c));
  double score = 0;
  for (const auto& cue : kCues) {
    if (any_of(lower, cue.phrases)) score += cue.weight;
  }
  if (sentence.find('$') != std::string::npos) score += 0.55;
  if (sentence.find('%') != std::string::npos || at_word_start(lower, "percent")) score += 0.3;
  if (digit && std::regex_search(lower, kRange)) score += 0.5;
  if (!digit) score -= 0.4;
  if (sentence.find('?') != std::string::npos) score -= 1.2;
  if (at_word_start(lower, "forward-looking") || at_word_start(lower, "safe harbor")) score -= 2;
  return score;
}

}  // namespace finchat::documents
