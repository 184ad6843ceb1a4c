// Escalation rules run after every chat turn (see make_escalation_check in skills.hpp).
#include "app/skills.hpp"

namespace finchat::app {

namespace {

constexpr const char* kNegativeStreak = "support_negative_streak";
constexpr const char* kFailedStreak = "support_failed_streak";
constexpr const char* kSlaFlagged = "support_sla_flagged";  // ticket already flagged at risk

int state_int(const nlohmann::json& state, const char* key) {
  auto it = state.find(key);
  return (it != state.end() && it->is_number_integer()) ? it->get<int>() : 0;
}

std::string state_str(const nlohmann::json& state, const char* key) {
  auto it = state.find(key);
  return (it != state.end() && it->is_string()) ? it->get<std::string>() : "";
}

std::optional<double> faq_confidence(const chat::SkillResult& plan) {
  auto it = plan.memory.find("faq_confidence");
  if (plan.skill != "faq" || it == plan.memory.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

}  // namespace

chat::TurnCheck make_escalation_check(EscalationCheckDeps deps) {
  auto d = std::make_shared<const EscalationCheckDeps>(std::move(deps));
  auto engine = std::make_shared<const support::EscalationEngine>(d->rules);
  return
      [d, engine](const chat::Turn& turn, chat::SkillResult& plan) -> std::optional<std::string> {
        if (turn.intent == "escalation") return std::nullopt;  // already handed off
        support::TurnSignals s;
        s.text = turn.text;
        // Streaks live in the dialogue state: this turn's values go to plan.memory.
        bool negative = support::lexicon_sentiment(turn.text) == support::Sentiment::negative;
        s.negative_streak = negative ? state_int(turn.state, kNegativeStreak) + 1 : 0;
        plan.memory[kNegativeStreak] = s.negative_streak;
        s.failed_streak = state_int(turn.state, kFailedStreak);
        if (auto conf = faq_confidence(plan)) {
          s.retrieval_confidence = *conf;
          s.failed_streak = *conf < d->failed_below ? s.failed_streak + 1 : 0;
          plan.memory[kFailedStreak] = s.failed_streak;
        }
        std::string open_ticket = state_str(turn.state, "open_ticket");
        if (d->tickets && !turn.conversation_id.empty()) {
          auto open = d->tickets->open_for_conversation(turn.conversation_id);
          if (open && open->has_value()) {
            open_ticket = (*open)->id;
            if (state_str(turn.state, kSlaFlagged) != open_ticket) {
              s.sla_minutes_left = ((*open)->sla_due_at - d->clock->now_ms()) / 60'000;
            }
          }
        }
        auto decision = engine->evaluate(s);
        if (!decision.escalate) return std::nullopt;
        // With a ticket already open, only the SLA rule re-raises it (once per ticket); other
        // rules would just hand the same conversation over again.
        const support::EscalationReason* chosen = nullptr;
        for (const auto& r : decision.reasons) {
          if (open_ticket.empty() || r.rule == "sla_risk") {
            chosen = &r;
            break;
          }
        }
        if (!chosen) return std::nullopt;
        if (chosen->rule == "sla_risk") plan.memory[kSlaFlagged] = open_ticket;
        plan.memory[kNegativeStreak] = 0;
        plan.memory[kFailedStreak] = 0;
        return chosen->rule + ": " + chosen->detail;
      };
}

}  // namespace finchat::app
