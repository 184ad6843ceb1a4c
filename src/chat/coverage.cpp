#include "chat/coverage.hpp"

#include <cctype>

#include "chat/verifier.hpp"

namespace finchat::chat {

namespace {

constexpr size_t kMaxWordLength = 32;

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Whole-word, case-insensitive search ("NOVA" is not found inside "NOVAX").
bool contains_word(std::string_view text, std::string_view word) {
  if (word.empty()) return true;
  for (size_t i = 0; i + word.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < word.size() && lower(text[i + k]) == lower(word[k])) ++k;
    if (k < word.size()) continue;
    const bool left_ok = i == 0 || !is_word_char(text[i - 1]) || !is_word_char(word.front());
    const size_t end = i + word.size();
    const bool right_ok =
        end == text.size() || !is_word_char(text[end]) || !is_word_char(word.back());
    if (left_ok && right_ok) return true;
  }
  return false;
}

// The verifier decides whether a number is shown: with only this value as a fact, one
// fewer number of the text is unsupported than with no facts at all.
class NumberMatcher {
 public:
  explicit NumberMatcher(std::string_view text)
      : text_(text), numbers_in_text_(verify_numbers(text, {}).unsupported.size()) {}

  bool states(const nlohmann::json& number) const {
    if (numbers_in_text_ == 0) return false;
    const std::vector<Fact> only{Fact{"", number, "", "", ""}};
    return verify_numbers(text_, only).unsupported.size() < numbers_in_text_;
  }

 private:
  std::string_view text_;
  size_t numbers_in_text_;
};

std::string shown(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

void require_value(const nlohmann::json& v, const std::string& name, std::string_view text,
                   const NumberMatcher& numbers, std::vector<std::string>& missing) {
  if (v.is_number()) {
    if (!numbers.states(v)) missing.push_back(name + ": " + shown(v));
  } else if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s.empty()) return;
    if (s.size() <= kMaxWordLength && s.find_first_of(" \t\n") == std::string::npos) {
      if (!contains_word(text, s)) missing.push_back(name + ": " + s);
      return;
    }
    for (double d : extract_numbers(s)) {
      if (!numbers.states(d)) missing.push_back(name + ": " + shown(nlohmann::json(d)));
    }
  } else if (v.is_array() || v.is_object()) {
    for (const auto& item : v) require_value(item, name, text, numbers, missing);
  }
}

// "NOVA.last" -> "NOVA" when the prefix looks like a ticker (upper-case letters, digits).
std::string ticker_prefix(const std::string& name) {
  const auto dot = name.find('.');
  if (dot == std::string::npos || dot == 0 || dot > 10) return {};
  bool letter = false;
  for (size_t i = 0; i < dot; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (std::isupper(c)) {
      letter = true;
    } else if (!std::isdigit(c) && c != '-') {
      return {};
    }
  }
  return letter ? name.substr(0, dot) : std::string();
}

}  // namespace

CoverageResult check_coverage(std::string_view text, const std::vector<Fact>& facts_to_state) {
  CoverageResult r;
  const NumberMatcher numbers(text);
  for (const auto& f : facts_to_state) {
    const std::string ticker = ticker_prefix(f.name);
    if (!ticker.empty() && !contains_word(text, ticker))
      r.missing.push_back(f.name + ": " + ticker);
    require_value(f.value, f.name, text, numbers, r.missing);
  }
  r.ok = r.missing.empty();
  return r;
}

}  // namespace finchat::chat
