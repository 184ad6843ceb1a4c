#include "chat/skills_basic.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace finchat::chat {

namespace {
using core::lower;

const std::vector<std::string> kStarters = {
    "How is NOVA doing today?", "Is the market trending up?",
    "What's the fee for an international wire?", "My card was declined"};
}  // namespace

Result<SkillResult> SmallTalkSkill::run(Turn& turn) {
  SkillResult r;
  std::string t = lower(turn.text);
  if (t.find("thank") != std::string::npos || t.find("thx") != std::string::npos) {
    r.text = "You're welcome. Is there anything else I can help you with?";
  } else if (t.find("bye") != std::string::npos) {
    r.text = "Goodbye, and thank you for banking with us.";
  } else {
    r.text =
        "Hello! I can look up market data and analysis, answer questions about your accounts, "
        "cards, payments and fees, help troubleshoot problems, or connect you with a specialist. "
        "What can I do for you?";
  }
  r.suggestions = kStarters;
  return r;
}

Result<SkillResult> OutOfScopeSkill::run(Turn&) {
  SkillResult r;
  r.text =
      "I'm sorry, I can't help with that. I can help with market data and analysis, your "
      "accounts, cards, payments, fees and statements, or connect you with a specialist.";
  r.suggestions = kStarters;
  return r;
}

Result<SkillResult> EscalationSkill::run(Turn& turn) {
  // An escalation rule that fired on this turn names its reason; otherwise the customer asked.
  std::string reason =
      turn.entities.value("escalation_reason", std::string("customer asked for a human"));
  auto ticket = desk_->escalate(turn, reason);
  if (!ticket) return ticket.error();
  SkillResult r;
  r.escalation = *ticket;
  r.text = "I've passed this conversation to a specialist in our " +
           ticket->value("queue", std::string("support")) + " team. Your ticket number is " +
           ticket->value("number", std::string("")) +
           ". They can see everything we've discussed, so you won't need to repeat yourself.";
  r.facts.push_back(Fact{"ticket_number", ticket->value("number", std::string("")), "", "",
                         "finchat support desk"});
  r.memory["open_ticket"] = ticket->value("ticket_id", std::string(""));
  return r;
}

}  // namespace finchat::chat
