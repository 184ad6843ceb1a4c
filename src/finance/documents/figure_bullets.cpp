#include "finance/documents/figure_bullets.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "finance/documents/salience.hpp"

namespace finchat::documents {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const char* quarter_of(const std::string& l) {
  static const std::pair<const char*, const char*> kQuarters[] = {{"first quarter", "q1"},
                                                                  {"second quarter", "q2"},
                                                                  {"third quarter", "q3"},
                                                                  {"fourth quarter", "q4"},
                                                                  {"q1", "q1"},
                                                                  {"q2", "q2"},
                                                                  {"q3", "q3"},
                                                                  {"q4", "q4"}};
  for (const auto& [phrase, q] : kQuarters) {
    if (l.find(phrase) != std::string::npos) return q;
  }
  return nullptr;
}

std::string metric_words(const KeyFigure& f) {
  const std::string l = lower(f.sentence);
  if (f.metric == "eps") return "earnings per share";
  if (f.metric == "revenue") {
    return l.find("revenue") == std::string::npos && l.find("sales") != std::string::npos
               ? "sales"
               : "revenue";
  }
  if (f.metric == "buyback") return "share repurchases";
  return f.metric;
}

// Order of bullet kinds in the train references (mean relative position: EPS 0.31, revenue
// 0.52, guidance 0.60, other 0.63).
int kind_rank(const KeyFigure& f) {
  if (f.guidance) return 2;
  if (f.metric == "eps" || f.metric == "ffo per share") return 0;
  if (f.metric == "revenue") return 1;
  return 3;
}

bool has_scale(const std::string& value) {
  const std::string l = lower(value);
  return l.find("million") != std::string::npos || l.find("billion") != std::string::npos ||
         l.find("mln") != std::string::npos || l.find("bln") != std::string::npos ||
         l.back() == 'm' || l.back() == 'b' || l.back() == 'n';
}

// A value that can stand for the metric: per-share metrics are dollars and cents, totals are in
// millions or billions, and the figure follows the metric's mention.
bool plausible(const KeyFigure& f) {
  if (!f.follows_metric) return false;
  const bool per_share = f.metric == "eps" || f.metric == "ffo per share" || f.metric == "dividend";
  if (per_share) return !has_scale(f.value) && f.value.find('.') != std::string::npos;
  return has_scale(f.value);
}

}  // namespace

std::string normalize_period(const std::string& period) {
  const std::string l = lower(period);
  if (const char* q = quarter_of(l)) return q;
  static const std::regex year(R"(\d{4}|\d{2}$)");
  std::smatch y;
  const bool has_year = std::regex_search(l, y, year);
  if (l.find("full") != std::string::npos || l.find("fiscal") != std::string::npos ||
      l.rfind("fy", 0) == 0) {
    return has_year ? "fy " + y.str() : "fy";
  }
  return l;
}

std::string document_quarter(const std::vector<std::string>& sentences) {
  std::map<std::string, int> counts;
  for (const auto& s : sentences) {
    if (const char* q = quarter_of(lower(s))) ++counts[q];
  }
  std::string best;
  int best_n = 0;
  for (const auto& [q, n] : counts) {
    if (n > best_n) {
      best = q;
      best_n = n;
    }
  }
  return best;
}

std::string render_bullet(const KeyFigure& f, const std::string& default_period) {
  std::string period = f.period.empty() ? std::string() : normalize_period(f.period);
  if (f.guidance && (period.empty() || period[0] == 'q')) period = "fy";
  if (period.empty()) period = default_period;
  std::string out = f.guidance ? "sees " : "";
  if (!period.empty()) out += period + " ";
  if (!f.qualifier.empty() && (f.metric == "eps" || f.metric == "ffo per share" ||
                               f.metric == "net income" || f.metric == "operating income")) {
    out += f.qualifier + " ";
  }
  out += metric_words(f) + " ";
  if (f.guidance && !f.low.empty() && !f.high.empty()) {
    out += f.low + " to " + f.high;
  } else {
    out += f.value;
  }
  if (!f.guidance && f.direction != Direction::none && !f.local_change.empty()) {
    out += std::string(", ") + to_string(f.direction) + " " + f.local_change;
  }
  return out;
}

std::vector<FigureBullet> figure_bullets(const std::vector<std::string>& sentences,
                                         std::size_t max_bullets) {
  if (max_bullets == 0) return {};
  const std::string quarter = document_quarter(sentences);
  struct Best {
    KeyFigure figure;
    double score;
  };
  std::map<std::pair<int, std::string>, Best> best;  // (kind rank, metric) -> best figure
  for (auto& f : extract_key_figures(sentences)) {
    if (f.metric == "margin") continue;  // margins are rarely headline bullets on train
    if (!plausible(f)) continue;
    // An actual for another quarter is a comparison ("versus the first quarter of 2021").
    const std::string p = f.period.empty() ? "" : normalize_period(f.period);
    if (!f.guidance && !quarter.empty() && p.size() == 2 && p[0] == 'q' && p != quarter) continue;
    const std::string l = lower(f.sentence);
    if (l.find('?') != std::string::npos) continue;
    double score = key_point_score(f.sentence);
    if (!f.period.empty()) score += 0.5;
    if (!f.low.empty()) score += 0.5;
    // Earlier is better: prepared remarks state the headline figures.
    score -= 1.0 * double(f.sentence_index) / double(std::max<std::size_t>(sentences.size(), 1));
    const auto key = std::make_pair(kind_rank(f), f.metric);
    auto it = best.find(key);
    if (it == best.end() || score > it->second.score) best[key] = {std::move(f), score};
  }
  std::vector<Best> chosen;
  for (auto& [key, b] : best) chosen.push_back(std::move(b));
  // Strongest evidence first, then reference order among those kept.
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const Best& a, const Best& b) { return a.score > b.score; });
  if (chosen.size() > max_bullets) chosen.resize(max_bullets);
  std::stable_sort(chosen.begin(), chosen.end(), [](const Best& a, const Best& b) {
    return kind_rank(a.figure) < kind_rank(b.figure);
  });
  std::vector<FigureBullet> out;
  for (const auto& b : chosen) {
    out.push_back(
        {render_bullet(b.figure, quarter), b.figure.sentence, b.figure.sentence_index, b.score});
  }
  return out;
}

}  // namespace finchat::documents
