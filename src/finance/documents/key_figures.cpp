#include "finance/documents/key_figures.hpp"

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

}  // namespace

std::vector<KeyFigure> extract_key_figures(const std::string& text) {
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
  };
  std::vector<KeyFigure> out;
  for (const auto& sentence : split_sentences(text)) {
    const std::string l = lower(sentence);
    const bool is_guidance = std::regex_search(l, guidance);
    for (const auto& m : kMetrics) {
      if (!std::regex_search(l, m.re)) continue;
      KeyFigure f;
      f.metric = m.name;
      f.value =
          m.name == std::string("margin") ? first_match(l, pct) : first_match(sentence, money);
      if (f.value.empty()) continue;
      f.period = first_match(l, period);
      f.direction = direction_of(l);
      f.change = first_match(l, change, 1);
      f.guidance = is_guidance;
      f.sentence = sentence;
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace finchat::documents
