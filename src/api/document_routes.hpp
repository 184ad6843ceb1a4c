#pragma once
// /v1/documents: upload (analysts and customers; text, Markdown, HTML or PDF as the raw body
// or base64 in JSON), list own, get, summary (?length=short|medium|long, ?company=,
// ?rewrite=none|model) and delete. Every object route is owner-scoped: another user's document
// is "not found".
#include <memory>

#include "chat/engine.hpp"
#include "finance/documents/service.hpp"
#include "http/router.hpp"

namespace finchat::api {

// `realizer` (may be null) is the language model behind ?rewrite=model (document_rewrite.hpp).
void register_document_routes(http::Router& router,
                              const std::shared_ptr<documents::DocumentService>& service,
                              const std::shared_ptr<chat::Realizer>& realizer = nullptr);

}  // namespace finchat::api
