#pragma once
// Evaluation through the inference engine (what ships): perplexity on held-out chats and
// task metrics on prompts with expected answers. No libtorch here.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "train/token_data.hpp"

namespace finchat::train {

// Logits for every position of `tokens` from the engine's forward pass ([n][vocab]).
Result<std::vector<std::vector<float>>> engine_logits(const std::string& gguf_path,
                                                      const std::vector<int>& tokens);

struct PerplexityResult {
  double mean_loss = 0, perplexity = 0;
  int64_t tokens = 0;
};
// Mean NLL over the scored (assistant) tokens of each example.
Result<PerplexityResult> engine_perplexity(const std::string& gguf_path,
                                           const std::vector<TokenExample>& examples);

struct TaskCase {
  std::vector<ChatTurn> prompt;    // conversation up to the reply
  std::string expected;            // reference answer
  std::vector<std::string> facts;  // strings the answer must contain
};
// JSONL: {"messages":[...], "expected":"...", "facts":["..", ..]}.
Result<std::vector<TaskCase>> read_task_cases(const std::string& path);

struct TaskMetrics {
  int cases = 0, exact = 0, all_facts = 0, no_extra_numbers = 0, faithful = 0;
  std::vector<std::string> samples;   // a few generated answers for the report
  std::vector<std::string> failures;  // a few unfaithful answers, with what was expected
};
// Numbers (digit runs with optional decimals) appearing in `text`.
std::vector<std::string> extract_numbers(const std::string& text);
// faithful = every fact present and no number outside the facts.
struct AnswerCheck {
  bool exact = false, all_facts = false, no_extra_numbers = false;
};
AnswerCheck check_answer(const std::string& answer, const TaskCase& c);
Result<TaskMetrics> run_task_eval(const std::string& gguf_path, const std::vector<TaskCase>& cases,
                                  int max_tokens, int threads);

}  // namespace finchat::train
