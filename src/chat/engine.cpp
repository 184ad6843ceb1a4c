#include "chat/engine.hpp"

#include <algorithm>
#include <regex>

#include "chat/history.hpp"
#include "chat/verifier.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/text.hpp"

namespace finchat::chat {

namespace {

using core::lower;

metrics::Counter& fallback_counter() {
  static auto& c = metrics::registry()
                       .counter("finchat_chat_fallbacks_total",
                                "Answers rendered deterministically because the model was "
                                "unavailable or its text failed verification")
                       .get();
  return c;
}

metrics::Family<metrics::Counter>& turn_counter() {
  static auto& f =
      metrics::registry().counter("finchat_chat_turns_total", "Chat turns by skill", {"skill"});
  return f;
}

metrics::Family<metrics::Counter>& tool_choice_counter() {
  static auto& f = metrics::registry().counter(
      "finchat_chat_tool_choices_total",
      "Turns offered to the model's tool choice, by outcome (chosen, declined)", {"outcome"});
  return f;
}

}  // namespace

std::regex words_regex(std::initializer_list<const char*> words) {
  std::string pattern = "\\b(";
  bool first = true;
  for (const char* w : words) {
    if (!first) pattern += "|";
    pattern += "(?:" + std::string(w) + ")";
    first = false;
  }
  pattern += ")\\b";
  return std::regex(pattern, std::regex::icase | std::regex::optimize);
}

bool contains_any(const std::string& lowered, const std::regex& words) {
  return std::regex_search(lowered, words);
}

namespace {

const std::regex& analysis_words() {
  static const std::regex r = words_regex(
      {"rsi", "macd", "bollinger", "adx", "support", "resistance", "analysis", "analyze", "analyse",
       "technical", "trend", "sma", "moving average", "volatility"});
  return r;
}

}  // namespace

std::string hard_intent(const std::string& t) {
  static const std::regex kHandOff =
      words_regex({"human", "agent", "representative", "real person", "someone real",
                   "speak to someone", "talk to someone", "escalate"});
  static const std::regex kInjection = words_regex(
      {"ignore (all |the )?previous instructions", "system prompt", "developer mode", "jailbreak"});
  static const std::regex kGreeting(
      R"(\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you|thx|bye|goodbye)[!. ]*)");
  if (contains_any(t, kHandOff)) return "escalation";
  if (contains_any(t, kInjection)) return "out_of_scope";
  if (std::regex_match(t, kGreeting)) return "smalltalk";
  return "";
}

std::string rule_intent(const std::string& t, bool has_symbol) {
  static const std::regex kTrends =
      words_regex({"market trend", "market trending", "trending", "the market", "breadth",
                   "sector rotation", "top movers", "sectors"});
  static const std::regex kOffTopic =
      words_regex({"weather", "recipe", "football", "movie", "song", "poem", "joke", "dating",
                   "homework", "president"});
  if (auto hard = hard_intent(t); !hard.empty()) return hard;
  if (contains_any(t, kTrends) && !has_symbol) return "market_trends";
  if (has_symbol && contains_any(t, analysis_words())) return "market_analysis";
  if (has_symbol) return "market_quote";
  if (contains_any(t, kOffTopic)) return "out_of_scope";
  return "";
}

Engine::Engine(std::map<std::string, std::shared_ptr<Skill>> skills,
               std::shared_ptr<EntityFinder> finder, std::shared_ptr<IntentClassifier> classifier,
               std::shared_ptr<Realizer> realizer)
    : skills_(std::move(skills)),
      finder_(std::move(finder)),
      classifier_(std::move(classifier)),
      realizer_(std::move(realizer)) {}

void Engine::add_rule(RouteRule rule) {
  rules_.push_back(std::move(rule));
  std::stable_sort(rules_.begin(), rules_.end(),
                   [](const RouteRule& x, const RouteRule& y) { return x.priority > y.priority; });
}

void Engine::set_tool_chooser(std::shared_ptr<ToolChooser> chooser, std::vector<ToolSpec> tools) {
  tools_.clear();
  for (auto& tool : tools) {
    if (skills_.count(tool.name)) tools_.push_back(std::move(tool));
  }
  tool_chooser_ = tools_.empty() ? nullptr : std::move(chooser);
}

std::string Engine::model_choice(Turn& turn, std::vector<std::string>& symbols) {
  auto call = tool_chooser_->choose(turn, tools_);
  if (!call || !skills_.count(call->tool)) {
    tool_choice_counter().with({"declined"}).inc();
    return "";
  }
  tool_choice_counter().with({"chosen"}).inc();
  // A model may invent tickers: keep only those the entity finder recognises.
  if (symbols.empty() && finder_ && call->arguments.contains("symbols")) {
    for (const auto& named : call->arguments["symbols"]) {
      for (auto& s : finder_->find_symbols(named.get<std::string>())) symbols.push_back(s);
    }
    if (!symbols.empty()) turn.entities["symbols"] = symbols;
  }
  call->arguments.erase("symbols");
  if (!call->arguments.empty()) turn.entities["tool_arguments"] = call->arguments;
  turn.entities["routed_by"] = "model";
  return call->tool;
}

std::string Engine::contributed_intent(const RouteContext& ctx) const {
  for (const auto& rule : rules_) {
    if (skills_.count(rule.intent) && rule.matches(ctx)) return rule.intent;
  }
  return "";
}

namespace {

std::vector<std::string> pronoun_symbols(const std::string& t, const nlohmann::json& state) {
  static const std::regex kPronoun =
      words_regex({"its", "it", "that stock", "this stock", "that one", "they", "their"});
  static const std::regex kMarketAsk =
      words_regex({"rsi", "macd", "price", "doing", "quote", "trading", "trend", "support",
                   "resistance", "analysis", "volatility", "moving average", "bollinger", "adx"});
  std::string focus = state.value("symbol", "");
  if (!focus.empty() && contains_any(t, kPronoun) && contains_any(t, kMarketAsk)) return {focus};
  return {};
}

std::string active_skill(const nlohmann::json& state) {
  auto it = state.find(kActiveSkillKey);
  return (it != state.end() && it->is_string()) ? it->get<std::string>() : "";
}

}  // namespace

std::string Engine::route(Turn& turn) {
  std::string t = lower(turn.text);
  std::vector<std::string> symbols =
      finder_ ? finder_->find_symbols(turn.text) : std::vector<std::string>{};
  // Pronoun references ("its RSI?", "how is it doing") use the symbol in focus.
  if (symbols.empty()) symbols = pronoun_symbols(t, turn.state);
  if (!symbols.empty()) turn.entities["symbols"] = symbols;
  std::string intent = hard_intent(t);
  if (intent.empty()) {
    if (auto active = active_skill(turn.state); !active.empty() && skills_.count(active)) {
      intent = active;
    }
  }
  if (intent.empty() && tool_chooser_) intent = model_choice(turn, symbols);
  if (intent.empty()) intent = contributed_intent(RouteContext{turn.text, t, symbols, turn.state});
  if (intent.empty()) intent = rule_intent(t, !symbols.empty());
  // Ellipsis: "and Microsoft?" keeps the previous market skill with the new symbol.
  std::string last = turn.state.value("last_skill", "");
  bool short_follow_up =
      t.size() < 40 &&
      (t.rfind("and ", 0) == 0 || t.rfind("what about", 0) == 0 || t.rfind("how about", 0) == 0);
  if (!symbols.empty() && short_follow_up && intent == "market_quote" &&
      last.rfind("market_", 0) == 0 && last != "market_trends") {
    intent = last;
  }
  // A troubleshooting flow in progress takes the customer's answers; a new symptom starts one.
  bool flow_active = turn.state.contains("flow") && !turn.state["flow"].is_null();
  if (intent.empty() && skills_.count("troubleshoot") &&
      (flow_active || (flow_matcher_ && flow_matcher_(turn.text)))) {
    intent = "troubleshoot";
  }
  if (intent.empty() && classifier_) {
    // The classifier applies its own confidence floor and abstains with an empty label.
    auto [label, confidence] = classifier_->classify(turn.text);
    if (!label.empty() && skills_.count(label)) intent = label;
  }
  if (intent.empty()) intent = "faq";
  if (!skills_.count(intent)) intent = skills_.count("faq") ? "faq" : "out_of_scope";
  turn.intent = intent;
  return intent;
}

void Engine::run_turn_checks(Turn& turn, SkillResult& plan) {
  if (plan.escalation || checks_.empty() || !skills_.count("escalation")) return;
  for (const auto& check : checks_) {
    auto reason = check(turn, plan);
    if (!reason) continue;
    turn.entities["escalation_reason"] = *reason;
    auto handed = skills_.at("escalation")->run(turn);
    if (!handed) {
      log::get("chat")->warn("escalation rule '{}' fired but hand-off failed: {}", *reason,
                             handed.error().message);
      return;
    }
    plan.escalation = handed->escalation;
    plan.text += "\n\n" + handed->text;
    plan.facts.insert(plan.facts.end(), handed->facts.begin(), handed->facts.end());
    for (const auto& [k, v] : handed->memory.items()) plan.memory[k] = v;
    return;
  }
}

std::string Engine::stream_text(const std::string& text, const TokenSink& sink) {
  // Deterministic answers stream word by word, so the client sees the same protocol.
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    j = (j == std::string::npos) ? text.size() : j + 1;
    if (sink && !sink(std::string_view(text).substr(i, j - i))) break;
    i = j;
  }
  return text;
}

