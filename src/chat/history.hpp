#pragma once
// Conversation memory kept in the dialogue state: the recent exchanges verbatim, older
// ones folded into a short summary of topics once the history passes a token budget, and
// the facts in use kept exactly (name, value, unit, as-of) however long the conversation.
#include <nlohmann/json.hpp>
#include <string>

#include "chat/types.hpp"

namespace finchat::chat {

struct HistoryOptions {
  size_t budget_tokens = 600;  // recent exchanges kept verbatim up to about this many tokens
  size_t max_topics = 24;      // summary entries kept (oldest dropped first)
  size_t max_facts = 16;       // facts in use kept (least recently used dropped first)
};

// Records one exchange in state["history"], folding the oldest exchanges into
// state["summary"] when over budget, and refreshes state["facts_in_use"].
void record_exchange(nlohmann::json& state, const std::string& user_text, const SkillResult& answer,
                     const nlohmann::json& entities, const HistoryOptions& options = {});

// The context a model sees: summary of earlier topics, facts in use, recent exchanges.
std::string history_context(const nlohmann::json& state);

// Rough token count (about four characters per token for English).
size_t estimate_tokens(const std::string& text);

}  // namespace finchat::chat
