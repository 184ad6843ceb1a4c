#include "finance/documents/sentences.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace finchat::documents {

namespace {

bool is_abbreviation(const std::string& word) {
  static const std::set<std::string> kAbbrev = {
      "mr",  "mrs", "ms",  "dr",   "inc", "corp",   "co",  "ltd", "jr",  "sr",  "st",  "vs",  "etc",
      "e.g", "i.e", "u.s", "u.k",  "no",  "approx", "est", "fig", "jan", "feb", "mar", "apr", "jun",
      "jul", "aug", "sep", "sept", "oct", "nov",    "dec", "mln", "bln", "yr",  "avg"};
  std::string w;
  for (char c : word) w += char(std::tolower(static_cast<unsigned char>(c)));
  while (!w.empty() && !std::isalnum(static_cast<unsigned char>(w.front()))) w.erase(w.begin());
  if (kAbbrev.count(w)) return true;
  return w.size() == 1 && std::isalpha(static_cast<unsigned char>(w[0]));  // initials
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::vector<std::string> split_sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    auto t = trim(cur);
    if (!t.empty()) out.push_back(std::move(t));
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
      flush();
      continue;
    }
    cur += c == '\n' ? ' ' : c;
    const bool overlong = cur.size() >= kMaxSentenceChars &&
                          (std::isspace(static_cast<unsigned char>(c)) ||
                           cur.size() >= kMaxSentenceChars + kMaxSentenceChars / 2);
    if (overlong) {
      flush();
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    const char next = i + 1 < text.size() ? text[i + 1] : ' ';
    if (c == '.' && std::isdigit(static_cast<unsigned char>(next))) continue;  // decimal
    if (!std::isspace(static_cast<unsigned char>(next)) && next != '"' && next != '\'' &&
        next != ')') {
      continue;
    }
    if (c == '.') {
      const auto sp = cur.find_last_of(' ', cur.size() - 2);
      const std::string word = cur.substr(sp == std::string::npos ? 0 : sp + 1,
                                          cur.size() - 1 - (sp == std::string::npos ? 0 : sp + 1));
      if (is_abbreviation(word)) continue;
    }
    // Require the next sentence to start with an upper-case letter, digit or quote.
    size_t j = i + 1;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j < text.size() && std::islower(static_cast<unsigned char>(text[j]))) continue;
    flush();
  }
  flush();
  return out;
}

std::vector<std::string> clip_sentences(const std::vector<std::string>& sentences) {
  std::vector<std::string> out;
  out.reserve(sentences.size());
  for (const auto& s : sentences) {
    if (s.size() <= kMaxSentenceChars) {
      out.push_back(s);
      continue;
    }
    auto cut = s.rfind(' ', kMaxSentenceChars);
    if (cut == std::string::npos || cut < kMaxSentenceChars / 2) cut = kMaxSentenceChars;
    out.push_back(s.substr(0, cut));
  }
  return out;
}

const std::vector<std::string>& clipped(const std::vector<std::string>& sentences,
                                        std::vector<std::string>& storage) {
  const bool any_long = std::any_of(sentences.begin(), sentences.end(),
                                    [](const auto& s) { return s.size() > kMaxSentenceChars; });
  if (!any_long) return sentences;
  storage = clip_sentences(sentences);
  return storage;
}

}  // namespace finchat::documents
