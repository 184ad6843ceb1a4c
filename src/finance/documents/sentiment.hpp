#pragma once
// Section sentiment. The bundled model is an nlp::Classifier trained with our own trainer on our
// own labelled financial sentences (data/sentiment/financial_sentences.csv, written for finchat,
// fictional companies), in the background at start-up; until it is ready, or when the data file
// is missing, a finance lexicon answers. Multi-sentence text is scored sentence by sentence and
// the class probabilities are averaged.
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "nlp/classifier.hpp"

namespace finchat::documents {

inline constexpr const char* kBundledSentimentData = "data/sentiment/financial_sentences.csv";

struct SentimentScore {
  std::string label;  // positive, negative, neutral
  double confidence = 0;
  std::string method;  // "classifier" or "lexicon"
};

struct SectionSentiment {
  std::size_t section = 0;
  std::string text;
  SentimentScore score;
};

SentimentScore lexicon_sentiment(const std::string& text);
// Positive and negative lexicon words in a text.
std::pair<int, int> lexicon_counts(const std::string& text);
// The text with one marker word per lexicon hit ("xxlexpos", "xxlexneg", or "xxlexneutral" when
// balanced): the classifier learns, from the training sentences, how far to trust the lexicon.
std::string with_lexicon_features(const std::string& text);

// Class priors expected in real documents. The bundled training set is balanced on purpose (so
// every class is learned equally well); most sentences in reports and news are neutral, so the
// classifier's probabilities are re-weighted by target prior / training share (Bayes prior
// shift). 0.6 neutral is the usual share in annotated financial news; no evaluation data was used.
struct SentimentPriors {
  double neutral = 0.6, positive = 0.2, negative = 0.2;
  bool enabled = true;
};

class SentimentAnalyzer {
 public:
  SentimentAnalyzer() = default;  // lexicon only
  explicit SentimentAnalyzer(nlp::Classifier classifier, SentimentPriors priors = {});
  // Trains on a CSV with `text` and `label` columns (positive/negative/neutral).
  static Result<SentimentAnalyzer> train_csv(const std::string& path, SentimentPriors priors = {});
  // The bundled model, trained on a background thread; the lexicon answers until it is ready
  // and for good when `path` cannot be read or trained on (logged).
  static SentimentAnalyzer bundled(const std::string& path = kBundledSentimentData);
  // Trains on a TFNS-style JSONL (development only; never the bundled model).
  static Result<SentimentAnalyzer> train_tfns(const std::string& path, std::size_t limit = 0);

  SentimentScore score(const std::string& text) const;
  // Splits text into paragraph sections (blank lines) and scores each.
  std::vector<SectionSentiment> sections(const std::string& text) const;
  // True once a classifier is available (waits for a background training when `wait`).
  bool has_classifier(bool wait = false) const;

 private:
  struct Model {
    nlp::Classifier classifier;
    std::vector<double> weights;  // per label: prior / training share (1 without priors)
  };
  static std::shared_ptr<const Model> make_model(nlp::Classifier classifier,
                                                 const std::map<std::string, double>& shares,
                                                 const SentimentPriors& priors);
  std::shared_ptr<const Model> model() const;
  std::vector<double> sentence_probabilities(const Model& m, const std::string& sentence) const;

  std::shared_ptr<const Model> model_;
  std::shared_future<std::shared_ptr<const Model>> pending_;
};

}  // namespace finchat::documents
