#pragma once
// The `portfolio` chat skill: "How should I invest $20k?" runs the risk questionnaire turn by
// turn when the user has no profile (claiming the conversation), then recommends; "what if I
// add 10% bonds?" recomputes with a bond floor and shows the change; "Is my portfolio too
// risky?" compares the stored holdings with the profile. Every number is a computed Fact.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chat/engine.hpp"
#include "finance/portfolio/advisor.hpp"
#include "finance/portfolio/portfolio_store.hpp"

namespace finchat::app {

class PortfolioSkill final : public chat::Skill {
 public:
  PortfolioSkill(std::shared_ptr<const portfolio::Advisor> advisor,
                 std::shared_ptr<portfolio::PortfolioStore> store)
      : advisor_(std::move(advisor)), store_(std::move(store)) {}
  std::string name() const override { return "portfolio"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

 private:
  Result<chat::SkillResult> continue_questionnaire(chat::Turn& turn, nlohmann::json state);
  Result<chat::SkillResult> start(chat::Turn& turn, nlohmann::json state);
  Result<chat::SkillResult> with_profile(chat::Turn& turn, nlohmann::json state);
  Result<chat::SkillResult> after_profile(chat::Turn& turn, const nlohmann::json& state,
                                          const portfolio::RiskProfile& profile, bool just_scored);
  Result<chat::SkillResult> recommend(chat::Turn& turn, nlohmann::json state,
                                      const portfolio::RiskProfile& profile, bool what_if);
  Result<chat::SkillResult> assess(chat::Turn& turn, const nlohmann::json& state,
                                   const portfolio::RiskProfile& profile);

  std::shared_ptr<const portfolio::Advisor> advisor_;
  std::shared_ptr<portfolio::PortfolioStore> store_;
};

// Routing: investment-planning questions, and bond what-ifs after a recommendation.
std::vector<chat::RouteRule> portfolio_route_rules();

// Parsing helpers (exposed for tests).
std::optional<double> parse_cash_amount(const std::string& text);  // "$20k", "20,000 dollars"
std::optional<double> parse_percent(const std::string& text);      // "10%" -> 0.10
// Option id for an answer given as a number ("2"), a letter ("b") or words ("hold and wait").
std::optional<std::string> match_option(const portfolio::Question& q, const std::string& text);

}  // namespace finchat::app
