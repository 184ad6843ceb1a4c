#include "finance/documents/bullet_scorer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <regex>

#include "core/text.hpp"
#include "finance/documents/figure_bullets.hpp"
#include "finance/documents/salience.hpp"

namespace finchat::documents {

namespace {

using core::lower;

bool adjusted(const std::string& qualifier) { return !qualifier.empty() && qualifier != "gaap"; }

bool per_share(const KeyFigure& f) { return f.metric == "eps" || f.metric == "ffo per share"; }

double words(const std::string& s) { return double(std::count(s.begin(), s.end(), ' ') + 1); }

// "$1.025 billion" -> 1.025e9 with 4 significant digits; 0 when there is no number.
struct Amount {
  double value = 0;
  int digits = 0;
};

Amount parse_amount(const std::string& written) {
  const std::string l = lower(written);
  Amount a;
  std::string number;
  for (char c : l) {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      number += c;
    } else if (c != ',' && !number.empty()) {
      break;
    }
  }
  if (number.empty() || number == ".") return a;
  a.value = std::strtod(number.c_str(), nullptr);
  const auto first = number.find_first_not_of("0.");
  if (first != std::string::npos) {
    a.digits = int(
        std::count_if(number.begin() + long(first), number.end(), [](char c) { return c != '.'; }));
  }
  if (l.find("billion") != std::string::npos || l.find("bln") != std::string::npos) a.value *= 1e9;
  if (l.find("million") != std::string::npos || l.find("mln") != std::string::npos) a.value *= 1e6;
  return a;
}

// Rounded restatements of the figure elsewhere ("$394.2 million" and "$394 million"), and
// whether this one is the most precise of them: references quote the precise one.
std::pair<int, bool> near_values(const std::string& value, const BulletContext& context) {
  const Amount self = parse_amount(value);
  int near = 0;
  bool most_precise = true;
  if (self.value <= 0) return {0, true};
  for (const auto& [other, count] : context.value_counts) {
    if (other == value) continue;
    const Amount a = parse_amount(other);
    if (a.value <= 0 || std::abs(a.value - self.value) > 0.015 * self.value) continue;
    near += count;
    if (a.digits > self.digits) most_precise = false;
  }
  return {near, most_precise};
}

// Exactly what `documents_cli fit bullets ../shared/data/ectsum/train` prints (bullet_fit.hpp:
// L2 logistic regression, 8,872 candidates from 1,576 transcripts). Order as in bullet_features.
constexpr double kBias = -0.7838;
constexpr double kWeights[kBulletFeatures] = {
    1.4923,  -0.0633, 0.2328,  0.5792,  0.3919,  0.4817,  0.6727, 0.2760, 0.5219,
    -2.0229, -0.4403, -1.7677, -1.2626, 0.1685,  0.3100,  2.8546, 0.4936, -0.0471,
    -0.8065, 1.4364,  0.3204,  0.4587,  -0.2691, -0.0293, 0.2453, -0.5310};

}  // namespace

std::string bullet_slot(const KeyFigure& f, const std::string& quarter) {
  std::string key = f.guidance ? "2" : per_share(f) ? "0" : f.metric == "revenue" ? "1" : "3";
  key += f.metric;
  if (!f.guidance) return per_share(f) ? key + (adjusted(f.qualifier) ? "a" : "g") : key;
  const std::string p = f.period.empty() ? "" : normalize_period(f.period);
  key += p.size() == 2 && p[0] == 'q' && p != quarter ? "q" : "y";
  // Adjusted and GAAP per-share guidance are separate bullets, as actual EPS are.
  return per_share(f) ? key + (adjusted(f.qualifier) ? "a" : "g") : key;
}

std::vector<double> bullet_features(const KeyFigure& f, const BulletContext& context,
                                    bool first_in_slot) {
  static const std::regex total(R"(\b(total|consolidated|net sales|net revenues?|overall)\b)");
  static const std::regex reported(
      R"(\b(we reported|reported|we delivered|we generated|we posted|came in at|(was|were) \$))");
  const std::string l = lower(f.sentence);
  const double n = double(std::max<std::size_t>(context.sentences, 1));
  const double position = double(f.sentence_index) / n;
  int repeats = 0;
  for (const auto& [value, count] : context.value_counts) {
    if (value == f.value) repeats = count;
  }
  const auto figures_in_sentence =
      std::count(l.begin(), l.end(), '$') + std::count(l.begin(), l.end(), '%');
  const auto value_at = f.sentence.find(f.value);
  const std::string slot = bullet_slot(f, context.quarter);
  static const std::regex segment(
      R"(\b(segments?|divisions?|business(es)?|regions?|organic|international|domestic|americas|europe|asia)\b)");
  const auto [near, most_precise] = near_values(f.value, context);
  const bool revenue = !f.guidance && f.metric == "revenue";
  return {
      key_point_score(f.sentence) / 5,
      position,
      position < 0.15 ? 1.0 : 0.0,
      f.period.empty() ? 0.0 : 1.0,
      f.local_change.empty() ? 0.0 : 1.0,
      lower(f.value).find("billion") != std::string::npos ? 1.0 : 0.0,
      f.low.empty() ? 0.0 : 1.0,
      adjusted(f.qualifier) ? 1.0 : 0.0,
      f.qualifier == "gaap" ? 1.0 : 0.0,
      !f.guidance && f.metric == "revenue" ? 1.0 : 0.0,
      f.guidance && per_share(f) ? 1.0 : 0.0,
      f.guidance && f.metric == "revenue" ? 1.0 : 0.0,
      std::min(words(f.sentence), 80.0) / 40,
      std::regex_search(l, total) ? 1.0 : 0.0,
      std::min<double>(double(figures_in_sentence), 8) / 5,
      std::min(repeats - 1, 3) / 3.0,
      std::regex_search(l, reported) ? 1.0 : 0.0,
      f.loss ? 1.0 : 0.0,
      value_at == std::string::npos ? 1.0 : double(value_at) / double(f.sentence.size()),
      first_in_slot ? 1.0 : 0.0,
      !per_share(f) && f.value.find('.') != std::string::npos ? 1.0 : 0.0,
      std::min(near, 3) / 3.0,
      most_precise ? 1.0 : 0.0,
      revenue && position < 0.15 ? 1.0 : 0.0,
      revenue && std::regex_search(l, total) ? 1.0 : 0.0,
      std::regex_search(l, segment) ? 1.0 : 0.0,
  };
}

double bullet_probability(const std::vector<double>& features) {
  double z = kBias;
  for (std::size_t i = 0; i < features.size() && i < kBulletFeatures; ++i) {
    z += kWeights[i] * features[i];
  }
  return 1 / (1 + std::exp(-z));
}

}  // namespace finchat::documents