Result<SkillResult> Engine::respond(Turn& turn, const TokenSink& sink) {
  std::string intent = route(turn);
  auto skill = skills_.find(intent);
  if (skill == skills_.end()) return Error::internal("no skill for intent " + intent);
  auto result = skill->second->run(turn);
  if (!result) return result;
  SkillResult& plan = result.value();
  plan.skill = intent;
  run_turn_checks(turn, plan);
  turn_counter().with({intent}).inc();
  std::string final_text;
  if (realizer_ && !plan.facts.empty()) {
    std::string buffered;
    auto generated = realizer_->realize(plan, turn, [&](std::string_view tok) {
      buffered += tok;
      return true;
    });
    if (generated && verify_numbers(*generated, plan.facts, turn.text, plan.labels).ok) {
      final_text = stream_text(*generated, sink);
    } else {
      fallback_counter().inc();
      final_text = stream_text(plan.text, sink);
    }
  } else {
    if (realizer_ == nullptr && !plan.facts.empty()) fallback_counter().inc();
    final_text = stream_text(plan.text, sink);
  }
  plan.text = final_text;
  turn.state["last_skill"] = intent;
  for (const auto& [k, v] : plan.memory.items()) turn.state[k] = v;
  record_exchange(turn.state, turn.text, plan, turn.entities);
  return result;
}

}  // namespace finchat::chat
