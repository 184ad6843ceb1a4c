#include "finance/documents/sentiment_eval.hpp"

#include <iomanip>

#include "finance/documents/sentiment.hpp"
#include "nlp/evaluate.hpp"

namespace finchat::documents {

namespace {

SentimentMethodScore score_method(const std::string& name, const nlp::Dataset& data,
                                  const std::function<std::string(const std::string&)>& predict) {
  std::vector<std::string> truth, predicted;
  for (const auto& e : data.examples) {
    truth.push_back(e.label);
    predicted.push_back(predict(e.text));
  }
  const auto report = nlp::score_predictions(truth, predicted, "", 0);
  return {name, report.accuracy, report.macro_f1};
}

}  // namespace

Result<std::vector<SentimentMethodScore>> evaluate_sentiment(const std::string& train_csv,
                                                             const nlp::Dataset& data) {
  if (data.examples.empty()) return Error::invalid("no labelled examples to evaluate");
  auto with_prior = SentimentAnalyzer::train_csv(train_csv);
  if (!with_prior) return with_prior.error();
  auto without_prior = SentimentAnalyzer::train_csv(train_csv, SentimentPriors{.enabled = false});
  if (!without_prior) return without_prior.error();
  std::vector<SentimentMethodScore> out;
  out.push_back(score_method("always-neutral", data, [](const std::string&) { return "neutral"; }));
  out.push_back(score_method("lexicon", data,
                             [](const std::string& t) { return lexicon_sentiment(t).label; }));
  out.push_back(score_method("classifier", data,
                             [&](const std::string& t) { return with_prior->score(t).label; }));
  out.push_back(score_method("classifier-no-prior", data,
                             [&](const std::string& t) { return without_prior->score(t).label; }));
  return out;
}

int run_sentiment_eval_cli(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err) {
  if (args.size() < 3) {
    err << "usage: eval sentiment FILE [--train CSV] [--text-col C] [--label-col L] "
           "[--text-after MARKER]\n";
    return 2;
  }
  std::string train = kBundledSentimentData;
  nlp::DatasetSpec spec;
  for (size_t i = 3; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) {
      err << "missing value for " << args[i] << "\n";
      return 2;
    }
    const auto& v = args[i + 1];
    if (args[i] == "--train")
      train = v;
    else if (args[i] == "--text-col")
      spec.text_column = v;
    else if (args[i] == "--label-col")
      spec.label_column = v;
    else if (args[i] == "--text-after")
      spec.text_after = v;
    else {
      err << "unknown option " << args[i] << "\n";
      return 2;
    }
  }
  auto data = nlp::load_dataset(args[2], spec);
  if (!data) {
    err << data.error().message << "\n";
    return 1;
  }
  auto scores = evaluate_sentiment(train, *data);
  if (!scores) {
    err << scores.error().message << "\n";
    return 1;
  }
  out << "examples " << data->size() << "\n" << std::fixed << std::setprecision(4);
  for (const auto& s : *scores) {
    out << std::left << std::setw(20) << s.method << " accuracy " << s.accuracy << " macro_f1 "
        << s.macro_f1 << "\n";
  }
  return 0;
}

}  // namespace finchat::documents
