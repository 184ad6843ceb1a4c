#pragma once
// Optional abstractive rewriting of a document summary by our language model, under the same
// number check as chat answers (chat/verifier.hpp): the model's text is kept only when every
// number in it is one the summary's own lines state; otherwise the deterministic rendering
// (the bullets and key points as lines) is returned, with the reason.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "chat/engine.hpp"

namespace finchat::api {

// `summary` is DocumentService::summary's answer. `realizer` may be null (no model): the
// deterministic rendering then comes back with method "deterministic".
// Returns {"text", "method": "model"|"deterministic", "detail", "unsupported": [numbers]}.
nlohmann::json rewrite_summary(const nlohmann::json& summary, chat::Realizer* realizer,
                               const std::string& user_id);

}  // namespace finchat::api
