#pragma once
// Deterministic generator of the synthetic dialogues the bundled finchat-mini model is
// trained on: FAQ/help-centre answers from data/ and templated "FACTS -> answer" turns
// (quotes, indicators, trends, tickets, escalations, refusals) in many phrasings.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "train/eval.hpp"

namespace finchat::train {

struct DemoOptions {
  std::string data_dir;  // the repository's data/ folder (kb/, faq/, tickets/)
  std::string out_dir;
  uint64_t seed = 42;
  int fact_examples = 20000;  // templated fact-bundle dialogues for training
  int valid_examples = 400;   // held-out dialogues (perplexity)
  int heldout_tasks = 200;    // held-out fact bundles (generation metrics)
};

struct DemoSummary {
  int train = 0, valid = 0, tasks = 0, faq = 0, kb = 0, tickets = 0;
  std::vector<std::string> files;
};

// One templated fact-bundle case; kind cycles through all kinds when < 0.
TaskCase make_fact_case(uint64_t seed, int kind);
int fact_case_kinds();

// "QCCM trades" -> "Q C C M trades". The tokenizer is trained on this form, so BPE learns no
// merges of capitals and a ticker is encoded letter by letter, like the (split) digits: the
// model then copies tickers it never saw from the FACTS line (with merged random letter pairs
// it garbled them; they were the main failure of the first 3M-parameter runs).
std::string spaced_capitals(const std::string& line);

// Writes train.jsonl, valid.jsonl (chat), heldout_tasks.jsonl (TaskCase) and corpus.txt
// (tokenizer training text) under out_dir.
Result<DemoSummary> generate_demo_data(const DemoOptions& opt);

}  // namespace finchat::train
