#pragma once
// Sentiment evaluation: the bundled classifier (with and without the neutral prior) against the
// lexicon and an always-neutral baseline on a labelled file the model never trained on.
#include <ostream>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "nlp/dataset.hpp"

namespace finchat::documents {

struct SentimentMethodScore {
  std::string method;  // "always-neutral", "lexicon", "classifier", "classifier-no-prior"
  double accuracy = 0, macro_f1 = 0;
};

// Trains on `train_csv` (text,label) and scores every method on `data`.
Result<std::vector<SentimentMethodScore>> evaluate_sentiment(const std::string& train_csv,
                                                             const nlp::Dataset& data);

// `eval sentiment FILE [--train CSV] [--text-col C] [--label-col L] [--text-after MARKER]`
int run_sentiment_eval_cli(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err);

}  // namespace finchat::documents
