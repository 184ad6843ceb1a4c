#pragma once
// Key-figure extraction from report text: revenue, EPS, guidance, margins with period and
// direction. Values are copied from the text, never computed.
#include <string>
#include <vector>

namespace finchat::documents {

enum class Direction { none, up, down };

struct KeyFigure {
  std::string metric;  // revenue, eps, margin, guidance
  std::string value;   // as written, e.g. "$481.1 million", "$1.24", "23.5%"
  std::string period;  // e.g. "Q1", "fiscal 2024", "full year"; empty if none
  Direction direction = Direction::none;
  std::string change;     // e.g. "11.1 percent", "12%"; empty if none
  bool guidance = false;  // forward-looking
  std::string sentence;   // where it was found
};

const char* to_string(Direction d);
std::vector<KeyFigure> extract_key_figures(const std::string& text);

}  // namespace finchat::documents
