// Porter2 ("English") stemmer, written from the published algorithm description.
#include <array>
#include <utility>

#include "nlp/text.hpp"

namespace finchat::nlp {
namespace {

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool is_double(std::string_view w) {
  if (w.size() < 2 || w[w.size() - 1] != w[w.size() - 2]) return false;
  const char c = w.back();
  return c == 'b' || c == 'd' || c == 'f' || c == 'g' || c == 'm' || c == 'n' || c == 'p' ||
         c == 'r' || c == 't';
}

bool is_li_ending(char c) {
  return c == 'c' || c == 'd' || c == 'e' || c == 'g' || c == 'h' || c == 'k' || c == 'm' ||
         c == 'n' || c == 'r' || c == 't';
}

// Start of the region after the first non-vowel that follows a vowel, searching from `from`.
size_t region_after(std::string_view w, size_t from) {
  for (size_t i = from + 1; i < w.size(); ++i) {
    if (is_vowel(w[i - 1]) && !is_vowel(w[i])) return i + 1;
  }
  return w.size();
}

bool ends_in_short_syllable(std::string_view w) {
  const size_t n = w.size();
  if (n == 2) return is_vowel(w[0]) && !is_vowel(w[1]);
  if (n < 3) return false;
  const char last = w[n - 1];
  return !is_vowel(w[n - 3]) && is_vowel(w[n - 2]) && !is_vowel(last) && last != 'w' &&
         last != 'x' && last != 'Y';
}

struct Rule {
  std::string_view suffix;
  std::string_view replacement;
};

class Stemmer {
 public:
  explicit Stemmer(std::string word) : w_(std::move(word)) {}

  std::string run() {
    mark_consonant_y();
    compute_regions();
    step0();
    step1a();
    if (is_invariant_after_1a()) return finish();
    step1b();
    step1c();
    step2();
    step3();
    step4();
    step5();
    return finish();
  }

 private:
  bool ends_with(std::string_view suffix) const {
    return w_.size() >= suffix.size() &&
           std::string_view(w_).substr(w_.size() - suffix.size()) == suffix;
  }
  bool in_r1(size_t suffix_len) const { return w_.size() - suffix_len >= r1_; }
  bool in_r2(size_t suffix_len) const { return w_.size() - suffix_len >= r2_; }
  void replace_suffix(size_t len, std::string_view with) {
    w_.resize(w_.size() - len);
    w_.append(with);
  }
  bool short_word() const { return r1_ >= w_.size() && ends_in_short_syllable(w_); }
  bool has_vowel(size_t end) const {
    for (size_t i = 0; i < end && i < w_.size(); ++i) {
      if (is_vowel(w_[i])) return true;
    }
    return false;
  }

  // Longest rule whose suffix ends the word (Snowball "among" semantics), or nullptr.
  template <size_t N>
  const Rule* longest(const std::array<Rule, N>& rules) const {
    const Rule* best = nullptr;
    for (const Rule& r : rules) {
      if (ends_with(r.suffix) && (best == nullptr || r.suffix.size() > best->suffix.size())) {
        best = &r;
      }
    }
    return best;
  }

  void mark_consonant_y() {
    if (w_[0] == 'y') w_[0] = 'Y';
    for (size_t i = 1; i < w_.size(); ++i) {
      if (w_[i] == 'y' && is_vowel(w_[i - 1])) w_[i] = 'Y';
    }
  }

  void compute_regions() {
    static constexpr std::array<std::string_view, 3> kPrefixes = {"gener", "commun", "arsen"};
    r1_ = std::string::npos;
    for (std::string_view p : kPrefixes) {
      if (std::string_view(w_).substr(0, p.size()) == p) r1_ = p.size();
    }
    if (r1_ == std::string::npos) r1_ = region_after(w_, 0);
    r2_ = region_after(w_, r1_);
  }

  void step0() {
    for (std::string_view s : {"'s'", "'s", "'"}) {
      if (ends_with(s)) {
        replace_suffix(s.size(), "");
        return;
      }
    }
  }

  void step1a() {
    if (ends_with("sses")) {
      replace_suffix(2, "");
    } else if (ends_with("ied") || ends_with("ies")) {
      replace_suffix(3, w_.size() > 4 ? "i" : "ie");
    } else if (ends_with("us") || ends_with("ss")) {
      // unchanged
    } else if (ends_with("s") && w_.size() >= 3 && has_vowel(w_.size() - 2)) {
      replace_suffix(1, "");
    }
  }

