#pragma once
// Turns English finance text into index terms for retrieval: nlp tokenizer, stopword removal,
// Porter2 stemming, plus code-like compounds kept whole ("1099-int", "w-8ben", "2fa", "ach").
#include <string>
#include <string_view>
#include <vector>

namespace finchat::retrieval {

struct AnalyzerOptions {
  bool stem = true;
  bool drop_stopwords = true;
  bool synonyms = true;  // canonicalize() first (synonyms.hpp)
};

// Index terms in text order (duplicates kept, so callers can count term frequency).
std::vector<std::string> analyze(std::string_view text, const AnalyzerOptions& options = {});

// Retrieval-only filler words on top of the nlp stopwords ("please", "hi", "thanks").
bool is_retrieval_filler(std::string_view lowercase_word);

}  // namespace finchat::retrieval
