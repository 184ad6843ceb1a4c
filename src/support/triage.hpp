#pragma once
// Ticket triage: two text classifiers (category, priority) trained from a labelled CSV
// (id,text,category,priority), a deterministic held-out split stratified by a hash of the id,
// an out-of-scope threshold on the category confidence, and a small sentiment lexicon.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "nlp/classifier.hpp"

namespace finchat::support {

struct LabelledTicket {
  std::string id;
  std::string text;
  std::string category;
  std::string priority;
};

// Parses id,text,category,priority CSV text; `source` names the input in errors.
Result<std::vector<LabelledTicket>> parse_ticket_csv(std::string_view text,
                                                     std::string_view source);
Result<std::vector<LabelledTicket>> load_ticket_csv(const std::string& path);

struct Split {
  std::vector<LabelledTicket> train;
  std::vector<LabelledTicket> test;
};
// Within each category, tickets are ordered by FNV-1a hash of their id and the first
// `test_fraction` of each category goes to the test side: same input, same split, every time.
Split split_held_out(const std::vector<LabelledTicket>& all, double test_fraction = 0.2);

enum class Sentiment { negative, neutral, positive };
const char* to_string(Sentiment s);
// Lexicon count (negations flip the next word); enough to notice an upset customer.
Sentiment lexicon_sentiment(std::string_view text);

struct Triage {
  std::string category;
  double category_confidence = 0.0;
  std::string priority;
  double priority_confidence = 0.0;
  bool out_of_scope = false;
  Sentiment sentiment = Sentiment::neutral;
};

struct TriageOptions {
  // Below this category confidence the text is treated as out of scope for triage.
  double oos_threshold = 0.30;
  int threads = 2;
};

struct Metrics {
  double accuracy = 0.0;
  double macro_f1 = 0.0;
  size_t n = 0;
};
// Accuracy and macro-F1 (mean over the labels present in truth or predictions).
Metrics score(const std::vector<std::string>& truth, const std::vector<std::string>& predicted);

class TicketClassifier {
 public:
  static Result<TicketClassifier> train(const std::vector<LabelledTicket>& data,
                                        const TriageOptions& options = {});
  Triage classify(std::string_view text) const;
  Metrics evaluate_category(const std::vector<LabelledTicket>& test) const;
  Metrics evaluate_priority(const std::vector<LabelledTicket>& test) const;
  // Two model files: <prefix>.category.bin and <prefix>.priority.bin (threshold in the name
  // of neither: it is passed again on load).
  Status save(const std::string& prefix) const;
  static Result<TicketClassifier> load(const std::string& prefix, double oos_threshold = 0.30);

 private:
  nlp::Classifier category_;
  nlp::Classifier priority_;
  double oos_threshold_ = 0.3;
};

// Trains from the CSV at `csv_path`, or loads the models cached under `cache_dir` by a
// previous call with the same CSV content (file names carry a SHA-256 prefix of the CSV and
// the options); writes the cache after training. An empty cache_dir disables caching.
// `from_cache` (optional) tells which happened.
Result<TicketClassifier> load_or_train_triage(const std::string& csv_path,
                                              const std::string& cache_dir,
                                              const TriageOptions& options = {},
                                              bool* from_cache = nullptr);

}  // namespace finchat::support
