#include <algorithm>

#include "nlp/text.hpp"

namespace finchat::nlp {

const std::vector<std::string_view>& english_stopwords() {
  // Function words only: negations ("not", "no") and question words stay in because they carry
  // sentiment and intent; callers that want them gone can filter further.
  static const std::vector<std::string_view> kWords = [] {
    std::vector<std::string_view> words = {
        "a",       "about",      "above",      "after", "again",   "against", "all",     "am",
        "an",      "and",        "any",        "are",   "as",      "at",      "be",      "because",
        "been",    "before",     "being",      "below", "between", "both",    "but",     "by",
        "can",     "could",      "did",        "do",    "does",    "doing",   "down",    "during",
        "each",    "few",        "for",        "from",  "further", "had",     "has",     "have",
        "having",  "he",         "her",        "here",  "hers",    "herself", "him",     "himself",
        "his",     "i",          "if",         "in",    "into",    "is",      "it",      "it's",
        "its",     "itself",     "just",       "me",    "more",    "most",    "my",      "myself",
        "of",      "off",        "on",         "once",  "only",    "or",      "other",   "our",
        "ours",    "ourselves",  "out",        "over",  "own",     "same",    "she",     "should",
        "so",      "some",       "such",       "than",  "that",    "the",     "their",   "theirs",
        "them",    "themselves", "then",       "there", "these",   "they",    "this",    "those",
        "through", "to",         "too",        "under", "until",   "up",      "very",    "was",
        "we",      "were",       "while",      "will",  "with",    "would",   "you",     "your",
        "yours",   "yourself",   "yourselves", "i'm",   "you're",  "we're",   "they're", "i've",
        "you've",  "i'd",        "i'll",       "let's", "s",       "t"};
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    return words;
  }();
  return kWords;
}

bool is_stopword(std::string_view lowercase_word) {
  const auto& words = english_stopwords();
  return std::binary_search(words.begin(), words.end(), lowercase_word);
}

}  // namespace finchat::nlp
