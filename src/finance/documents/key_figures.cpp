#include "finance/documents/key_figures.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <regex>

#include "finance/documents/sentences.hpp"

namespace finchat::documents {

const char* to_string(Direction d) {
  return d == Direction::up ? "up" : d == Direction::down ? "down" : "none";
}

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Direction direction_of(const std::string& l) {
  static const std::regex up(R"(\b(increas\w*|grew|grow\w*|rose|up|improv\w*|higher|expand\w*)\b)");
  static const std::regex down(R"(\b(decreas\w*|declin\w*|fell|down|lower|contract\w*|drop\w*)\b)");
  const bool u = std::regex_search(l, up), d = std::regex_search(l, down);
  if (u && !d) return Direction::up;
  if (d && !u) return Direction::down;
  return Direction::none;
}

std::string first_match(const std::string& s, const std::regex& re, int group = 0) {
  std::smatch m;
  return std::regex_search(s, m, re) ? m[group].str() : std::string{};
}

// "increased by $9 million", "up $0.02": the figure is a change, not the metric's level.
bool states_change_amount(const std::string& tail, const std::string& value) {
  static const std::regex before(
      R"((\bby|\bup|\bdown|increased|decreased|impact\w*|rose|fell|grew|declined)( approximately| about)? $)");
  const auto pos = tail.find(value);
  if (pos == std::string::npos) return false;
  const std::string head = lower(tail.substr(0, pos));
  return std::regex_search(head, before);
}

}  // namespace

std::vector<KeyFigure> extract_key_figures(const std::string& text) {
  return extract_key_figures(split_sentences(text));
}

std::vector<KeyFigure> extract_key_figures(const std::vector<std::string>& sentences) {
  static const std::regex money(
      R"(\$\s?\d[\d,]*(\.\d+)?(\s?(million|billion|thousand|mln|bln|m|bn|b)\b)?)");
  static const std::regex pct(R"(\d+(\.\d+)?\s?(%|percent\b|basis points))");
  static const std::regex period(
      R"(\b(q[1-4]|(first|second|third|fourth) quarter|full[- ]year|fiscal( year)? \d{4}|fy ?\d{2,4}|\d{4}))");
  static const std::regex guidance(
      R"(\b(expect\w*|guidance|outlook|sees|forecast\w*|anticipat\w*|project\w*))");
  static const std::regex change(
      R"(\b(?:by|of|up|down|rose|fell|increased|decreased|grew)\s+(\d+(\.\d+)?\s?(%|percent)))");
  struct Metric {
    const char* name;
    std::regex re;
  };
  static const std::vector<Metric> kMetrics = {
      {"eps", std::regex(R"(\b(eps|earnings per (diluted )?share|per diluted share)\b)")},
      {"revenue", std::regex(R"(\b(revenues?|net sales|sales)\b)")},
      {"margin", std::regex(R"(\b(gross|operating|net|ebitda) margins?\b)")},
      {"net income", std::regex(R"(\bnet (income|earnings)\b)")},
      {"operating income", std::regex(R"(\b(operating income|income from operations)\b)")},
      {"free cash flow", std::regex(R"(\bfree cash flows?\b)")},
      {"ffo per share", std::regex(R"(\bffo\b)")},
      {"dividend", std::regex(R"(\bdividends?\b)")},
      {"buyback", std::regex(R"(\b(repurchas\w*|buybacks?)\b)")},
  };
  static const std::regex qualifier(R"(\b(adjusted|non-gaap|gaap)\b)");
  static const std::regex range(
      R"((\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion))?)\s*(?:to|-)\s*(\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion))?))");
  static const std::regex between(
      R"(between (\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion))?) and (\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion))?))");
  static const std::regex per_share(
      R"((\$\d+\.\d+)(?: per share)?(?: to (\$\d+\.\d+))? per (?:diluted )?(?:common )?share)");
  static const std::regex earnings_word(R"(\b(earnings|net income|eps)\b)");
  constexpr std::size_t kWindow = 90;  // characters after a metric's mention that describe it
  std::vector<KeyFigure> out;
  for (std::size_t index = 0; index < sentences.size(); ++index) {
    const std::string& sentence = sentences[index];
    // Every figure has a digit; skipping the rest saves most of the regex work.
    if (std::none_of(sentence.begin(), sentence.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
      continue;
    }
    const std::string l = lower(sentence);
    const bool is_guidance = std::regex_search(l, guidance);
    for (const auto& m : kMetrics) {
      std::smatch mention;
      if (!std::regex_search(l, mention, m.re)) continue;
      KeyFigure f;
      f.metric = m.name;
      // The figure shortly after the metric's mention belongs to it ("EPS of $1.24"); else the
      // sentence's first figure, marked as loosely attached.
      const std::size_t after = std::size_t(mention.position(0));
      const bool is_pct = m.name == std::string("margin");
      const std::string tail = sentence.substr(after, kWindow);
      const std::string tail_lower = l.substr(after, kWindow);
      f.value = is_pct ? first_match(tail_lower, pct) : first_match(tail, money);
      f.follows_metric = !f.value.empty() && !states_change_amount(tail, f.value);
      if (f.value.empty()) f.value = is_pct ? first_match(l, pct) : first_match(sentence, money);
      if (f.value.empty()) continue;
      if (!is_pct) {
        std::smatch r;
        if (std::regex_search(tail, r, range) || std::regex_search(tail, r, between)) {
          f.low = r[1].str();
          f.high = r[2].str();
        }
      }
      f.local_change = first_match(tail_lower, change, 1);
      f.qualifier = first_match(l, qualifier);
      f.sentence_index = index;
      f.period = first_match(l, period);
      f.direction = direction_of(l);
      f.change = first_match(l, change, 1);
      f.guidance = is_guidance;
      f.sentence = sentence;
      out.push_back(std::move(f));
    }
    // "earnings of $1.65 per share": EPS named after its figure.
    std::smatch ps;
    if (!std::regex_search(l, ps, per_share) || !std::regex_search(l, earnings_word) ||
        l.find("ffo") != std::string::npos || l.find("dividend") != std::string::npos) {
      continue;
    }
    const bool seen = std::any_of(out.begin(), out.end(), [&](const KeyFigure& k) {
      return k.sentence_index == index && k.metric == "eps" && k.follows_metric;
    });
    if (seen) continue;
    KeyFigure f;
    f.metric = "eps";
    f.value = sentence.substr(std::size_t(ps.position(1)), std::size_t(ps.length(1)));
    if (ps[2].matched) {
      f.low = f.value;
      f.high = sentence.substr(std::size_t(ps.position(2)), std::size_t(ps.length(2)));
    }
    f.follows_metric = true;
    f.qualifier = first_match(l, qualifier);
    f.sentence_index = index;
    f.period = first_match(l, period);
    f.direction = direction_of(l);
    f.change = first_match(l, change, 1);
    f.guidance = is_guidance;
    f.sentence = sentence;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace finchat::documents
