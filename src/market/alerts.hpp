#pragma once
// Alert rules evaluated on every closed bar (pure logic; persistence lives elsewhere).
// Rule JSON:
//   {"id":"a1","symbol":"NOVA","type":"price_cross","direction":"above","level":200}
//   {"id":"a2","symbol":"NOVA","type":"indicator","indicator":"rsi","params":{"period":14},
//    "output":"value","op":">","value":70,"interval":"1d"}
//   {"id":"a3","symbol":"NOVA","type":"pct_move","pct":5,"direction":"any"}
// "interval" (default "1m", or "1d" for indicators) selects which bars the rule sees. Rules are
// edge-triggered: they fire when their condition becomes true, not on every bar while it holds;
// pct_move fires at most once per session.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "finance/technical/registry.hpp"
#include "market/types.hpp"

namespace finchat::market {

enum class AlertType { price_cross, indicator, pct_move };

struct AlertRule {
  std::string id;
  std::string symbol;
  AlertType type = AlertType::price_cross;
  Interval interval = Interval::m1;
  std::string direction;  // price_cross: above|below; pct_move: up|down|any
  double level = 0;       // price_cross level, indicator threshold, or pct_move percent
  std::string indicator;  // registry name
  technical::Params params;
  std::string output = "value";
  std::string op;  // > >= < <=
};

Result<AlertRule> parse_alert_rule(const nlohmann::json& spec);
Result<AlertRule> parse_alert_rule(const std::string& json_text);
nlohmann::json to_json(const AlertRule& rule);

struct AlertEvent {
  std::string rule_id;
  std::string symbol;
  std::string type;  // "price_cross", "indicator", "pct_move"
  double value = 0;  // price, indicator reading or move in percent
  double threshold = 0;
  int64_t bar_start_ms = 0;
  Interval interval = Interval::m1;
};
nlohmann::json to_json(const AlertEvent& e);

class AlertEngine {
 public:
  Status add(const AlertRule& rule);
  // Adds a rule and replays closed `history` (oldest first) through it without firing, so an
  // indicator rule starts warm and an edge rule knows whether its condition already holds.
  Status add(const AlertRule& rule, const std::vector<Bar>& history);
  bool remove(const std::string& id);
  std::size_t size() const { return rules_.size(); }

  std::vector<AlertEvent> on_bar(const std::string& symbol, Interval interval, const Bar& bar);

 private:
  struct State {
    AlertRule rule;
    bool initialized = false;
    bool active = false;  // condition held on the previous evaluation
    std::shared_ptr<technical::StreamingIndicator> stream;
    int64_t session = -1;
    double prev_session_close = 0, session_last_close = 0;
    int64_t fired_session = -1;
  };
  std::optional<AlertEvent> evaluate(State& s, const Bar& bar);

  std::vector<State> rules_;
};

}  // namespace finchat::market
