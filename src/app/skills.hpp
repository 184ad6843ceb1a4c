#pragma once
// Adapters that turn the domain components into chat skills. They live in `app` because
// they join two domain components (chat with support, retrieval, market…).
#include <functional>
#include <memory>
#include <string>

#include "chat/conversations.hpp"
#include "chat/skills_basic.hpp"
#include "core/config.hpp"
#include "support/desk.hpp"
#include "support/escalation.hpp"
#include "support/flows.hpp"
#include "support/tickets.hpp"
#include "support/triage.hpp"

namespace finchat::retrieval {
class Retriever;
}

namespace finchat::app {

using TriageSource = std::function<std::shared_ptr<const support::TicketClassifier>()>;

// Opens a support ticket with the conversation transcript attached. Category, priority and
// sentiment come from the triage model when it is loaded (keywords and the sentiment
// lexicon until then); the desk then auto-assigns the ticket when `desk` is given.
class SupportDesk final : public chat::TicketDesk {
 public:
  SupportDesk(std::shared_ptr<support::TicketStore> tickets,
              std::shared_ptr<chat::ConversationStore> conversations, TriageSource triage = {},
              std::shared_ptr<support::SupportDesk> desk = nullptr)
      : tickets_(std::move(tickets)),
        conversations_(std::move(conversations)),
        triage_(std::move(triage)),
        desk_(std::move(desk)) {}
  Result<nlohmann::json> escalate(const chat::Turn& turn, const std::string& reason) override;

 private:
  std::shared_ptr<support::TicketStore> tickets_;
  std::shared_ptr<chat::ConversationStore> conversations_;
  TriageSource triage_;
  std::shared_ptr<support::SupportDesk> desk_;
};

// Answers from the help centre: the best FAQ or article section, cited, when retrieval is
// confident; a clarifying question when unsure; a hand-off when it cannot help.
class FaqSkill final : public chat::Skill {
 public:
  explicit FaqSkill(std::shared_ptr<const retrieval::Retriever> retriever)
      : retriever_(std::move(retriever)) {}
  std::string name() const override { return "faq"; }
  // Also records memory["faq_confidence"] (calibrated) for the escalation checks.
  Result<chat::SkillResult> run(chat::Turn& turn) override;
  const std::shared_ptr<const retrieval::Retriever>& retriever() const { return retriever_; }

 private:
  std::shared_ptr<const retrieval::Retriever> retriever_;
};

// Guided troubleshooting (card declined, cannot log in, …): the flow state lives in the
// conversation; a hand-off opens a ticket with the steps already tried.
class TroubleshootSkill final : public chat::Skill {
 public:
  TroubleshootSkill(std::shared_ptr<const support::FlowLibrary> flows,
                    std::shared_ptr<chat::TicketDesk> desk)
      : flows_(std::move(flows)), desk_(std::move(desk)) {}
  std::string name() const override { return "troubleshoot"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

 private:
  std::shared_ptr<const support::FlowLibrary> flows_;
  std::shared_ptr<chat::TicketDesk> desk_;
};

// Loads data/kb articles and data/faq/faq.jsonl and fits the hybrid retriever, or loads the
// fitted models cached under `cache_dir` for the same content (empty: no cache).
Result<std::shared_ptr<const retrieval::Retriever>> load_help_centre(
    const SupportConfig& config, const std::string& cache_dir = {});

// Escalation rules evaluated after every chat turn (support::EscalationEngine): keeps the
// negative-sentiment and failed-answer streaks in the dialogue state, reads the FAQ
// confidence the FAQ skill recorded and the SLA of the conversation's open ticket.
struct EscalationCheckDeps {
  support::EscalationConfig rules;
  std::shared_ptr<support::TicketStore> tickets;  // optional: SLA-risk rule
  const Clock* clock = &SystemClock::instance();
  double failed_below = 0.6;  // an FAQ answer below this confidence counts as a failure
};
chat::TurnCheck make_escalation_check(EscalationCheckDeps deps);

}  // namespace finchat::app