  bool is_invariant_after_1a() const {
    static constexpr std::array<std::string_view, 8> kWords = {
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"};
    for (std::string_view word : kWords) {
      if (w_ == word) return true;
    }
    return false;
  }

  void step1b() {
    static constexpr std::array<Rule, 6> kRules = {
        {{"eedly", "ee"}, {"ingly", ""}, {"edly", ""}, {"eed", "ee"}, {"ing", ""}, {"ed", ""}}};
    const Rule* r = longest(kRules);
    if (r == nullptr) return;
    if (r->replacement == "ee") {
      if (in_r1(r->suffix.size())) replace_suffix(r->suffix.size(), "ee");
      return;
    }
    if (!has_vowel(w_.size() - r->suffix.size())) return;
    replace_suffix(r->suffix.size(), "");
    // Porter2 step 1b: the order of these tests is the algorithm's.
    // NOLINTNEXTLINE(bugprone-branch-clone)
    if (ends_with("at") || ends_with("bl") || ends_with("iz")) {
      w_.push_back('e');
    } else if (is_double(w_)) {
      w_.pop_back();
    } else if (short_word()) {
      w_.push_back('e');
    }
  }

  void step1c() {
    const size_t n = w_.size();
    if (n > 2 && (w_[n - 1] == 'y' || w_[n - 1] == 'Y') && !is_vowel(w_[n - 2])) w_[n - 1] = 'i';
  }

  void step2() {
    static constexpr std::array<Rule, 24> kRules = {{
        {"ization", "ize"}, {"ational", "ate"}, {"fulness", "ful"}, {"ousness", "ous"},
        {"iveness", "ive"}, {"tional", "tion"}, {"biliti", "ble"},  {"lessli", "less"},
        {"entli", "ent"},   {"ation", "ate"},   {"alism", "al"},    {"aliti", "al"},
        {"ousli", "ous"},   {"iviti", "ive"},   {"fulli", "ful"},   {"enci", "ence"},
        {"anci", "ance"},   {"abli", "able"},   {"izer", "ize"},    {"ator", "ate"},
        {"alli", "al"},     {"bli", "ble"},     {"ogi", "og"},      {"li", ""},
    }};
    const Rule* r = longest(kRules);
    if (r == nullptr || !in_r1(r->suffix.size())) return;
    const size_t stem_end = w_.size() - r->suffix.size();
    if (r->suffix == "ogi" && (stem_end == 0 || w_[stem_end - 1] != 'l')) return;
    if (r->suffix == "li" && (stem_end == 0 || !is_li_ending(w_[stem_end - 1]))) return;
    replace_suffix(r->suffix.size(), r->replacement);
  }

  void step3() {
    static constexpr std::array<Rule, 9> kRules = {{
        {"ational", "ate"},
        {"tional", "tion"},
        {"alize", "al"},
        {"icate", "ic"},
        {"iciti", "ic"},
        {"ical", "ic"},
        {"ful", ""},
        {"ness", ""},
        {"ative", ""},
    }};
    const Rule* r = longest(kRules);
    if (r == nullptr || !in_r1(r->suffix.size())) return;
    if (r->suffix == "ative" && !in_r2(r->suffix.size())) return;
    replace_suffix(r->suffix.size(), r->replacement);
  }

  void step4() {
    static constexpr std::array<Rule, 18> kRules = {{
        {"ement", ""},
        {"ance", ""},
        {"ence", ""},
        {"able", ""},
        {"ible", ""},
        {"ment", ""},
        {"ant", ""},
        {"ent", ""},
        {"ism", ""},
        {"ate", ""},
        {"iti", ""},
        {"ous", ""},
        {"ive", ""},
        {"ize", ""},
        {"ion", ""},
        {"al", ""},
        {"er", ""},
        {"ic", ""},
    }};
    const Rule* r = longest(kRules);
    if (r == nullptr || !in_r2(r->suffix.size())) return;
    const size_t stem_end = w_.size() - r->suffix.size();
    if (r->suffix == "ion" &&
        (stem_end == 0 || (w_[stem_end - 1] != 's' && w_[stem_end - 1] != 't'))) {
      return;
    }
    replace_suffix(r->suffix.size(), "");
  }

  void step5() {
    if (ends_with("e")) {
      const std::string_view before = std::string_view(w_).substr(0, w_.size() - 1);
      if (in_r2(1) || (in_r1(1) && !ends_in_short_syllable(before))) w_.pop_back();
    } else if (ends_with("l") && in_r2(1) && w_.size() >= 2 && w_[w_.size() - 2] == 'l') {
      w_.pop_back();
    }
  }

  std::string finish() {
    for (char& c : w_) {
      if (c == 'Y') c = 'y';
    }
    return std::move(w_);
  }

  std::string w_;
  size_t r1_ = 0;
  size_t r2_ = 0;
};

// Words the algorithm lists as exceptions, stemmed as a whole.
bool exceptional_form(std::string_view w, std::string& out) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kForms = {{
      {"skis", "ski"},
      {"skies", "sky"},
      {"dying", "die"},
      {"lying", "lie"},
      {"tying", "tie"},
      {"idly", "idl"},
      {"gently", "gentl"},
      {"ugly", "ugli"},
      {"early", "earli"},
      {"only", "onli"},
      {"singly", "singl"},
      {"sky", "sky"},
      {"news", "news"},
      {"howe", "howe"},
      {"atlas", "atlas"},
      {"cosmos", "cosmos"},
      {"bias", "bias"},
      {"andes", "andes"},
  }};
  for (const auto& [word, stem] : kForms) {
    if (w == word) {
      out = std::string(stem);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string porter2_stem(std::string_view word) {
  for (char c : word) {
    if (!((c >= 'a' && c <= 'z') || c == '\'')) return std::string(word);
  }
  if (!word.empty() && word.front() == '\'') word.remove_prefix(1);
  if (word.size() <= 2) return std::string(word);
  std::string exceptional;
  if (exceptional_form(word, exceptional)) return exceptional;
  return Stemmer(std::string(word)).run();
}

}  // namespace finchat::nlp
