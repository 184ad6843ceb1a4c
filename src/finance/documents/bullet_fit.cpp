#include "finance/documents/bullet_fit.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <map>
#include <set>

#include "core/text.hpp"
#include "finance/documents/bullet_scorer.hpp"
#include "finance/documents/eval.hpp"
#include "finance/documents/figure_bullets.hpp"
#include "retrieval/fit.hpp"

namespace finchat::documents {

namespace {

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

using core::lower;

// "$356.8 million" -> "356.8": digits, '.' and ',' with separators trimmed at both ends.
std::string number_of(const std::string& value) {
  std::string n;
  for (char c : value) {
    if (digit(c) || c == '.' || c == ',') n += c;
  }
  const auto first = n.find_first_not_of(".,");
  if (first == std::string::npos) return "";
  return n.substr(first, n.find_last_not_of(".,") - first + 1);
}

// `number` occurs in `line` not preceded by a digit, '.' or ',' and not followed by a digit
// ("1.37" is not in "$11.37" nor in "$1.375").
bool states_number(const std::string& line, const std::string& number) {
  for (auto at = line.find(number); at != std::string::npos; at = line.find(number, at + 1)) {
    const bool clean_start =
        at == 0 || !(digit(line[at - 1]) || line[at - 1] == '.' || line[at - 1] == ',');
    const auto end = at + number.size();
    if (clean_start && (end >= line.size() || !digit(line[end]))) return true;
  }
  return false;
}

// The metric of a slot: "0epsa" -> "eps", "2revenuey" -> "revenue", "1revenue" -> "revenue".
std::string slot_metric(const std::string& slot) {
  if (slot.empty()) return "";
  std::string m = slot.substr(1);
  const bool suffixed = (slot[0] == '0' || slot[0] == '2') &&
                        std::string("agqy").find(slot.back()) != std::string::npos;
  if (suffixed) {
    while (!m.empty() && std::string("agqy").find(m.back()) != std::string::npos) m.pop_back();
  }
  return m;
}

// Words a reference line uses for the metric; an unknown metric needs none.
std::vector<std::string> metric_words(const std::string& metric) {
  static const std::map<std::string, std::vector<std::string>> words = {
      {"eps", {"share"}},
      {"ffo per share", {"share"}},
      {"revenue", {"revenue", "sales"}},
      {"revenue growth", {"revenue", "sales"}},
      {"net income", {"net income", "earnings", "profit"}},
      {"operating income", {"operating"}},
      {"free cash flow", {"cash flow"}},
      {"buyback", {"repurchas", "buyback"}},
      {"dividend", {"dividend"}}};
  const auto it = words.find(metric);
  return it == words.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::vector<double>> rows_of(const std::vector<BulletExample>& examples) {
  std::vector<std::vector<double>> rows;
  rows.reserve(examples.size());
  for (const auto& e : examples) rows.push_back(e.features);
  return rows;
}

double logit(const BulletModel& model, const std::vector<double>& x) {
  double z = model.bias;
  for (std::size_t i = 0; i < x.size() && i < model.weights.size(); ++i) {
    z += model.weights[i] * x[i];
  }
  return z;
}

double accuracy(const std::vector<BulletExample>& examples, const BulletModel& model) {
  if (examples.empty()) return 0;
  std::size_t right = 0;
  for (const auto& e : examples) right += (logit(model, e.features) > 0) == (e.label == 1);
  return double(right) / double(examples.size());
}

// The base rate as a model: no weights, bias = log odds of the positives.
BulletModel base_rate(const std::vector<BulletExample>& examples, std::size_t features) {
  double positives = 0;
  for (const auto& e : examples) positives += e.label;
  const double n = double(examples.size());
  const double p = std::clamp(positives / std::max(n, 1.0), 1e-6, 1 - 1e-6);
  return {std::vector<double>(features, 0.0), std::log(p / (1 - p))};
}

// Log loss of the weights bullet_scorer.cpp ships, for comparison with a refit.
double shipped_log_loss(const std::vector<BulletExample>& examples) {
  double total = 0;
  for (const auto& e : examples) {
    const double p = std::clamp(bullet_probability(e.features), 1e-12, 1 - 1e-12);
    total -= e.label ? std::log(p) : std::log(1 - p);
  }
  return examples.empty() ? 0 : total / double(examples.size());
}

}  // namespace

bool reference_states(const std::vector<std::string>& reference, const std::string& value,
                      const std::string& slot) {
  const std::string number = number_of(value);
  const auto words = metric_words(slot_metric(slot));
  for (const auto& raw : reference) {
    const std::string line = lower(raw);
    if (!states_number(line, number)) continue;
    if (words.empty()) return true;
    for (const auto& w : words) {
      if (line.find(w) != std::string::npos) return true;
    }
  }
  return false;
}

Result<std::vector<BulletExample>> bullet_examples(const std::string& dir) {
  namespace fs = std::filesystem;
  auto files = ectsum_transcripts(dir);
  if (!files) return files.error();
  const fs::path gold = fs::path(dir) / "gt_summaries";
  std::vector<BulletExample> examples;
  for (const auto& f : *files) {
    const fs::path reference_file = gold / f.filename();
    if (!fs::exists(reference_file)) {
      return Error::invalid(reference_file.string() + ": missing reference summary for " +
                            f.filename().string());
    }
    const auto reference = read_nonblank_lines(reference_file.string());
    for (auto& c : figure_candidates(read_nonblank_lines(f.string()))) {
      // A range is stated by its first end ("up 8 to 10 percent", "$1.410 billion to ...").
      const std::string& stated = c.figure.low.empty() ? c.figure.value : c.figure.low;
      BulletExample e{f.filename().string(), c.slot, stated, std::move(c.features), 0};
      e.label = reference_states(reference, e.value, e.slot) ? 1 : 0;
      examples.push_back(std::move(e));
    }
  }
  if (examples.empty()) return Error::invalid(dir + ": no bullet candidate in ects/*.txt");
  return examples;
}

BulletModel fit_bullet_model(const std::vector<BulletExample>& examples, double l2) {
  std::vector<int> labels;
  labels.reserve(examples.size());
  for (const auto& e : examples) labels.push_back(e.label);
  const auto fitted = retrieval::fit_logistic(rows_of(examples), labels, l2);
  return {fitted.weights, fitted.bias};
}

double mean_log_loss(const std::vector<BulletExample>& examples, const BulletModel& model) {
  if (examples.empty()) return 0;
  double total = 0;
  for (const auto& e : examples) {
    const double z = logit(model, e.features);
    // log(1 + e^-|z|) + max(z, 0) - y z: stable for large |z|.
    total += std::log1p(std::exp(-std::abs(z))) + std::max(z, 0.0) - e.label * z;
  }
  return total / double(examples.size());
}

std::string cpp_initializer(const BulletModel& model) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", model.bias);
  std::string s = "constexpr double kBias = " + std::string(buffer) + ";\n";
  s += "constexpr double kWeights[kBulletFeatures] = {";
  for (std::size_t i = 0; i < model.weights.size(); ++i) {
    std::snprintf(buffer, sizeof buffer, "%.4f", model.weights[i]);
    s += (i % 10 == 0 ? "\n    " : " ") + std::string(buffer) +
         (i + 1 < model.weights.size() ? "," : "");
  }
  return s + "};\n";
}

int run_fit_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() < 3) {
    err << "usage: fit bullets DIR [--l2 X]\n";
    return 2;
  }
  double l2 = 1e-3;
  for (std::size_t i = 3; i < args.size(); ++i) {
    if (args[i] != "--l2" || i + 1 >= args.size()) {
      err << "unknown option or missing value: " << args[i] << "\n";
      return 2;
    }
    try {
      l2 = std::stod(args[++i]);
    } catch (const std::exception&) {
      err << "bad value for --l2: " << args[i] << "\n";
      return 2;
    }
    if (!(l2 >= 0)) {
      err << "--l2 must be >= 0: " << args[i] << "\n";
      return 2;
    }
  }
  auto examples = bullet_examples(args[2]);
  if (!examples.ok()) {
    err << examples.error().message << "\n";
    return 1;
  }
  // Hold out every 5th document (file-name order) so the split is deterministic.
  std::set<std::string> documents;
  for (const auto& e : *examples) documents.insert(e.document);
  std::set<std::string> held;
  std::size_t index = 0;
  for (const auto& d : documents) {
    if (index++ % 5 == 4) held.insert(d);
  }
  std::vector<BulletExample> train, test;
  std::size_t positives = 0;
  for (const auto& e : *examples) {
    positives += std::size_t(e.label);
    (held.count(e.document) ? test : train).push_back(e);
  }
  const auto split = fit_bullet_model(train, l2);
  const auto base = base_rate(train, kBulletFeatures);
  const auto all = fit_bullet_model(*examples, l2);
  out << std::fixed << std::setprecision(4) << "documents " << documents.size() << "\ncandidates "
      << examples->size() << "\npositives " << positives << "\nl2 " << l2 << "\nheld_out_documents "
      << held.size() << " (every 5th)\nheld_out_candidates " << test.size() << "\ntrain_log_loss "
      << mean_log_loss(train, split) << "\nheld_out_log_loss " << mean_log_loss(test, split)
      << "\nheld_out_base_rate_log_loss " << mean_log_loss(test, base) << "\nheld_out_accuracy "
      << accuracy(test, split) << "\nshipped_scorer_log_loss_all " << shipped_log_loss(*examples)
      << "\nfitted_log_loss_all " << mean_log_loss(*examples, all) << "\n// fitted on all "
      << examples->size() << " candidates:\n"
      << cpp_initializer(all);
  return 0;
}

}  // namespace finchat::documents
