#pragma once
// Key-figure extraction from report text: revenue, EPS, net/operating income, free cash flow,
// FFO, dividends, buybacks, margins and guidance, with period, direction and ranges. Values
// are copied from the text, never computed.
#include <cstddef>
#include <string>
#include <vector>

namespace finchat::documents {

enum class Direction { none, up, down };

struct KeyFigure {
  // revenue, eps, margin, net income, operating income, free cash flow, ffo per share,
  // dividend, buyback
  std::string metric;
  std::string value;   // as written, e.g. "$356.8 million", "$1.37", "23.5%"
  std::string period;  // e.g. "q1", "fiscal 2024", "full year"; empty if none
  Direction direction = Direction::none;
  std::string change;     // e.g. "9.4 percent", "12%"; empty if none
  bool guidance = false;  // forward-looking
  std::string sentence;   // where it was found
  // "adjusted", "non-gaap", "gaap", "core" or "operating" written next to the mention (lower
  // case), or empty
  std::string qualifier;
  std::string low, high;  // a range "$1.410 billion to $1.460 billion" as written; else empty
  std::size_t sentence_index = 0;  // position of `sentence` among the sentences
  bool follows_metric = false;     // `value` is written shortly after the metric's mention
  std::string local_change;        // a change written shortly after the mention; else empty
  bool loss = false;               // a per-share loss ("net loss per share of $0.12")
};

const char* to_string(Direction d);

// Lower case as the figure patterns read it: "second-quarter" becomes "second quarter" (same
// length, so positions in the lowered text are positions in the original).
std::string lower_for_figures(std::string s);

// A figure that can stand for its metric: it follows the metric's mention; per-share metrics
// are dollars and cents, totals are in millions or billions, margins are percentages, revenue
// growth guidance is a range.
bool plausible_figure(const KeyFigure& f);

// The first quarter a lower-case sentence reports on, as written ("fourth quarter", "q3"; also
// "the quarter" when `this_quarter`), skipping one it is compared with ("up 5% compared to the
// fourth quarter"); "" when none.
std::string reported_quarter_mention(const std::string& l, bool this_quarter = false);
std::vector<KeyFigure> extract_key_figures(const std::string& text);
std::vector<KeyFigure> extract_key_figures(const std::vector<std::string>& sentences);

}  // namespace finchat::documents
