#pragma once
// English text utilities shared by every NLP feature: normalisation, a tokenizer that keeps
// financial tokens ("$20k", "3.5%", "$AAPL", "AAPL") intact, stopwords and a Porter2 stemmer.
#include <string>
#include <string_view>
#include <vector>

namespace finchat::nlp {

// Lowercases ASCII letters, maps common Unicode punctuation (curly quotes, dashes, non-breaking
// space) to ASCII, collapses runs of whitespace to one space and trims. Other UTF-8 bytes pass
// through unchanged; invalid UTF-8 bytes are replaced by '?'.
std::string normalize(std::string_view text);

enum class TokenKind {
  word,     // letters/digits, inner apostrophes kept: "don't", "401k", "e-mail" -> "e", "mail"
  number,   // 42, 1,200.50, 20k, 3bn
  percent,  // 3.5%
  amount,   // $20k, €1.5m, £300
  ticker,   // cashtag $AAPL (kept as "$aapl" when lowercased)
  url,      // http(s)://... or www.... (text replaced by "<url>")
  mention,  // @user
};

struct Token {
  std::string text;
  TokenKind kind = TokenKind::word;
};

struct TokenizeOptions {
  bool lowercase = true;  // lowercases ASCII letters (tickers included)
  bool keep_urls = true;  // emit "<url>" tokens; false drops them
};

std::vector<Token> tokenize_detailed(std::string_view text, const TokenizeOptions& options = {});
// Convenience: only the token texts.
std::vector<std::string> tokenize(std::string_view text, const TokenizeOptions& options = {});

// English stopwords (lowercase; function words, pronouns, auxiliaries). Sorted, unique.
const std::vector<std::string_view>& english_stopwords();
bool is_stopword(std::string_view lowercase_word);

// Porter2 ("English") stemmer for lowercase ASCII words. Words with non-ASCII bytes, digits or
// fewer than 3 letters are returned unchanged.
std::string porter2_stem(std::string_view word);

}  // namespace finchat::nlp
