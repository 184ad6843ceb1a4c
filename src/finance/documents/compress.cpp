#include "finance/documents/compress.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "core/text.hpp"

namespace finchat::documents {

namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

using core::lower;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

size_t words(const std::string& s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

// A figure is a number that is not a bare year and not part of a label such as Q3 or 10-K.
struct FigureScan {
  std::string text;  // "$1.2 billion", "12%"
  size_t end = 0;
};

std::vector<FigureScan> scan_figures(const std::string& s) {
  std::vector<FigureScan> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || is_alpha(s[i - 1]) || s[i - 1] == '.' ||
                                      s[i - 1] == ','))) {
      continue;
    }
    size_t j = i;
    while (j < s.size() && (is_digit(s[j]) || ((s[j] == '.' || s[j] == ',') && j + 1 < s.size() &&
                                               is_digit(s[j + 1])))) {
      ++j;
    }
    const std::string number = s.substr(i, j - i);
    if (j < s.size() && is_alpha(s[j]) && s[j] != 'm' && s[j] != 'b' && s[j] != 'k') {
      i = j;  // "3rd", "10x"-style labels
      continue;
    }
    const bool dollar = i > 0 && s[i - 1] == '$';
    const bool percent = (j < s.size() && s[j] == '%') || lower(s.substr(j, 8)) == " percent";
    const bool year =
        number.size() == 4 && (number.rfind("19", 0) == 0 || number.rfind("20", 0) == 0);
    if (year && !dollar && !percent) {
      i = j;
      continue;
    }
    std::string text = (dollar ? "$" : "") + number + (percent ? "%" : "");
    static const char* kScales[] = {" million", " billion", " thousand", " trillion"};
    for (const char* scale : kScales) {
      const std::string sc = scale;
      if (lower(s.substr(j, sc.size())) == sc) text += sc;
    }
    out.push_back({text, j});
    i = j;
  }
  return out;
}

bool has_figure(const std::string& s) { return !scan_figures(s).empty(); }

bool has_any(const std::string& lower_text, const std::vector<std::string>& words_list) {
  for (const auto& w : words_list) {
    const auto pos = lower_text.find(w);
    if (pos != std::string::npos && (pos == 0 || !is_alpha(lower_text[pos - 1]))) return true;
  }
  return false;
}

// A clause that anchors a figure in time or to a metric is never dropped as an aside.
bool anchors_figure(const std::string& clause) {
  static const std::vector<std::string> kAnchors = {
      "quarter", "year",   "fiscal",   "month",    "q1",       "q2",      "q3",     "q4",
      "fy",      "half",   "revenue",  "sales",    "earnings", "eps",     "income", "margin",
      "ebitda",  "cash",   "dividend", "guidance", "outlook",  "share",   "profit", "loss",
      "expense", "orders", "backlog",  "bookings", "capex",    "capital", "debt",   "growth"};
  const std::string l = lower(clause);
  static const std::regex kYear("\\b(19|20)\\d\\d\\b", std::regex::optimize);
  return has_any(l, kAnchors) || std::regex_search(l, kYear);
}

// Spoken padding at the start of a sentence; none of it carries a fact or changes modality.
std::string strip_padding(std::string s) {
  static const std::regex kPadding(
      "^((and|so|but|now|well|also|again|okay|ok|yes|then|overall|finally|lastly|additionally|"
      "in addition|all in all|in summary|importantly|as a result)\\b,?\\s+"
      "|(i|we)('m| am|'re| are) (very |really |extremely |particularly )?(pleased|happy|proud|"
      "excited|delighted|glad) to (report|announce|say|share|note|tell you)( that)?\\s+"
      "|(i|we)( would|'d)( like to)? (point out|note|remind you|highlight|mention) that\\s+"
      "|as (you can see|you know|i mentioned|we mentioned|mentioned|noted|i said)[^,]*,\\s*)",
      std::regex::icase | std::regex::optimize);
  for (int round = 0; round < 4; ++round) {
    std::smatch m;
    if (!std::regex_search(s, m, kPadding) || m.length(0) == 0) break;
    s = s.substr(size_t(m.length(0)));
  }
  return s;
}

std::string finish(std::string s) {
  s = trim(s);
  while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ':' || s.back() == '-' ||
                        s.back() == ' ')) {
    s.pop_back();
  }
  if (s.empty()) return s;
  s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
  if (s.back() != '.' && s.back() != '!' && s.back() != '?') s += '.';
  return s;
}

}  // namespace

std::vector<std::string> split_clauses(const std::string& sentence) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < sentence.size(); ++i) {
    const char c = sentence[i];
    cur += c;
    const char next = i + 1 < sentence.size() ? sentence[i + 1] : '\0';
    const bool punct = (c == ',' || c == ';' || c == ':') && next == ' ';
    const bool dash =
        c == ' ' && (next == '-' || next == '\xe2') && i + 2 < sentence.size() &&
        (sentence.compare(i + 1, 2, "- ") == 0 || sentence.compare(i + 1, 3, "-- ") == 0 ||
         sentence.compare(i + 1, 4, "\xe2\x80\x94 ") == 0);
    if (punct) {
      cur += ' ';
      ++i;
      out.push_back(cur);
      cur.clear();
    } else if (dash) {
      size_t j = i + 1;
      while (j < sentence.size() && sentence[j] != ' ') cur += sentence[j++];
      cur += ' ';
      i = j;
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::vector<std::string> figures(const std::string& text) {
  std::vector<std::string> out;
  for (auto& f : scan_figures(text)) out.push_back(std::move(f.text));
  return out;
}

std::string compress_sentence(const std::string& sentence, const CompressOptions& options) {
  const std::string original = finish(sentence);
  auto clauses = split_clauses(strip_padding(trim(sentence)));
  std::vector<bool> figure(clauses.size());
  size_t figure_clauses = 0, last = clauses.size();
  for (size_t i = 0; i < clauses.size(); ++i) {
    figure[i] = has_figure(clauses[i]);
    if (!figure[i]) continue;
    ++figure_clauses;
    if (options.max_figure_clauses == 0 || figure_clauses <= options.max_figure_clauses) last = i;
  }
  if (figure_clauses == 0) return finish(strip_padding(trim(sentence)));
  size_t first = 0;
  while (first < last && !figure[first] && !anchors_figure(clauses[first]) &&
         words(clauses[first]) <= options.max_lead_words) {
    ++first;
  }
  std::string kept;
  for (size_t i = first; i <= last; ++i) kept += clauses[i];
  kept = finish(kept);
  return words(kept) >= 3 ? kept : original;
}

}  // namespace finchat::documents
