#pragma once
// Skills that need no data source: greetings, refusals for out-of-scope requests, and the
// hand-off to a human (through a TicketDesk implemented by the support component).
#include <memory>

#include "chat/engine.hpp"

namespace finchat::chat {

class SmallTalkSkill final : public Skill {
 public:
  std::string name() const override { return "smalltalk"; }
  Result<SkillResult> run(Turn& turn) override;
};

class OutOfScopeSkill final : public Skill {
 public:
  std::string name() const override { return "out_of_scope"; }
  Result<SkillResult> run(Turn& turn) override;
};

class TicketDesk {
 public:
  virtual ~TicketDesk() = default;
  // Opens (or returns the already open) escalation ticket for this conversation.
  // Returns {"ticket_id","number","queue","reason","sla_due"}.
  virtual Result<nlohmann::json> escalate(const Turn& turn, const std::string& reason) = 0;
};

class EscalationSkill final : public Skill {
 public:
  explicit EscalationSkill(std::shared_ptr<TicketDesk> desk) : desk_(std::move(desk)) {}
  std::string name() const override { return "escalation"; }
  Result<SkillResult> run(Turn& turn) override;

 private:
  std::shared_ptr<TicketDesk> desk_;
};

}  // namespace finchat::chat
