#pragma once
// Escalation rules (when the bot hands a conversation to a human), configurable from YAML:
//   human_request_phrases: [...]   negative_turns: 2      failed_turns: 2
//   min_retrieval_confidence: 0.35 regulated_keywords: {fraud: [...], ...}
//   high_value_amount: 10000       high_value_action_words: [...]   sla_risk_minutes: 10
// Missing keys keep their defaults; unknown keys and wrong types are errors naming the key.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace finchat::support {

struct EscalationConfig {
  std::vector<std::string> human_request_phrases = {
      "human",           "real person",    "an agent", "live agent",      "speak to someone",
      "talk to someone", "representative", "call me",  "customer service"};
  int negative_turns = 2;  // consecutive negative-sentiment turns
  int failed_turns = 2;    // consecutive low-confidence (failed) answers
  double min_retrieval_confidence = 0.35;
  std::map<std::string, std::vector<std::string>> regulated_keywords = {
      {"fraud",
       {"fraud", "scam", "unauthorized", "unauthorised", "stolen", "hacked", "did not make",
        "didn't make"}},
      {"complaint", {"complaint", "complain", "ombudsman", "regulator", "cfpb", "lawyer"}},
      {"bereavement", {"passed away", "died", "deceased", "death of", "funeral", "estate of"}},
      {"vulnerable",
       {"suicid", "self harm", "can't cope", "cannot cope", "dementia", "domestic abuse",
        "financial abuse", "carer", "hospital"}}};
  double high_value_amount = 10'000.0;
  // An amount above high_value_amount only counts next to one of these action words (a
  // question about the fee for a $20,000 wire is not a high-value action); empty: any amount.
  std::vector<std::string> high_value_action_words = {
      "transfer", "send", "wire", "withdraw", "pay", "move", "sell", "buy", "cash out", "close"};
  int64_t sla_risk_minutes = 10;  // escalate when the ticket SLA is due within this window
};

Result<EscalationConfig> parse_escalation_config(std::string_view yaml);
// Reads and parses a YAML rules file; errors name the file.
Result<EscalationConfig> load_escalation_config(const std::string& path);

// What the chat side knows about the current turn and the ones before it.
struct TurnSignals {
  std::string text;
  int negative_streak = 0;  // consecutive negative turns, this one included
  int failed_streak = 0;    // consecutive low-confidence answers, this one included
  std::optional<double> retrieval_confidence;  // best retrieval score, when retrieval ran
  std::optional<int64_t> sla_minutes_left;     // open ticket's remaining SLA, when there is one
};

struct EscalationReason {
  std::string rule;    // human_request | negative_sentiment | repeated_failure |
                       // low_retrieval_confidence | regulated_topic | high_value | sla_risk
  std::string detail;  // what triggered it (phrase, topic, amount, counts)
};

struct EscalationDecision {
  bool escalate = false;
  std::vector<EscalationReason> reasons;
};

// Largest money amount written in the text ("$12,500", "12k", "USD 3000.50"), if any.
std::optional<double> largest_amount(std::string_view text);

class EscalationEngine {
 public:
  explicit EscalationEngine(EscalationConfig config = {}) : config_(std::move(config)) {}
  EscalationDecision evaluate(const TurnSignals& turn) const;
  const EscalationConfig& config() const { return config_; }

 private:
  EscalationConfig config_;
};

}  // namespace finchat::support
