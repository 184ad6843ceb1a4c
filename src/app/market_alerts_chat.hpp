#pragma once
// Triggered market alerts reach the customer in two places: their live SSE stream (the
// market service) and their conversation, where the alert waits as a message when they
// come back. This is the conversation half.
#include <nlohmann/json.hpp>
#include <string>

#include "chat/conversations.hpp"
#include "core/result.hpp"

namespace finchat::app {

// "NOVA crossed 200.00: last 200.12 on the 1m bar." — numbers only from the alert event.
std::string alert_message(const nlohmann::json& alert, const std::string& source_notice);

// Appends the alert to the user's most recent conversation, or to a new "Market alerts"
// conversation when they have none.
Status deliver_alert_to_conversation(chat::ConversationStore& store, const std::string& user_id,
                                     const nlohmann::json& alert, const std::string& source_notice);

}  // namespace finchat::app
