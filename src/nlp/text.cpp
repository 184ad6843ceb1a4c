#include "nlp/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace finchat::nlp {
namespace {

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_high(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_word_char(char c) { return is_ascii_alpha(c) || is_digit(c) || is_high(c); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes are invalid.
size_t utf8_length(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    len = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    len = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    len = 4;
  else
    return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return len;
}

// ASCII replacement for common typographic code points (possibly ""), or none.
std::optional<std::string_view> ascii_replacement(std::string_view seq) {
  struct Mapping {
    std::string_view utf8;
    std::string_view ascii;
  };
  static constexpr std::array<Mapping, 11> kMap = {{
      {"\xC2\xA0", " "},      // no-break space
      {"\xE2\x80\x98", "'"},  // left single quote
      {"\xE2\x80\x99", "'"},  // right single quote / apostrophe
      {"\xE2\x80\x9C", "\""},
      {"\xE2\x80\x9D", "\""},
      {"\xE2\x80\x93", "-"},  // en dash
      {"\xE2\x80\x94", "-"},  // em dash
      {"\xE2\x80\xA6", "..."},
      {"\xE2\x80\x89", " "},  // thin space
      {"\xE2\x80\x8B", ""},   // zero-width space (maps to nothing)
      {"\xEF\xBB\xBF", ""},   // byte order mark
  }};
  for (const auto& m : kMap) {
    if (seq == m.utf8) return m.ascii;
  }
  return std::nullopt;
}

std::string normalize_impl(std::string_view text, bool lowercase) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto emit = [&](std::string_view piece) {
    for (char c : piece) {
      if (is_space(c)) {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(lowercase ? ascii_lower(c) : c);
    }
  };
  size_t i = 0;
  while (i < text.size()) {
    const size_t len = utf8_length(text, i);
    if (len == 0) {
      emit("?");
      ++i;
      continue;
    }
    const std::string_view seq = text.substr(i, len);
    if (len > 1) {
      const auto repl = ascii_replacement(seq);
      emit(repl ? *repl : seq);
    } else {
      emit(seq);
    }
    i += len;
  }
  return out;
}

bool starts_with_ci(std::string_view s, size_t i, std::string_view prefix) {
  if (i + prefix.size() > s.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    if (ascii_lower(s[i + k]) != prefix[k]) return false;
  }
  return true;
}

// Currency symbol at s[i]: returns its byte length, or 0.
size_t currency_length(std::string_view s, size_t i) {
  if (s[i] == '$') return 1;
  if (starts_with_ci(s, i, "\xE2\x82\xAC")) return 3;                                  // euro
  if (starts_with_ci(s, i, "\xC2\xA3") || starts_with_ci(s, i, "\xC2\xA5")) return 2;  // pound, yen
  return 0;
}

// Digits with optional thousands/decimal groups: 1,200.50 -> end index.
size_t scan_number(std::string_view s, size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  while (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1])) {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  return i;
}

// Magnitude suffix ("k", "m", "mm", "b", "bn", "t") followed by a word boundary.
size_t scan_magnitude(std::string_view s, size_t i) {
  static constexpr std::array<std::string_view, 6> kSuffixes = {"bn", "mm", "k", "m", "b", "t"};
  for (std::string_view suffix : kSuffixes) {
    if (starts_with_ci(s, i, suffix)) {
      const size_t end = i + suffix.size();
      if (end == s.size() || !is_word_char(s[end])) return end;
    }
  }
  return i;
}

size_t scan_word(std::string_view s, size_t i) {
  // A word goes on over word characters and inner apostrophes (don't, it's).
  auto continues = [s](size_t k) {
    return is_word_char(s[k]) || (s[k] == '\'' && k + 1 < s.size() && is_ascii_alpha(s[k + 1]) &&
                                  k > 0 && is_word_char(s[k - 1]));
  };
  while (i < s.size() && continues(i)) ++i;
  return i;
}

class Scanner {
 public:
  Scanner(std::string_view s, const TokenizeOptions& options) : s_(s), options_(options) {}

  std::vector<Token> run() {
    while (i_ < s_.size()) step();
    return std::move(tokens_);
  }

 private:
  void step() {
    const char c = s_[i_];
    // Spaces are skipped before the other checks, like the punctuation at the end.
    // NOLINTNEXTLINE(bugprone-branch-clone)
    if (is_space(c)) {
      ++i_;
    } else if (starts_with_ci(s_, i_, "http://") || starts_with_ci(s_, i_, "https://") ||
               starts_with_ci(s_, i_, "www.")) {
      scan_url();
    } else if (c == '@' && i_ + 1 < s_.size() && (is_word_char(s_[i_ + 1]) || s_[i_ + 1] == '_')) {
      scan_mention();
    } else if (const size_t cur = currency_length(s_, i_); cur > 0) {
      scan_currency(cur);
    } else if (is_digit(c)) {
      scan_numeric(i_, TokenKind::number);
    } else if (is_word_char(c)) {
      const size_t end = scan_word(s_, i_);
      emit(i_, end, TokenKind::word);
    } else {
      ++i_;  // punctuation separates tokens and is dropped
    }
  }

  void scan_url() {
    size_t end = i_;
    while (end < s_.size() && !is_space(s_[end])) ++end;
    if (options_.keep_urls) tokens_.push_back({"<url>", TokenKind::url});
    i_ = end;
  }

  void scan_mention() {
    size_t end = i_ + 1;
    while (end < s_.size() && (is_word_char(s_[end]) || s_[end] == '_')) ++end;
    emit(i_, end, TokenKind::mention);
  }

  void scan_currency(size_t symbol_len) {
    const size_t start = i_;
    const size_t after = i_ + symbol_len;
    if (after < s_.size() && is_digit(s_[after])) {
      i_ = after;
      scan_numeric(start, TokenKind::amount);
      return;
    }
    if (s_[start] == '$' && after < s_.size() && is_ascii_alpha(s_[after])) {
      size_t end = after;
      while (end < s_.size() && is_ascii_alpha(s_[end])) ++end;
      if (end - after <= 6 && (end == s_.size() || !is_word_char(s_[end]))) {
        emit(start, end, TokenKind::ticker);
        i_ = end;
        return;
      }
    }
    i_ = after;  // a lone currency symbol carries no token
  }

  // Number starting at i_ (token text starts at `start`, which may include a currency symbol).
  void scan_numeric(size_t start, TokenKind kind) {
    size_t end = scan_number(s_, i_);
    if (end < s_.size() && s_[end] == '%') {
      emit(start, end + 1, kind == TokenKind::amount ? kind : TokenKind::percent);
      return;
    }
    const size_t with_suffix = scan_magnitude(s_, end);
    if (with_suffix != end) {
      emit(start, with_suffix, kind);
      return;
    }
    if (end < s_.size() && is_word_char(s_[end]) && kind == TokenKind::number) {
      emit(start, scan_word(s_, end), TokenKind::word);  // "3rd", "10am", "2fa"
      return;
    }
    emit(start, end, kind);
  }

  void emit(size_t begin, size_t end, TokenKind kind) {
    std::string text(s_.substr(begin, end - begin));
    if (options_.lowercase) {
      std::transform(text.begin(), text.end(), text.begin(), ascii_lower);
    }
    tokens_.push_back({std::move(text), kind});
    i_ = end;
  }

  std::string_view s_;
  const TokenizeOptions& options_;
  size_t i_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

std::string normalize(std::string_view text) { return normalize_impl(text, true); }

std::vector<Token> tokenize_detailed(std::string_view text, const TokenizeOptions& options) {
  const std::string clean = normalize_impl(text, options.lowercase);
  return Scanner(clean, options).run();
}

std::vector<std::string> tokenize(std::string_view text, const TokenizeOptions& options) {
  std::vector<Token> tokens = tokenize_detailed(text, options);
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (auto& t : tokens) out.push_back(std::move(t.text));
  return out;
}

}  // namespace finchat::nlp
