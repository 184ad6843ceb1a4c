#include "finance/portfolio/risk_profile.hpp"

#include <algorithm>
#include <set>

namespace finchat::portfolio {
namespace {

constexpr int kConservative = static_cast<int>(RiskLevel::conservative);
constexpr int kModCons = static_cast<int>(RiskLevel::moderately_conservative);

Questionnaire build_default() {
  Questionnaire q;
  q.version = "2026-11-v1";
  q.questions = {
      {"horizon",
       "When do you expect to need most of this money?",
       {{"lt1", "Within 1 year", 0, kConservative},
        {"1to3", "In 1 to 3 years", 2, kModCons},
        {"3to5", "In 3 to 5 years", 4, -1},
        {"5to10", "In 5 to 10 years", 6, -1},
        {"gt10", "In more than 10 years", 8, -1}}},
      {"loss_reaction",
       "If your investments fell 20% in a year, what would you most likely do?",
       {{"sell_all", "Sell everything", 0, kModCons},
        {"sell_some", "Sell some", 2, -1},
        {"hold", "Hold and wait", 5, -1},
        {"buy_more", "Buy more", 8, -1}}},
      {"max_loss",
       "What is the largest one-year fall you could accept?",
       {{"5", "About 5%", 0, -1},
        {"10", "About 10%", 2, -1},
        {"20", "About 20%", 4, -1},
        {"30", "About 30%", 6, -1},
        {"gt30", "More than 30%", 8, -1}}},
      {"income_stability",
       "How stable is your income?",
       {{"none", "No regular income", 0, -1},
        {"unstable", "Irregular", 1, -1},
        {"stable", "Stable", 4, -1},
        {"very_stable", "Very stable, with a margin", 6, -1}}},
      {"goal",
       "What is the main goal for this money?",
       {{"preserve", "Keep its value", 0, -1},
        {"income", "Regular income", 2, -1},
        {"balanced", "Balanced growth and income", 4, -1},
        {"growth", "Long-term growth", 6, -1},
        {"max_growth", "Maximum growth", 8, -1}}},
      {"experience",
       "Which investments have you held before?",
       {{"none", "None, or savings accounts only", 0, -1},
        {"funds", "Funds or ETFs", 2, -1},
        {"stocks", "Individual shares", 4, -1},
        {"advanced", "Leveraged products or derivatives", 6, -1}}},
      {"liquidity",
       "How much of this money might you need at short notice in the next 2 years?",
       {{"gt50", "More than half", 0, kModCons},
        {"25to50", "A quarter to a half", 2, -1},
        {"10to25", "A tenth to a quarter", 4, -1},
        {"lt10", "Less than a tenth", 6, -1}}},
      {"age_band",
       "What is your age band?",
       {{"lt30", "Under 30", 6, -1},
        {"30to44", "30 to 44", 5, -1},
        {"45to59", "45 to 59", 3, -1},
        {"60to74", "60 to 74", 1, -1},
        {"75plus", "75 or over", 0, -1}}},
      {"emergency_fund",
       "How many months of expenses do you hold in cash outside this investment?",
       {{"none", "None", 0, kModCons},
        {"lt3", "Less than 3 months", 2, -1},
        {"3to6", "3 to 6 months", 4, -1},
        {"gt6", "More than 6 months", 5, -1}}},
      {"wealth_share",
       "What share of your total savings is this investment?",
       {{"gt75", "More than 75%", 0, -1},
        {"50to75", "50% to 75%", 2, -1},
        {"25to50", "25% to 50%", 4, -1},
        {"lt25", "Less than 25%", 6, -1}}},
  };
  return q;
}

RiskLevel level_for_fraction(double f) {
  if (f < 0.2) return RiskLevel::conservative;
  if (f < 0.4) return RiskLevel::moderately_conservative;
  if (f < 0.6) return RiskLevel::moderate;
  if (f < 0.8) return RiskLevel::growth;
  return RiskLevel::aggressive;
}

}  // namespace

int Question::max_points() const {
  int best = 0;
  for (const auto& o : options) best = std::max(best, o.points);
  return best;
}

const char* to_string(RiskLevel level) {
  switch (level) {
    case RiskLevel::conservative: return "conservative";
    case RiskLevel::moderately_conservative: return "moderately_conservative";
    case RiskLevel::moderate: return "moderate";
    case RiskLevel::growth: return "growth";
    case RiskLevel::aggressive: return "aggressive";
  }
  return "conservative";
}

Result<RiskLevel> risk_level_from_string(const std::string& name) {
  for (int i = 0; i <= static_cast<int>(RiskLevel::aggressive); ++i) {
    if (name == to_string(static_cast<RiskLevel>(i))) return static_cast<RiskLevel>(i);
  }
  return Error::invalid("unknown risk level '" + name + "'", "level");
}

ProfileLimits limits_for(RiskLevel level) {
  switch (level) {
    case RiskLevel::conservative: return {0.06, 0.25};
    case RiskLevel::moderately_conservative: return {0.09, 0.45};
    case RiskLevel::moderate: return {0.12, 0.65};
    case RiskLevel::growth: return {0.16, 0.85};
    case RiskLevel::aggressive: return {0.22, 1.00};
  }
  return {0.06, 0.25};
}

const Questionnaire& default_questionnaire() {
  static const Questionnaire q = build_default();
  return q;
}

Status validate_questionnaire(const Questionnaire& q) {
  std::set<std::string> ids;
  if (q.questions.empty()) return Error::invalid("questionnaire has no questions", "questions");
  for (const auto& question : q.questions) {
    if (question.id.empty()) return Error::invalid("question without id", "questions");
    if (!ids.insert(question.id).second) {
      return Error::invalid("duplicate question id", question.id);
    }
    if (question.options.empty()) return Error::invalid("question has no options", question.id);
    std::set<std::string> option_ids;
    for (const auto& o : question.options) {
      if (!option_ids.insert(o.id).second)
        return Error::invalid("duplicate option id " + o.id, question.id);
      if (o.caps_profile_at > static_cast<int>(RiskLevel::aggressive)) {
        return Error::invalid("cap out of range for option " + o.id, question.id);
      }
    }
  }
  return {};
}

Result<RiskProfile> score_questionnaire(const Questionnaire& q, const Answers& answers) {
  if (auto st = validate_questionnaire(q); !st) return st.error();
  for (const auto& answer : answers) {
    const std::string& question_id = answer.first;
    const bool known = std::any_of(q.questions.begin(), q.questions.end(),
                                   [&](const Question& x) { return x.id == question_id; });
    if (!known) return Error::invalid("answer to unknown question", question_id);
  }
  RiskProfile profile;
  profile.questionnaire_version = q.version;
  int cap = static_cast<int>(RiskLevel::aggressive);
  for (const auto& question : q.questions) {
    auto it = answers.find(question.id);
    if (it == answers.end()) return Error::invalid("question not answered", question.id);
    auto option = std::find_if(question.options.begin(), question.options.end(),
                               [&](const QuestionOption& o) { return o.id == it->second; });
    if (option == question.options.end()) {
      return Error::invalid("unknown option '" + it->second + "'", question.id);
    }
    AnswerContribution c{question.id, option->id, option->points, question.max_points()};
    profile.score += c.points;
    profile.max_score += c.max_points;
    profile.drivers.push_back(c);
    if (option->caps_profile_at >= 0) {
      cap = std::min(cap, option->caps_profile_at);
      profile.caps.push_back(c);
    }
  }
  profile.score_fraction =
      profile.max_score > 0 ? static_cast<double>(profile.score) / profile.max_score : 0.0;
  profile.level_from_score = level_for_fraction(profile.score_fraction);
  profile.level = static_cast<RiskLevel>(std::min(cap, static_cast<int>(profile.level_from_score)));
  if (profile.level == profile.level_from_score) profile.caps.clear();  // caps did not bind
  profile.limits = limits_for(profile.level);
  std::stable_sort(
      profile.drivers.begin(), profile.drivers.end(),
      [](const AnswerContribution& a, const AnswerContribution& b) { return a.points > b.points; });
  return profile;
}

}  // namespace finchat::portfolio
