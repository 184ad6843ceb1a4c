#pragma once
// Deterministic rendering of the portfolio skill's answers: every number shown is also a
// chat::Fact with the same rounding, so a model realizer can be verified against them.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chat/types.hpp"
#include "finance/portfolio/advisor.hpp"

namespace finchat::app {

// The question at state["q"], with numbered options; `intro` explains why we ask.
chat::SkillResult questionnaire_turn(const nlohmann::json& state, bool intro);
std::string profile_intro(const portfolio::RiskProfile& profile);
std::vector<chat::Fact> profile_facts(const portfolio::RiskProfile& profile);
// The text of a questionnaire question (quoted in answers; a label, not a figure).
std::string question_label(const std::string& question_id);
// `previous`: {"expected_return", "volatility", "bond_share"} of the recommendation compared.
chat::SkillResult render_advice(const portfolio::Advice& advice,
                                const portfolio::RiskProfile& profile,
                                const std::optional<nlohmann::json>& previous);
chat::SkillResult render_assessment(const std::string& portfolio_name,
                                    const portfolio::HoldingsRisk& risk,
                                    const portfolio::RiskProfile& profile);

}  // namespace finchat::app
