#include "finance/documents/sentiment.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "core/log.hpp"
#include "finance/documents/sentences.hpp"
#include "nlp/dataset.hpp"
#include "nlp/text.hpp"

namespace finchat::documents {

namespace {

double prior_of(const std::string& label, const SentimentPriors& p) {
  if (label == "neutral") return p.neutral;
  if (label == "positive") return p.positive;
  if (label == "negative") return p.negative;
  return 0;
}

std::map<std::string, double> label_shares(const nlp::Dataset& data) {
  std::map<std::string, double> shares;
  for (const auto& e : data.examples) shares[e.label] += 1.0 / double(data.size());
  return shares;
}

Result<nlp::Classifier> train_sentences(nlp::Dataset data) {
  for (auto& e : data.examples) e.text = with_lexicon_features(e.text);
  nlp::TrainOptions options;
  options.threads = 1;  // runs beside the server's start-up work
  return nlp::train(data, options);
}

}  // namespace

std::pair<int, int> lexicon_counts(const std::string& text) {
  static const std::set<std::string> kPos = {
      "beat",     "beats",   "growth",   "grew",    "gain",     "gains",
      "record",   "strong",  "improved", "improve", "increase", "increased",
      "higher",   "upgrade", "raises",   "raised",  "profit",   "outperform",
      "exceeded", "robust",  "rose",     "up",      "positive", "momentum"};
  static const std::set<std::string> kNeg = {
      "miss",     "misses",     "loss",      "losses",   "decline",   "declined", "weak",
      "weaker",   "lower",      "downgrade", "cut",      "cuts",      "fell",     "drop",
      "dropped",  "impairment", "headwinds", "decrease", "decreased", "down",     "negative",
      "pressure", "trimmed",    "lawsuit",   "pulls"};
  int pos = 0, neg = 0;
  for (const auto& t : nlp::tokenize(text)) {
    pos += kPos.count(t) > 0;
    neg += kNeg.count(t) > 0;
  }
  return {pos, neg};
}

std::string with_lexicon_features(const std::string& text) {
  const auto [pos, neg] = lexicon_counts(text);
  std::string out = text;
  for (int i = 0; i < pos; ++i) out += " xxlexpos";
  for (int i = 0; i < neg; ++i) out += " xxlexneg";
  if (pos == neg) out += " xxlexneutral";
  return out;
}

SentimentScore lexicon_sentiment(const std::string& text) {
  const auto [pos, neg] = lexicon_counts(text);
  if (pos == neg) return {"neutral", 0.5, "lexicon"};
  const double total = pos + neg;
  return pos > neg ? SentimentScore{"positive", pos / total, "lexicon"}
                   : SentimentScore{"negative", neg / total, "lexicon"};
}

std::shared_ptr<const SentimentAnalyzer::Model> SentimentAnalyzer::make_model(
    nlp::Classifier classifier, const std::map<std::string, double>& shares,
    const SentimentPriors& priors) {
  auto m = std::make_shared<Model>();
  const auto& labels = classifier.labels();
  for (const auto& label : labels) {
    const auto it = shares.find(label);
    const double share =
        it != shares.end() && it->second > 0 ? it->second : 1.0 / double(labels.size());
    const double prior = prior_of(label, priors);
    m->weights.push_back(priors.enabled && prior > 0 ? prior / share : 1.0);
  }
  m->classifier = std::move(classifier);
  return m;
}

SentimentAnalyzer::SentimentAnalyzer(nlp::Classifier classifier, SentimentPriors priors)
    : model_(make_model(std::move(classifier), {}, priors)) {}

Result<SentimentAnalyzer> SentimentAnalyzer::train_csv(const std::string& path,
                                                       SentimentPriors priors) {
  auto data = nlp::load_dataset(path, nlp::DatasetSpec{});
  if (!data) return data.error();
  auto model = train_sentences(*data);
  if (!model) return model.error();
  SentimentAnalyzer a;
  a.model_ = make_model(std::move(*model), label_shares(*data), priors);
  return a;
}

SentimentAnalyzer SentimentAnalyzer::bundled(const std::string& path) {
  SentimentAnalyzer a;
  a.pending_ =
      std::async(std::launch::async, [path]() -> std::shared_ptr<const Model> {
        auto trained = train_csv(path);
        if (!trained) {
          log::get("documents")
              ->warn("sentiment model not trained ({}): lexicon only", trained.error().message);
          return nullptr;
        }
        log::get("documents")->info("sentiment model trained on {}", path);
        return trained->model_;
      }).share();
  return a;
}

Result<SentimentAnalyzer> SentimentAnalyzer::train_tfns(const std::string& path,
                                                        std::size_t limit) {
  nlp::DatasetSpec spec;
  spec.text_column = "context";
  spec.label_column = "target";
  spec.text_after = "Input:";
  auto data = nlp::load_dataset(path, spec);
  if (!data.ok()) return data.error();
  if (limit > 0 && data->examples.size() > limit) data->examples.resize(limit);
  auto model = train_sentences(*data);
  if (!model.ok()) return model.error();
  SentimentAnalyzer a;
  a.model_ = make_model(std::move(*model), label_shares(*data), SentimentPriors{.enabled = false});
  return a;
}

std::shared_ptr<const SentimentAnalyzer::Model> SentimentAnalyzer::model() const {
  if (model_) return model_;
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    return pending_.get();
  }
  return nullptr;
}

bool SentimentAnalyzer::has_classifier(bool wait) const {
  if (wait && !model_ && pending_.valid()) pending_.wait();
  return model() != nullptr;
}

std::vector<double> SentimentAnalyzer::sentence_probabilities(const Model& m,
                                                              const std::string& sentence) const {
  const auto p = m.classifier.probabilities(with_lexicon_features(sentence));
  std::vector<double> out(p.size());
  double total = 0;
  for (size_t i = 0; i < p.size(); ++i) total += out[i] = double(p[i]) * m.weights[i];
  for (auto& v : out) v = total > 0 ? v / total : 1.0 / double(out.size());
  return out;
}

SentimentScore SentimentAnalyzer::score(const std::string& text) const {
  const auto m = model();
  if (!m) return lexicon_sentiment(text);
  auto sentences = split_sentences(text);
  if (sentences.empty()) sentences.push_back(text);
  std::vector<double> mean(m->classifier.labels().size(), 0.0);
  for (const auto& s : sentences) {
    const auto p = sentence_probabilities(*m, s);
    for (size_t i = 0; i < p.size(); ++i) mean[i] += p[i] / double(sentences.size());
  }
  const size_t best = size_t(std::max_element(mean.begin(), mean.end()) - mean.begin());
  return {m->classifier.labels()[best], mean[best], "classifier"};
}

std::vector<SectionSentiment> SentimentAnalyzer::sections(const std::string& text) const {
  std::vector<SectionSentiment> out;
  std::istringstream in(text);
  std::string line, cur;
  auto flush = [&] {
    if (cur.find_first_not_of(" \t\n") == std::string::npos) return;
    out.push_back({out.size(), cur, score(cur)});
    cur.clear();
  };
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      flush();
      cur.clear();
    } else {
      cur += line + "\n";
    }
  }
  flush();
  return out;
}

}  // namespace finchat::documents
