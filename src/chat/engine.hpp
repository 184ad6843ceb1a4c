#pragma once
// The conversation engine: understand a turn (intent + entities, with the dialogue state
// for references like "and Microsoft?"), call the skill, then realize the answer — with
// the model when one is configured and its text passes the verifier, else with the
// skill's deterministic rendering.
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "chat/tool_choice.hpp"
#include "chat/types.hpp"
#include "core/result.hpp"

namespace finchat::chat {

struct Turn {
  std::string user_id;
  std::string role;
  std::string conversation_id;
  std::string text;
  nlohmann::json state = nlohmann::json::object();  // dialogue state, updated in place
  std::string intent;                               // set by the router
  nlohmann::json entities = nlohmann::json::object();
};

class Skill {
 public:
  virtual ~Skill() = default;
  virtual std::string name() const = 0;
  virtual Result<SkillResult> run(Turn& turn) = 0;
};

// Finds entities in text (tickers, companies); the knowledge graph or market universe
// implements it. Returns symbols in order of appearance.
class EntityFinder {
 public:
  virtual ~EntityFinder() = default;
  virtual std::vector<std::string> find_symbols(const std::string& text) = 0;
};

// Optional trained intent classifier: label and confidence; an empty label abstains.
class IntentClassifier {
 public:
  virtual ~IntentClassifier() = default;
  virtual std::pair<std::string, double> classify(const std::string& text) = 0;
};

// Optional language-model realizer: words from facts. Streams tokens through on_token.
class Realizer {
 public:
  virtual ~Realizer() = default;
  virtual Result<std::string> realize(const SkillResult& plan, const Turn& turn,
                                      const std::function<bool(std::string_view)>& on_token) = 0;
};

struct EngineStats {
  uint64_t turns = 0;
  uint64_t fallbacks = 0;
};

using TokenSink = std::function<bool(std::string_view)>;  // false: client went away

// What a routing rule sees of the turn being routed.
struct RouteContext {
  const std::string& text;     // as typed
  const std::string& lowered;  // lower-cased
  const std::vector<std::string>& symbols;
  const nlohmann::json& state;
};

// A routing rule contributed by a skill's wiring ("how should I invest" -> portfolio).
// Rules run after the hand-off, injection and greeting rules and before the market and
// FAQ defaults; a higher priority runs first.
struct RouteRule {
  std::string intent;
  int priority = 0;
  std::function<bool(const RouteContext&)> matches;
};

// A check run after every turn (escalation rules: sentiment, regulated topics, repeated
// failures…). It returns the reason to hand the conversation to a human, if any. It may
// write counters into plan.memory (kept in the dialogue state for the next turn).
using TurnCheck = std::function<std::optional<std::string>(const Turn&, SkillResult&)>;

// Builds one case-insensitive regex matching any of the words or phrases on word
// boundaries; compile once (a function-level static) and reuse for every turn.
std::regex words_regex(std::initializer_list<const char*> words);
bool contains_any(const std::string& lowered, const std::regex& words);

class Engine {
 public:
  Engine(std::map<std::string, std::shared_ptr<Skill>> skills, std::shared_ptr<EntityFinder> finder,
         std::shared_ptr<IntentClassifier> classifier = nullptr,
         std::shared_ptr<Realizer> realizer = nullptr);

  // Runs one turn. Tokens of the final text are streamed through `sink` as they are ready.
  Result<SkillResult> respond(Turn& turn, const TokenSink& sink);
  // Decides the intent (skill name) and fills turn.entities; exposed for evaluation.
  std::string route(Turn& turn);
  bool has_skill(const std::string& name) const { return skills_.count(name) > 0; }
  // Recognises messages that should start a guided troubleshooting flow ("card declined").
  void set_flow_matcher(std::function<bool(const std::string&)> matcher) {
    flow_matcher_ = std::move(matcher);
  }
  // Not thread-safe: add rules and checks while wiring, before the first turn.
  void add_rule(RouteRule rule);
  void add_turn_check(TurnCheck check) { checks_.push_back(std::move(check)); }
  // Lets a capable model choose the tool for turns that the hard rules and an active skill
  // leave open. Its symbols count only when the entity finder recognises them. Not
  // thread-safe: set while wiring.
  void set_tool_chooser(std::shared_ptr<ToolChooser> chooser, std::vector<ToolSpec> tools);

 private:
  std::string stream_text(const std::string& text, const TokenSink& sink);

  std::map<std::string, std::shared_ptr<Skill>> skills_;
  std::shared_ptr<EntityFinder> finder_;
  std::shared_ptr<IntentClassifier> classifier_;
  std::shared_ptr<Realizer> realizer_;
  std::string contributed_intent(const RouteContext& ctx) const;
  void run_turn_checks(Turn& turn, SkillResult& plan);
  std::string model_choice(Turn& turn, std::vector<std::string>& symbols);

  std::function<bool(const std::string&)> flow_matcher_;
  std::vector<RouteRule> rules_;  // sorted by descending priority
  std::vector<TurnCheck> checks_;
  std::shared_ptr<ToolChooser> tool_chooser_;
  std::vector<ToolSpec> tools_;
};

// A multi-turn skill (a questionnaire, a form) keeps the conversation by setting
// memory["active_skill"] to its name; it releases it by setting it to null. Hand-off
// requests and injection attempts still win.
constexpr const char* kActiveSkillKey = "active_skill";

// Rule layer, used where rules are clearly right. hard_intent: hand-off requests,
// injection attempts and greetings, which win over everything; rule_intent adds the
// market defaults (trends, analysis, quote) and obvious off-topic requests.
std::string hard_intent(const std::string& lowered_text);
std::string rule_intent(const std::string& lowered_text, bool has_symbol);

}  // namespace finchat::chat
