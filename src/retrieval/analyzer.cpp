#include "retrieval/analyzer.hpp"

#include <algorithm>
#include <array>

#include "nlp/text.hpp"
#include "retrieval/synonyms.hpp"

namespace finchat::retrieval {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Hyphenated runs with a digit in them ("1099-int", "w-8ben", "401-k") name forms and products;
// the tokenizer splits them, so they are added back as one extra term.
std::vector<std::string> hyphen_codes(std::string_view text) {
  std::vector<std::string> codes;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_alnum(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    bool hyphen = false;
    while (end < text.size()) {
      if (is_alnum(text[end])) {
        ++end;
      } else if (text[end] == '-' && end + 1 < text.size() && is_alnum(text[end + 1])) {
        hyphen = true;
        ++end;
      } else {
        break;
      }
    }
    const std::string_view run = text.substr(i, end - i);
    if (hyphen && has_digit(run) && run.size() <= 16) {
      std::string code(run);
      std::transform(code.begin(), code.end(), code.begin(),
                     [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
      codes.push_back(std::move(code));
    }
    i = end;
  }
  return codes;
}

}  // namespace

bool is_retrieval_filler(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kFiller = {
      "hello", "hey", "hi", "kindly", "ok", "okay", "please", "pls", "thank", "thanks", "thx", "u"};
  return std::find(kFiller.begin(), kFiller.end(), w) != kFiller.end();
}

std::vector<std::string> analyze(std::string_view raw, const AnalyzerOptions& options) {
  std::string canonical;
  if (options.synonyms) canonical = canonicalize(raw);
  const std::string_view text = options.synonyms ? std::string_view(canonical) : raw;
  std::vector<std::string> terms;
  for (auto& token : nlp::tokenize_detailed(text)) {
    if (token.kind == nlp::TokenKind::url || token.kind == nlp::TokenKind::mention) continue;
    std::string word = std::move(token.text);
    if (token.kind == nlp::TokenKind::word) {
      if (options.drop_stopwords && (nlp::is_stopword(word) || is_retrieval_filler(word))) {
        continue;
      }
      // Strip a possessive so "bank's" and "bank" meet.
      if (word.size() > 2 && word.ends_with("'s")) word.resize(word.size() - 2);
      if (options.stem) word = nlp::porter2_stem(word);
    }
    if (!word.empty()) terms.push_back(std::move(word));
  }
  for (auto& code : hyphen_codes(text)) terms.push_back(std::move(code));
  return terms;
}

}  // namespace finchat::retrieval
