#include "support/triage.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "nlp/csv.hpp"

namespace finchat::support {

namespace {

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

nlp::Dataset to_dataset(const std::vector<LabelledTicket>& data, bool category) {
  nlp::Dataset d;
  d.examples.reserve(data.size());
  for (const auto& t : data) d.examples.push_back({t.text, category ? t.category : t.priority});
  return d;
}

std::vector<std::string> lower_words(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalpha(c) || c == '\'') {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

}  // namespace

Result<std::vector<LabelledTicket>> parse_ticket_csv(std::string_view text,
                                                     std::string_view source) {
  auto table = nlp::parse_csv(text, source);
  if (!table) return table.error();
  size_t cols[4];
  const char* names[4] = {"id", "text", "category", "priority"};
  for (int i = 0; i < 4; ++i) {
    auto c = table->column(names[i], source);
    if (!c) return c.error();
    cols[i] = *c;
  }
  std::vector<LabelledTicket> out;
  for (size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    LabelledTicket t{row[cols[0]], row[cols[1]], row[cols[2]], row[cols[3]]};
    if (t.id.empty() || t.text.empty() || t.category.empty() || t.priority.empty()) {
      return Error::invalid(std::string(source) + ":" + std::to_string(table->row_lines[r]) +
                                ": empty id, text, category or priority",
                            "row");
    }
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<LabelledTicket>> load_ticket_csv(const std::string& path) {
  auto text = nlp::read_text_file(path);
  if (!text) return text.error();
  return parse_ticket_csv(*text, path);
}

Split split_held_out(const std::vector<LabelledTicket>& all, double test_fraction) {
  std::map<std::string, std::vector<const LabelledTicket*>> by_category;
  for (const auto& t : all) by_category[t.category].push_back(&t);
  std::set<const LabelledTicket*> test_side;
  for (auto& [cat, items] : by_category) {
    std::sort(items.begin(), items.end(), [](const auto* a, const auto* b) {
      auto ha = fnv1a(a->id), hb = fnv1a(b->id);
      return ha != hb ? ha < hb : a->id < b->id;
    });
    auto n_test =
        static_cast<size_t>(std::lround(static_cast<double>(items.size()) * test_fraction));
    for (size_t i = 0; i < n_test && i < items.size(); ++i) test_side.insert(items[i]);
  }
  Split s;
  for (const auto& t : all) (test_side.count(&t) ? s.test : s.train).push_back(t);
  return s;
}

const char* to_string(Sentiment s) {
  switch (s) {
    case Sentiment::negative: return "negative";
    case Sentiment::positive: return "positive";
    default: return "neutral";
  }
}

Sentiment lexicon_sentiment(std::string_view text) {
  static const std::set<std::string> negative = {
      "angry",      "furious",      "terrible", "awful",     "horrible",   "worst",
      "ridiculous", "unacceptable", "useless",  "disgusted", "frustrated", "frustrating",
      "annoyed",    "upset",        "hate",     "scam",      "stolen",     "disappointed",
      "pathetic",   "incompetent",  "never",    "joke",      "outraged",   "sick",
      "fed",        "appalling",    "wrong",    "bad",       "broken",     "stupid",
      "complaint",  "livid"};
  static const std::set<std::string> positive = {"thanks",     "thank",     "great",     "perfect",
                                                 "excellent",  "awesome",   "love",      "helpful",
                                                 "appreciate", "wonderful", "good",      "resolved",
                                                 "happy",      "fantastic", "brilliant", "works"};
  static const std::set<std::string> negators = {"not",    "no",     "don't",   "isn't",
                                                 "wasn't", "didn't", "doesn't", "never"};
  int score = 0;
  bool negate = false;
  for (const auto& w : lower_words(text)) {
    int v = negative.count(w) ? -1 : positive.count(w) ? 1 : 0;
    if (v != 0) score += negate ? -v : v;
    negate = negators.count(w) > 0;
  }
  if (std::count(text.begin(), text.end(), '!') >= 3) --score;
  if (score <= -1) return Sentiment::negative;
  if (score >= 1) return Sentiment::positive;
  return Sentiment::neutral;
}

Metrics score(const std::vector<std::string>& truth, const std::vector<std::string>& predicted) {
  Metrics m;
  m.n = truth.size();
  if (m.n == 0 || predicted.size() != truth.size()) return m;
  std::map<std::string, std::array<size_t, 3>> counts;  // tp, fp, fn
  size_t correct = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] == predicted[i]) {
      ++correct;
      ++counts[truth[i]][0];
    } else {
      ++counts[predicted[i]][1];
      ++counts[truth[i]][2];
    }
  }
  double f1_sum = 0.0;
  for (const auto& [label, c] : counts) {
    double denom = 2.0 * static_cast<double>(c[0]) + static_cast<double>(c[1] + c[2]);
    f1_sum += denom > 0 ? 2.0 * static_cast<double>(c[0]) / denom : 0.0;
  }
  m.accuracy = static_cast<double>(correct) / static_cast<double>(m.n);
  m.macro_f1 = f1_sum / static_cast<double>(counts.size());
  return m;
}

Result<TicketClassifier> TicketClassifier::train(const std::vector<LabelledTicket>& data,
                                                 const TriageOptions& options) {
  if (data.empty()) return Error::invalid("no training tickets", "data");
  nlp::TrainOptions opts;
  opts.threads = options.threads;
  opts.balance_classes = true;
  TicketClassifier tc;
  auto cat = nlp::train(to_dataset(data, true), opts);
  if (!cat) return cat.error();
  auto pri = nlp::train(to_dataset(data, false), opts);
  if (!pri) return pri.error();
  tc.category_ = std::move(cat.value());
  tc.priority_ = std::move(pri.value());
  tc.oos_threshold_ = options.oos_threshold;
  return tc;
}

Triage TicketClassifier::classify(std::string_view text) const {
  Triage t;
  auto c = category_.predict(text, 1);
  auto p = priority_.predict(text, 1);
  t.category = c.label;
  t.category_confidence = c.confidence;
  t.priority = p.label;
  t.priority_confidence = p.confidence;
  t.out_of_scope = c.confidence < oos_threshold_;
  t.sentiment = lexicon_sentiment(text);
  return t;
}

Metrics TicketClassifier::evaluate_category(const std::vector<LabelledTicket>& test) const {
  std::vector<std::string> truth, pred;
  for (const auto& t : test) {
    truth.push_back(t.category);
    pred.push_back(category_.predict(t.text, 1).label);
  }
  return score(truth, pred);
}

Metrics TicketClassifier::evaluate_priority(const std::vector<LabelledTicket>& test) const {
  std::vector<std::string> truth, pred;
  for (const auto& t : test) {
    truth.push_back(t.priority);
    pred.push_back(priority_.predict(t.text, 1).label);
  }
  return score(truth, pred);
}

}  // namespace finchat::support

