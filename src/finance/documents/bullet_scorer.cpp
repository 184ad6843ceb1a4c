#include "finance/documents/bullet_scorer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>

#include "finance/documents/figure_bullets.hpp"
#include "finance/documents/salience.hpp"

namespace finchat::documents {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool adjusted(const std::string& qualifier) { return !qualifier.empty() && qualifier != "gaap"; }

bool per_share(const KeyFigure& f) { return f.metric == "eps" || f.metric == "ffo per share"; }

double words(const std::string& s) { return double(std::count(s.begin(), s.end(), ' ') + 1); }

// Exactly what `documents_cli fit bullets ../shared/data/ectsum/train` prints (bullet_fit.hpp:
// L2 logistic regression, 8,296 candidates from 1,566 transcripts). Order as in bullet_features.
constexpr double kBias = -1.0275;
constexpr double kWeights[kBulletFeatures] = {
    1.2372, 0.0842, 0.3143, 0.5826, 0.3219, 0.6584, 1.0519, 0.1859, 0.5251, -2.0987,
    -0.7984, -2.2004, -1.2500, 0.3893, 0.5011, 2.9671, 0.4655, 0.0950, -0.6486, 1.4580};

}  // namespace

std::string bullet_slot(const KeyFigure& f, const std::string& quarter) {
  std::string key = f.guidance ? "2" : per_share(f) ? "0" : f.metric == "revenue" ? "1" : "3";
  key += f.metric;
  if (!f.guidance) return per_share(f) ? key + (adjusted(f.qualifier) ? "a" : "g") : key;
  const std::string p = f.period.empty() ? "" : normalize_period(f.period);
  return key + (p.size() == 2 && p[0] == 'q' && p != quarter ? "q" : "y");
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
