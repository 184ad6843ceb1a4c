#pragma once
// Scores candidate key-figure bullets: a logistic model over generic features of the figure and
// its sentence (salience cues, position, period, qualifier, kind, repetition). The weights are
// ours, fitted offline on the ECTSum train split (labels: the candidate's figure is the one the
// reference summary states); the product needs no data set at run time.
#include <cstddef>
#include <string>
#include <vector>

#include "finance/documents/key_figures.hpp"

namespace finchat::documents {

// What a candidate's features need to know about its document.
struct BulletContext {
  std::size_t sentences = 0;  // number of sentences in the document
  std::string quarter;        // the reported quarter ("q3") or ""
  // How many sentences state each value ("$356.8 million" -> 2): headline figures are repeated.
  std::vector<std::pair<std::string, int>> value_counts;
};

// The kind of bullet: actual EPS (adjusted / GAAP), actual revenue, guidance per metric and
// period kind (full year, next quarter), per-share guidance again by adjusted / GAAP. One
// bullet per slot.
std::string bullet_slot(const KeyFigure& f, const std::string& quarter);

inline constexpr std::size_t kBulletFeatures = 26;

std::vector<double> bullet_features(const KeyFigure& f, const BulletContext& context,
                                    bool first_in_slot);

// Probability that the figure is one the summary should state.
double bullet_probability(const std::vector<double>& features);

}  // namespace finchat::documents
