#pragma once
// /v1/conversations: create, list (own only), read, erase, send a message (JSON answer or an
// SSE stream of tokens, facts, citations, suggestions and escalation), and feedback.
#include <memory>

#include "chat/conversations.hpp"
#include "chat/engine.hpp"
#include "http/router.hpp"

namespace finchat::api {

struct ConversationDeps {
  std::shared_ptr<chat::ConversationStore> store;
  std::shared_ptr<chat::Engine> engine;
  size_t generation_threads = 4;
};

void register_conversation_routes(http::Router& router, ConversationDeps deps);

}  // namespace finchat::api
