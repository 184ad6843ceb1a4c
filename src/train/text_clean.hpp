#pragma once
// Text cleaning: whitespace normalisation and removal of boilerplate lines (cookie banners,
// copyright footers, navigation crumbs, page numbers, and lines repeated across documents).
#include <string>
#include <unordered_map>
#include <vector>

namespace finchat::train {

// Collapses runs of spaces/tabs, trims lines, keeps at most one blank line in a row.
std::string normalize_whitespace(const std::string& text);
// True for lines that are boilerplate on their own (pattern based).
bool is_boilerplate_line(const std::string& line);

// Lines (normalised) that occur in at least `min_docs` documents and `min_share` of them.
class LineFrequency {
 public:
  void add_document(const std::string& text);
  bool is_repeated(const std::string& line, size_t min_docs = 3, double min_share = 0.3) const;

 private:
  std::unordered_map<std::string, size_t> docs_with_line_;
  size_t n_docs_ = 0;
};

struct CleanStats {
  int boilerplate_lines = 0;
};
// Normalises whitespace and drops boilerplate (pattern-based, and repeated lines if
// `freq` is given).
std::string clean_text(const std::string& text, const LineFrequency* freq, CleanStats& stats);

}  // namespace finchat::train
