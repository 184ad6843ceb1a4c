#include "chat/engine.hpp"

#include <algorithm>
#include <regex>

#include "chat/verifier.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"

namespace finchat::chat {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool has_any(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (std::regex_search(text, std::regex(std::string("\\b") + w + "\\b"))) return true;
  }
  return false;
}

metrics::Counter& fallback_counter() {
  static auto& c = metrics::registry()
                       .counter("finchat_chat_fallbacks_total",
                                "Answers rendered deterministically because the model was "
                                "unavailable or its text failed verification")
                       .get();
  return c;
}

metrics::Family<metrics::Counter>& turn_counter() {
  static auto& f = metrics::registry().counter("finchat_chat_turns_total", "Chat turns by skill",
                                               {"skill"});
  return f;
}

}  // namespace

std::string rule_intent(const std::string& t, bool has_symbol) {
  if (has_any(t, {"human", "agent", "representative", "real person", "someone real",
                  "speak to someone", "talk to someone", "escalate"})) {
    return "escalation";
  }
  if (has_any(t, {"ignore (all |the )?previous instructions", "system prompt",
                  "developer mode", "jailbreak"})) {
    return "out_of_scope";
  }
  if (std::regex_match(t, std::regex(R"(\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you|thx|bye|goodbye)[!. ]*)"))) {
    return "smalltalk";
  }
  if (has_any(t, {"market trend", "market trending", "trending", "the market", "breadth",
                  "sector rotation", "top movers", "sectors"}) && !has_symbol) {
    return "market_trends";
  }
  if (has_symbol && has_any(t, {"rsi", "macd", "bollinger", "adx", "support", "resistance",
                                 "analysis", "analyze", "analyse", "technical", "trend", "sma",
                                 "moving average", "volatility"})) {
    return "market_analysis";
  }
  if (has_symbol) return "market_quote";
  if (has_any(t, {"weather", "recipe", "football", "movie", "song", "poem", "joke", "dating",
                  "homework", "president"})) {
    return "out_of_scope";
  }
  return "";
}

Engine::Engine(std::map<std::string, std::shared_ptr<Skill>> skills,
               std::shared_ptr<EntityFinder> finder, std::shared_ptr<IntentClassifier> classifier,
               std::shared_ptr<Realizer> realizer)
    : skills_(std::move(skills)), finder_(std::move(finder)), classifier_(std::move(classifier)),
      realizer_(std::move(realizer)) {}

std::string Engine::route(Turn& turn) {
  std::string t = lower(turn.text);
  std::vector<std::string> symbols = finder_ ? finder_->find_symbols(turn.text) : std::vector<std::string>{};
  if (!symbols.empty()) turn.entities["symbols"] = symbols;
  // Pronoun references ("its RSI?", "how is it doing") use the symbol in focus.
  std::string focus = turn.state.value("symbol", "");
  if (symbols.empty() && !focus.empty() &&
      has_any(t, {"its", "it", "that stock", "this stock", "that one", "they", "their"}) &&
      has_any(t, {"rsi", "macd", "price", "doing", "quote", "trading", "trend", "support",
                  "resistance", "analysis", "volatility", "moving average", "bollinger", "adx"})) {
    symbols.push_back(focus);
    turn.entities["symbols"] = symbols;
  }
  std::string intent = rule_intent(t, !symbols.empty());
  // Ellipsis: "and Microsoft?" keeps the previous market skill with the new symbol.
  std::string last = turn.state.value("last_skill", "");
  bool short_follow_up = t.size() < 40 && (t.rfind("and ", 0) == 0 || t.rfind("what about", 0) == 0 ||
                                           t.rfind("how about", 0) == 0);
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
    auto [label, confidence] = classifier_->classify(turn.text);
    if (confidence >= 0.5 && skills_.count(label)) intent = label;
  }
  if (intent.empty()) intent = "faq";
  if (!skills_.count(intent)) intent = skills_.count("faq") ? "faq" : "out_of_scope";
  turn.intent = intent;
  return intent;
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
  turn_counter().with({intent}).inc();
  std::string final_text;
  if (realizer_ && !plan.facts.empty()) {
    std::string buffered;
    auto generated = realizer_->realize(plan, turn, [&](std::string_view tok) {
      buffered += tok;
      return true;
    });
    if (generated && verify_numbers(*generated, plan.facts, turn.text).ok) {
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
  return result;
}

}  // namespace finchat::chat
