#include "train/text_clean.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>
#include <unordered_set>

#include "core/text.hpp"

namespace finchat::train {

namespace {
std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\f\v");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\f\v") - b + 1);
}
using core::lower;
}  // namespace

std::string normalize_whitespace(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  bool blank = true;  // also drops leading blank lines
  while (std::getline(in, line)) {
    std::string collapsed;
    bool space = false;
    for (char c : trim(line)) {
      if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
        space = true;
        continue;
      }
      if (space) collapsed += ' ';
      collapsed += c;
      space = false;
    }
    if (collapsed.empty()) {
      if (!blank) out += "\n";
      blank = true;
      continue;
    }
    out += collapsed + "\n";
    blank = false;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool is_boilerplate_line(const std::string& line) {
  static const std::regex patterns(
      R"((all rights reserved|^(©|\(c\)|copyright)\s|cookie|privacy policy|terms of (use|service)|)"
      R"(subscribe to our|sign up for our newsletter|click here|^share( this)?:?$|^page \d+( of \d+)?$|)"
      R"(^\d+$|^(home|menu|skip to (main )?content|back to top|next|previous)$|^(home\s*[>/|]\s*)))",
      std::regex::icase);
  const std::string t = lower(trim(line));
  // Boilerplate lines are short; a long one is content (and the recursive regex engine would
  // overflow the stack on a megabyte-long line).
  constexpr std::size_t kMaxBoilerplateChars = 300;
  if (t.empty() || t.size() > kMaxBoilerplateChars) return false;
  return std::regex_search(t, patterns);
}

void LineFrequency::add_document(const std::string& text) {
  ++n_docs_;
  std::unordered_set<std::string> seen;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto t = lower(trim(line));
    if (!t.empty() && seen.insert(t).second) ++docs_with_line_[t];
  }
}

bool LineFrequency::is_repeated(const std::string& line, size_t min_docs, double min_share) const {
  auto it = docs_with_line_.find(lower(trim(line)));
  if (it == docs_with_line_.end()) return false;
  return it->second >= min_docs && it->second >= min_share * static_cast<double>(n_docs_);
}

std::string clean_text(const std::string& text, const LineFrequency* freq, CleanStats& stats) {
  std::istringstream in(normalize_whitespace(text));
  std::string line, out;
  while (std::getline(in, line)) {
    if (is_boilerplate_line(line) || (freq && freq->is_repeated(line))) {
      ++stats.boilerplate_lines;
      continue;
    }
    out += line + "\n";
  }
  return normalize_whitespace(out);
}

}  // namespace finchat::train
