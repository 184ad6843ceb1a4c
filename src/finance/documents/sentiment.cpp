#include "finance/documents/sentiment.hpp"

#include <set>
#include <sstream>

#include "nlp/dataset.hpp"
#include "nlp/text.hpp"

namespace finchat::documents {

SentimentScore lexicon_sentiment(const std::string& text) {
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
  if (pos == neg) return {"neutral", 0.5, "lexicon"};
  const double total = pos + neg;
  return pos > neg ? SentimentScore{"positive", pos / total, "lexicon"}
                   : SentimentScore{"negative", neg / total, "lexicon"};
}

SentimentAnalyzer::SentimentAnalyzer(nlp::Classifier classifier)
    : classifier_(std::make_shared<nlp::Classifier>(std::move(classifier))) {}

Result<SentimentAnalyzer> SentimentAnalyzer::train_tfns(const std::string& path,
                                                        std::size_t limit) {
  nlp::DatasetSpec spec;
  spec.text_column = "context";
  spec.label_column = "target";
  spec.text_after = "Input:";
  auto data = nlp::load_dataset(path, spec);
  if (!data.ok()) return data.error();
  if (limit > 0 && data->examples.size() > limit) data->examples.resize(limit);
  nlp::TrainOptions options;
  options.use_svm = false;
  auto model = nlp::train(*data, options);
  if (!model.ok()) return model.error();
  return SentimentAnalyzer(std::move(*model));
}

SentimentScore SentimentAnalyzer::score(const std::string& text) const {
  if (!classifier_) return lexicon_sentiment(text);
  const auto p = classifier_->predict(text, 1);
  return {p.label, p.confidence, "classifier"};
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