namespace finchat::support {

Status TicketClassifier::save(const std::string& prefix) const {
  if (auto st = category_.save(prefix + ".category.bin"); !st) return st;
  return priority_.save(prefix + ".priority.bin");
}

Result<TicketClassifier> TicketClassifier::load(const std::string& prefix, double oos_threshold) {
  auto cat = nlp::Classifier::load(prefix + ".category.bin");
  if (!cat) return cat.error();
  auto pri = nlp::Classifier::load(prefix + ".priority.bin");
  if (!pri) return pri.error();
  TicketClassifier tc;
  tc.category_ = std::move(cat.value());
  tc.priority_ = std::move(pri.value());
  tc.oos_threshold_ = oos_threshold;
  return tc;
}

Result<TicketClassifier> load_or_train_triage(const std::string& csv_path,
                                              const std::string& cache_dir,
                                              const TriageOptions& options, bool* from_cache) {
  namespace fs = std::filesystem;
  if (from_cache) *from_cache = false;
  std::ifstream in(csv_path, std::ios::binary);
  if (!in) return Error::not_found(csv_path + ": cannot open training tickets");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The key covers the data and anything that changes the trained model.
  std::string key = crypto::sha256_hex(text + "|triage-v1").substr(0, 16);
  std::string prefix = cache_dir.empty() ? "" : (fs::path(cache_dir) / ("triage-" + key)).string();
  if (!prefix.empty() && fs::exists(prefix + ".category.bin")) {
    auto cached = TicketClassifier::load(prefix, options.oos_threshold);
    if (cached) {
      if (from_cache) *from_cache = true;
      return cached;
    }
    log::get("support")->warn("triage cache unreadable, retraining: {}", cached.error().message);
  }
  auto rows = parse_ticket_csv(text, csv_path);
  if (!rows) return rows.error();
  auto trained = TicketClassifier::train(*rows, options);
  if (!trained) return trained.error();
  if (!prefix.empty()) {
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
    // Write under a temporary name and rename so a crash never leaves half a cache.
    std::string tmp = prefix;
    tmp += ".tmp";
    tmp += std::to_string(::getpid());
    auto st = trained->save(tmp);
    if (st) {
      fs::rename(tmp + ".priority.bin", prefix + ".priority.bin", ec);
      if (!ec) fs::rename(tmp + ".category.bin", prefix + ".category.bin", ec);
    }
    if (!st || ec) log::get("support")->warn("triage cache not written under {}", cache_dir);
  }
  return trained;
}

}  // namespace finchat::support
