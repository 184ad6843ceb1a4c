#pragma once
// Key-figure bullets in the telegraphic style of earnings-summary references
// ("q1 adjusted earnings per share $3.34", "q3 revenue rose 3.1 percent to $2.6 billion",
// "sees fy revenue $1.410 billion to $1.460 billion"). Faithful by construction: every number
// in a bullet is a figure copied as written from its source sentence (or a period label taken
// from the document's own words); nothing is computed. Style, order (EPS, revenue, guidance),
// the scorer's weights and the count were chosen on the ECTSum train split only (README).
#include <cstddef>
#include <string>
#include <vector>

#include "finance/documents/key_figures.hpp"

namespace finchat::documents {

struct FigureBullet {
  std::string text;       // the rendered bullet
  std::string source;     // the sentence its figures come from
  std::size_t index = 0;  // position of `source` among the sentences
  double score = 0;
  std::string slot;   // bullet_slot() of its figure
  std::string value;  // the figure as written ("$3.21")
};

// "q1"/"q2"/"q3"/"q4" from a period as written ("first quarter", "Q3"), "fy" for full/fiscal
// year phrases without a year, "fy 2024" with one; the period itself otherwise.
std::string normalize_period(const std::string& period);

// The quarter the document reports on: the most often named quarter ("q2"), or "".
std::string document_quarter(const std::vector<std::string>& sentences);

// One bullet for one figure; `default_period` stands in when the figure has none.
std::string render_bullet(const KeyFigure& figure, const std::string& default_period);

struct BulletCandidate {
  KeyFigure figure;
  std::string slot;  // bullet_slot(): one bullet per slot
  std::string text;  // the rendered bullet
  std::vector<double> features;
  double probability = 0;  // bullet_probability(features)
};

// Every headline figure (EPS, FFO per share, revenue, their guidance) that could be a bullet.
std::vector<BulletCandidate> figure_candidates(const std::vector<std::string>& sentences);

// At most `max_bullets` bullets, one per slot (bullet_slot), the most probable candidate each:
// the best slot, then others with probability >= 0.3; in the reference order (EPS, revenue,
// guidance).
std::vector<FigureBullet> figure_bullets(const std::vector<std::string>& sentences,
                                         std::size_t max_bullets);

// The wire-style headline over the first actual per-share bullet: "<subject> reports q3 adjusted
// earnings per share of $3.21", with that bullet's source; empty text when no bullet states an
// actual per-share figure.
FigureBullet headline(const std::vector<FigureBullet>& bullets, const std::string& subject);

}  // namespace finchat::documents
