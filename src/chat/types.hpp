#pragma once
// The vocabulary of the conversation engine: facts computed by tools, citations, and what
// a skill returns for one turn.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace finchat::chat {

// A number (or value) shown to a user always comes from one of these.
struct Fact {
  std::string name;
  nlohmann::json value;
  std::string unit;
  std::string as_of;
  std::string source;
};

struct Citation {
  std::string kind;  // article | data | graph
  std::string id;
  std::string title;
  std::string source;
  std::string as_of;
  std::string fact;
};

struct SkillResult {
  std::string skill;
  std::vector<Fact> facts;
  std::vector<Citation> citations;
  nlohmann::json card;  // null, or {"type":"quote",...} / {"type":"table",...}
  std::string text;     // deterministic rendering, from the facts alone
  std::vector<std::string> suggestions;
  std::optional<nlohmann::json> escalation;  // {"ticket_id","queue","reason","sla_due"}
  std::string disclaimer;
  // Text the skill vouches for whose digits are not figures: question and option numbers,
  // period names ("2025 Q3"), steps quoted from our own help centre. The verifier skips
  // numbers inside these.
  std::vector<std::string> labels;
  nlohmann::json memory = nlohmann::json::object();  // entities for the dialogue state
};

nlohmann::json to_json(const Fact& f);
nlohmann::json to_json(const Citation& c);
nlohmann::json facts_json(const std::vector<Fact>& facts);
nlohmann::json citations_json(const std::vector<Citation>& citations);

constexpr const char* kInvestmentDisclaimer =
    "For information only, not personal investment advice. Past performance does not "
    "guarantee future results.";
constexpr const char* kSimulatedNotice = "Prices are simulated demo data, not real market data.";

}  // namespace finchat::chat
