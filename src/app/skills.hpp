#pragma once
// Adapters that turn the domain components into chat skills. They live in `app` because
// they join two domain components (chat with support, retrieval, market…).
#include <memory>
#include <string>

#include "chat/conversations.hpp"
#include "core/config.hpp"
#include "chat/skills_basic.hpp"
#include "support/flows.hpp"
#include "support/tickets.hpp"

namespace finchat::retrieval {
class Retriever;
}

namespace finchat::app {

// Opens a support ticket with the conversation transcript attached.
class SupportDesk final : public chat::TicketDesk {
 public:
  SupportDesk(std::shared_ptr<support::TicketStore> tickets,
              std::shared_ptr<chat::ConversationStore> conversations)
      : tickets_(std::move(tickets)), conversations_(std::move(conversations)) {}
  Result<nlohmann::json> escalate(const chat::Turn& turn, const std::string& reason) override;

 private:
  std::shared_ptr<support::TicketStore> tickets_;
  std::shared_ptr<chat::ConversationStore> conversations_;
};

// Answers from the help centre: the best FAQ or article section, cited, when retrieval is
// confident; a clarifying question when unsure; a hand-off when it cannot help.
class FaqSkill final : public chat::Skill {
 public:
  explicit FaqSkill(std::shared_ptr<const retrieval::Retriever> retriever)
      : retriever_(std::move(retriever)) {}
  std::string name() const override { return "faq"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

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

// Loads data/kb articles and data/faq/faq.jsonl and fits the hybrid retriever.
Result<std::shared_ptr<const retrieval::Retriever>> load_help_centre(const SupportConfig& config);

}  // namespace finchat::app
