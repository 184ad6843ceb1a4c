#include "chat/history.hpp"

namespace finchat::chat {

namespace {

size_t history_tokens(const nlohmann::json& history) {
  size_t n = 0;
  for (const auto& h : history) {
    n += estimate_tokens(h.value("user", "")) + estimate_tokens(h.value("assistant", ""));
  }
  return n;
}

// "market_quote: NOVA" — the skill and the entities it was about, no numbers.
std::string topic_of(const nlohmann::json& exchange) {
  std::string topic = exchange.value("skill", std::string("chat"));
  auto symbols = exchange.value("symbols", nlohmann::json::array());
  for (size_t i = 0; i < symbols.size(); ++i) {
    topic += (i ? ", " : ": ") + symbols[i].get<std::string>();
  }
  return topic;
}

void fold_oldest(nlohmann::json& state, const HistoryOptions& options) {
  auto& history = state["history"];
  auto& summary = state["summary"];
  if (!summary.is_array()) summary = nlohmann::json::array();
  while (history.size() > 1 && history_tokens(history) > options.budget_tokens) {
    std::string topic = topic_of(history.front());
    if (summary.empty() || summary.back() != topic) summary.push_back(topic);
    history.erase(history.begin());
  }
  while (summary.size() > options.max_topics) summary.erase(summary.begin());
}

void refresh_facts(nlohmann::json& state, const SkillResult& answer,
                   const HistoryOptions& options) {
  auto& facts = state["facts_in_use"];
  if (!facts.is_array()) facts = nlohmann::json::array();
  for (const auto& f : answer.facts) {
    // The newest value of a fact replaces the older one and moves to the end.
    for (auto it = facts.begin(); it != facts.end(); ++it) {
      if (it->value("name", "") == f.name) {
        facts.erase(it);
        break;
      }
    }
    facts.push_back(to_json(f));
  }
  while (facts.size() > options.max_facts) facts.erase(facts.begin());
}

}  // namespace

size_t estimate_tokens(const std::string& text) { return (text.size() + 3) / 4; }

void record_exchange(nlohmann::json& state, const std::string& user_text, const SkillResult& answer,
                     const nlohmann::json& entities, const HistoryOptions& options) {
  if (!state["history"].is_array()) state["history"] = nlohmann::json::array();
  nlohmann::json exchange = {
      {"user", user_text}, {"assistant", answer.text}, {"skill", answer.skill}};
  if (entities.contains("symbols")) exchange["symbols"] = entities["symbols"];
  state["history"].push_back(std::move(exchange));
  fold_oldest(state, options);
  refresh_facts(state, answer, options);
}

std::string history_context(const nlohmann::json& state) {
  std::string out;
  if (state.contains("summary") && !state["summary"].empty()) {
    out += "Earlier topics:";
    for (const auto& t : state["summary"]) out += " [" + t.get<std::string>() + "]";
    out += "\n";
  }
  if (state.contains("facts_in_use") && !state["facts_in_use"].empty()) {
    out += "Facts in use:\n";
    for (const auto& f : state["facts_in_use"]) {
      out += "- " + f.value("name", "") + " = " + f["value"].dump();
      if (!f.value("unit", "").empty()) out += " " + f.value("unit", "");
      if (!f.value("as_of", "").empty()) out += " (as of " + f.value("as_of", "") + ")";
      out += "\n";
    }
  }
  if (state.contains("history")) {
    for (const auto& h : state["history"]) {
      out += "User: " + h.value("user", "") + "\nAssistant: " + h.value("assistant", "") + "\n";
    }
  }
  return out;
}

}  // namespace finchat::chat
