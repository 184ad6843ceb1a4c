#pragma once
// Risk-profiling questionnaire (data, not code paths) and its scoring into a profile.
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace finchat::portfolio {

struct QuestionOption {
  std::string id;
  std::string text;
  int points = 0;
  // A hard ceiling on the profile, whatever the total score (e.g. money needed within a year).
  int caps_profile_at = -1;  // index into RiskLevel, -1 = none
};

struct Question {
  std::string id;
  std::string text;
  std::vector<QuestionOption> options;
  int max_points() const;
};

struct Questionnaire {
  std::string version;
  std::vector<Question> questions;
};

enum class RiskLevel { conservative, moderately_conservative, moderate, growth, aggressive };
const char* to_string(RiskLevel level);
Result<RiskLevel> risk_level_from_string(const std::string& name);

struct ProfileLimits {
  double max_volatility = 0;    // annualised
  double max_equity_share = 0;  // fraction of the portfolio in equity-class assets
};
ProfileLimits limits_for(RiskLevel level);

struct AnswerContribution {  // one row of the stored rationale
  std::string question_id;
  std::string option_id;
  int points = 0;
  int max_points = 0;
};

struct RiskProfile {
  RiskLevel level = RiskLevel::conservative;
  ProfileLimits limits;
  int score = 0;
  int max_score = 0;
  double score_fraction = 0;
  RiskLevel level_from_score = RiskLevel::conservative;  // before caps
  std::vector<AnswerContribution> drivers;               // all answers, highest points first
  std::vector<AnswerContribution> caps;                  // answers that lowered the level
  std::string questionnaire_version;
  bool from_questionnaire = true;
};

// The default 10-question questionnaire.
const Questionnaire& default_questionnaire();

// Answers: question id -> option id. Every question must be answered exactly once; errors name
// the question id in Error::field.
using Answers = std::map<std::string, std::string>;
Result<RiskProfile> score_questionnaire(const Questionnaire& questionnaire, const Answers& answers);

// Checks ids are unique and every question has options (for questionnaires loaded as data).
Status validate_questionnaire(const Questionnaire& questionnaire);

}  // namespace finchat::portfolio
