#include "finance/documents/figure_bullets.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <utility>

#include "finance/documents/bullet_scorer.hpp"
#include "finance/documents/sentences.hpp"

namespace finchat::documents {

namespace {

std::string lower(std::string s) { return lower_for_figures(std::move(s)); }

const char* quarter_of(const std::string& l) {
  static const std::pair<const char*, const char*> kQuarters[] = {{"first quarter", "q1"},
                                                                  {"second quarter", "q2"},
                                                                  {"third quarter", "q3"},
                                                                  {"fourth quarter", "q4"},
                                                                  {"1st quarter", "q1"},
                                                                  {"2nd quarter", "q2"},
                                                                  {"3rd quarter", "q3"},
                                                                  {"4th quarter", "q4"},
                                                                  {"q1", "q1"},
                                                                  {"q2", "q2"},
                                                                  {"q3", "q3"},
                                                                  {"q4", "q4"}};
  // The first named: "fourth quarter results ... compared to the third quarter" is about q4.
  const char* first = nullptr;
  std::size_t first_at = std::string::npos;
  for (const auto& [phrase, q] : kQuarters) {
    const auto at = l.find(phrase);
    if (at < first_at) {
      first_at = at;
      first = q;
    }
  }
  return first;
}

std::string metric_words(const KeyFigure& f) {
  const std::string l = lower(f.sentence);
  if (f.metric == "eps") return f.loss ? "loss per share" : "earnings per share";
  if (f.metric == "revenue" || f.metric == "revenue growth") {
    return l.find("revenue") == std::string::npos && l.find("sales") != std::string::npos
               ? "sales"
               : "revenue";
  }
  if (f.metric == "buyback") return "share repurchases";
  return f.metric;
}

// Reference bullets are about EPS (78% of train documents), revenue (50%) and their guidance;
// other figures are rarely kept.
bool headline_metric(const std::string& metric) {
  return metric == "eps" || metric == "ffo per share" || metric == "revenue" ||
         metric == "revenue growth";
}

}  // namespace

std::string normalize_period(const std::string& period) {
  std::string l = lower(period);
  if (const char* q = quarter_of(l)) return q;
  // "For the three months ended September 30", "for the quarter": the reported quarter, named
  // by the caller.
  if (l.find("three months") != std::string::npos || l.find("quarter") != std::string::npos) {
    return "";
  }
  if (l.find("months") != std::string::npos) return "ytd";
  static const std::regex year(R"(\d{4}|\d{2}$)");
  std::smatch y;
  const bool has_year = std::regex_search(l, y, year);
  if (l.find("full") != std::string::npos || l.find("fiscal") != std::string::npos ||
      l.rfind("fy", 0) == 0) {
    return has_year ? "fy " + y.str() : "fy";
  }
  return l;
}

std::string document_quarter(const std::vector<std::string>& raw) {
  std::vector<std::string> clip_storage;
  const auto& sentences = clipped(raw, clip_storage);
  std::map<std::string, int> counts;
  // The opening remarks name the reported quarter; later talk, and any outlook, often turns to
  // the next one; a sentence stating a result ("revenue was $4.9 billion") counts most.
  static const std::regex forward(
      R"(\b(expect\w*|outlook|guidance|guide|will|anticipat\w*|forecast\w*|next|coming|ahead|into the)\b)");
  static const std::regex result(
      R"(\b(was|were|reported|delivered|generated|posted|achieved|grew|increased|decreased|declined|rose|fell|came in)\b)");
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const std::string l = lower(sentences[i]);
    const char* q = quarter_of(reported_quarter_mention(l));
    if (q == nullptr || std::regex_search(l, forward)) continue;
    const bool states_result =
        l.find_first_of("$%") != std::string::npos && std::regex_search(l, result);
    counts[q] += states_result ? 3 : 3 * i < sentences.size() ? 2 : 1;
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

std::string percent_words(std::string change) {
  if (!change.empty() && change.back() == '%') change.replace(change.size() - 1, 1, " percent");
  return change;
}

std::string render_bullet(const KeyFigure& f, const std::string& default_period) {
  std::string period = f.period.empty() ? std::string() : normalize_period(f.period);
  // Guidance names the full year unless it names another quarter than the one reported.
  if (f.guidance && (period.empty() || (period[0] == 'q' && period == default_period))) {
    period = "fy";
  }
  if (f.guidance && !period.empty() && std::isdigit(static_cast<unsigned char>(period[0]))) {
    period = "fy " + period;  // "sees fy 2022 revenue ..."
  }
  if (period.empty()) period = default_period;
  std::string out = f.guidance ? "sees " : "";
  if (!period.empty()) out += period + " ";
  if (!f.qualifier.empty() && (f.metric == "eps" || f.metric == "ffo per share" ||
                               f.metric == "net income" || f.metric == "operating income")) {
    out += f.qualifier + " ";
  }
  if (f.metric == "revenue growth") {
    // "sees fy sales up 8 to 10 percent": the range's own numbers.
    return out + metric_words(f) + (f.direction == Direction::down ? " down " : " up ") + f.low +
           " to " + f.high + " percent";
  }
  const bool per_share = f.metric == "eps" || f.metric == "ffo per share" || f.metric == "dividend";
  const bool changed = !f.guidance && f.direction != Direction::none && !f.local_change.empty();
  if (changed && !per_share) {
    // The references' own phrasing: "q3 revenue rose 11 percent to $356.8 million".
    return out + metric_words(f) + (f.direction == Direction::up ? " rose " : " fell ") +
           percent_words(f.local_change) + " to " + f.value;
  }
  out += metric_words(f) + " ";
  if (f.guidance && !f.low.empty() && !f.high.empty()) {
    out += f.low + " to " + f.high;
  } else {
    out += f.value;
  }
  if (f.metric == "eps" && lower(f.sentence).find("continuing operations") != std::string::npos) {
    out += " from continuing operations";  // the sentence's own scope of the figure
  }
  return out;
}

std::vector<BulletCandidate> figure_candidates(const std::vector<std::string>& raw) {
  std::vector<std::string> clip_storage;
  const auto& sentences = clipped(raw, clip_storage);
  BulletContext context;
  context.sentences = sentences.size();
  context.quarter = document_quarter(sentences);
  std::vector<KeyFigure> figures;
  for (auto& f : extract_key_figures(sentences)) {
    if (!headline_metric(f.metric) || !plausible_figure(f)) continue;
    // An actual for another quarter is a comparison ("versus the first quarter of 2021").
    const std::string p = f.period.empty() ? "" : normalize_period(f.period);
    const std::string& q = context.quarter;
    if (!f.guidance && !q.empty() && p.size() == 2 && p[0] == 'q' && p != q) continue;
    // Full-year and prior-year actuals are rarely headline bullets.
    if (!f.guidance && !p.empty() && p[0] != 'q') continue;
    if (f.sentence.find('?') != std::string::npos) continue;
    figures.push_back(std::move(f));
  }
  std::map<std::string, int> value_counts;
  std::set<std::pair<std::string, std::size_t>> seen;
  for (const auto& f : figures) {
    if (seen.insert({f.value, f.sentence_index}).second) ++value_counts[f.value];
  }
  context.value_counts.assign(value_counts.begin(), value_counts.end());
  std::vector<BulletCandidate> out;
  std::set<std::string> slots;
  for (auto& f : figures) {
    BulletCandidate c;
    c.slot = bullet_slot(f, context.quarter);
    c.text = render_bullet(f, context.quarter);
    c.features = bullet_features(f, context, slots.insert(c.slot).second);
    c.probability = bullet_probability(c.features);
    c.figure = std::move(f);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<FigureBullet> figure_bullets(const std::vector<std::string>& sentences,
                                         std::size_t max_bullets) {
  if (max_bullets == 0) return {};
  std::map<std::string, BulletCandidate> best;  // slot -> most probable candidate
  for (auto& c : figure_candidates(sentences)) {
    auto it = best.find(c.slot);
    if (it == best.end() || c.probability > it->second.probability) best[c.slot] = std::move(c);
  }
  std::vector<BulletCandidate> chosen;
  chosen.reserve(best.size());
  for (auto& [slot, c] : best) chosen.push_back(std::move(c));
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const auto& a, const auto& b) { return a.probability > b.probability; });
  // Unlikely bullets cost more precision than they add recall; the best one is always kept.
  constexpr double min_probability = 0.2;  // best on the train split among 0.05..0.35
  std::size_t keep = 0;
  while (keep < chosen.size() && keep < max_bullets &&
         (keep == 0 || chosen[keep].probability >= min_probability)) {
    ++keep;
  }
  chosen.resize(keep);
  // Reference order: EPS, revenue, guidance.
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const auto& a, const auto& b) { return a.slot[0] < b.slot[0]; });
  std::vector<FigureBullet> out;
  out.reserve(chosen.size());
  for (const auto& c : chosen) {
    out.push_back({c.text, c.figure.sentence, c.figure.sentence_index, c.probability, c.slot,
                   c.figure.value});
  }
  return out;
}

FigureBullet headline(const std::vector<FigureBullet>& bullets, const std::string& subject) {
  for (const auto& b : bullets) {
    const bool actual_per_share = b.slot.starts_with("0");
    const auto at = b.value.empty() ? std::string::npos : b.text.rfind(" " + b.value);
    if (!actual_per_share || at == std::string::npos) continue;
    FigureBullet line = b;
    line.text = subject + " reports " + b.text.substr(0, at + 1) + "of " + b.text.substr(at + 1);
    return line;
  }
  return {};
}

}  // namespace finchat::documents
