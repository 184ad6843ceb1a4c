#pragma once
// OpenAI-compatible endpoints on the local model: /v1/chat/completions, /v1/completions,
// /v1/embeddings, /v1/models. Signed-in callers only (service clients need chat:write).
// Errors use OpenAI's shape: {"error":{"message","type","param","code"}}.
#include <functional>
#include <memory>
#include <string>

#include "http/router.hpp"
#include "llm/engine.hpp"

namespace finchat::api {

struct OpenAiDeps {
  // The current engine, or nullptr while none is loaded (answers 503). Called per request,
  // so the model can be swapped at run time.
  std::function<std::shared_ptr<llm::Engine>()> engine;
  std::string model_name = "finchat-mini";
  // Optional: the serving model's id when it can change at run time (overrides model_name).
  std::function<std::string()> current_model_name;
  int max_tokens_limit = 4096;
  int stream_threads = 2;  // generations streamed concurrently
};

void register_openai_routes(http::Router& router, OpenAiDeps deps);

// {"error":{...}} with the given status.
http::Response openai_error(int status, const std::string& message, const std::string& param = {},
                            const std::string& code = {},
                            const std::string& type = "invalid_request_error");

}  // namespace finchat::api
