#include "api/openai_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <random>
#include <set>

#include "http/pipeline.hpp"
#include "http/sse.hpp"
#include "llm/grammar/json_schema.hpp"

namespace finchat::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// A request-level failure, rendered as an OpenAI error.
struct BadRequest {
  std::string message, param;
};

struct GenParams {
  llm::GenerateRequest req;
  bool stream = false;
  bool include_usage = false;
};

struct State {
  OpenAiDeps deps;
  boost::asio::thread_pool pool;
  explicit State(OpenAiDeps d)
      : deps(std::move(d)), pool(static_cast<size_t>(std::max(1, deps.stream_threads))) {}
  ~State() { pool.join(); }
};

std::string model_id(const OpenAiDeps& deps) {
  return deps.current_model_name ? deps.current_model_name() : deps.model_name;
}

std::string new_id(const char* prefix) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string id = prefix;
  for (int i = 0; i < 24; ++i) id += hex[rng() % 16];
  return id;
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void check_fields(const json& body, const std::set<std::string>& known) {
  for (const auto& [key, _] : body.items()) {
    if (!known.count(key)) throw BadRequest{"Unrecognized request argument supplied: " + key, key};
  }
}

double number_in(const json& v, const char* name, double lo, double hi) {
  if (!v.is_number()) throw BadRequest{std::string(name) + " must be a number", name};
  double d = v.get<double>();
  if (!(d >= lo && d <= hi)) {
    throw BadRequest{
        std::string(name) + " must be between " + json(lo).dump() + " and " + json(hi).dump(),
        name};
  }
  return d;
}

std::vector<std::string> parse_stop(const json& v) {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (v.is_string())
    out.push_back(v.get<std::string>());
  else if (v.is_array() && v.size() <= 4) {
    for (const auto& s : v) {
      if (!s.is_string()) throw BadRequest{"stop must contain strings", "stop"};
      out.push_back(s.get<std::string>());
    }
  } else {
    throw BadRequest{"stop must be a string or an array of at most 4 strings", "stop"};
  }
  for (const auto& s : out) {
    if (s.empty()) throw BadRequest{"stop strings must not be empty", "stop"};
  }
  return out;
}

std::shared_ptr<const llm::Constraint> parse_response_format(const json& v) {
  if (!v.is_object()) throw BadRequest{"response_format must be an object", "response_format"};
  std::string type = v.value("type", "");
  if (type == "text") return nullptr;
  if (type != "json_schema") {
    throw BadRequest{"response_format.type must be text or json_schema", "response_format.type"};
  }
  const json* spec = v.contains("json_schema") ? &v["json_schema"] : nullptr;
  if (!spec || !spec->is_object() || !spec->contains("schema")) {
    throw BadRequest{"response_format.json_schema.schema is required",
                     "response_format.json_schema.schema"};
  }
  auto schema = llm::compile_json_schema((*spec)["schema"]);
  if (!schema) {
    throw BadRequest{"unsupported schema: " + schema.error().message,
                     "response_format.json_schema.schema"};
  }
  return llm::make_json_constraint(*schema);
}

// Parameters shared by both completion endpoints.
GenParams parse_common(const json& body, const OpenAiDeps& deps) {
  GenParams p;
  p.req.sampling.temperature = 1.0f;
  p.req.sampling.top_k = 0;
  p.req.sampling.top_p = 1.0f;
  p.req.sampling.min_p = 0.0f;
  p.req.max_tokens = std::min(256, deps.max_tokens_limit);
  if (body.contains("model") && !body["model"].is_string()) {
    throw BadRequest{"model must be a string", "model"};
  }
  for (const char* name : {"max_tokens", "max_completion_tokens"}) {
    if (body.contains(name) && !body[name].is_null()) {
      if (!body[name].is_number_integer())
        throw BadRequest{std::string(name) + " must be an integer", name};
      p.req.max_tokens = static_cast<int>(number_in(body[name], name, 1, deps.max_tokens_limit));
    }
  }
  if (body.contains("temperature")) {
    p.req.sampling.temperature =
        static_cast<float>(number_in(body["temperature"], "temperature", 0, 2));
  }
  if (body.contains("top_p")) {
    p.req.sampling.top_p = static_cast<float>(number_in(body["top_p"], "top_p", 0.0001, 1));
  }
  if (body.contains("seed") && !body["seed"].is_null()) {
    if (!body["seed"].is_number_integer()) throw BadRequest{"seed must be an integer", "seed"};
    p.req.sampling.seed = static_cast<uint64_t>(body["seed"].get<int64_t>());
  } else {
    p.req.sampling.seed = std::random_device{}();
  }
  if (body.contains("n") && body["n"] != 1) throw BadRequest{"only n=1 is supported", "n"};
  if (body.contains("user") && !body["user"].is_string())
    throw BadRequest{"user must be a string", "user"};
  if (body.contains("stop")) p.req.stop = parse_stop(body["stop"]);
  if (body.contains("stream")) {
    if (!body["stream"].is_boolean()) throw BadRequest{"stream must be a boolean", "stream"};
    p.stream = body["stream"].get<bool>();
  }
  if (body.contains("stream_options") && !body["stream_options"].is_null()) {
    const json& so = body["stream_options"];
    if (!so.is_object()) throw BadRequest{"stream_options must be an object", "stream_options"};
    check_fields(so, {"include_usage"});
    if (so.contains("include_usage")) {
      if (!so["include_usage"].is_boolean()) {
        throw BadRequest{"include_usage must be a boolean", "stream_options.include_usage"};
      }
      p.include_usage = so["include_usage"].get<bool>();
    }
  }
  if (body.contains("response_format"))
    p.req.constraint = parse_response_format(body["response_format"]);
  return p;
}

std::vector<llm::ChatMessage> parse_messages(const json& body) {
  if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty()) {
    throw BadRequest{"messages must be a non-empty array", "messages"};
  }
  std::vector<llm::ChatMessage> out;
  for (size_t i = 0; i < body["messages"].size(); ++i) {
    const json& m = body["messages"][i];
    std::string at = "messages[" + std::to_string(i) + "]";
    if (!m.is_object()) throw BadRequest{at + " must be an object", at};
    check_fields(m, {"role", "content", "name"});
    std::string role = m.value("role", "");
    if (role != "system" && role != "user" && role != "assistant") {
      throw BadRequest{at + ".role must be system, user or assistant", at + ".role"};
    }
    if (!m.contains("content") || !m["content"].is_string()) {
      throw BadRequest{at + ".content must be a string", at + ".content"};
    }
    out.push_back({role, m["content"].get<std::string>()});
  }
  return out;
}

json usage_json(const llm::GenerateResult& r) {
  int completion = static_cast<int>(r.tokens.size());
  return {{"prompt_tokens", r.prompt_tokens},
          {"completion_tokens", completion},
          {"total_tokens", r.prompt_tokens + completion}};
}

const char* finish_name(llm::FinishReason f) {
  return f == llm::FinishReason::length ? "length" : "stop";
}

Response body_error(const Error& e) {
  return openai_error(e.kind == ErrorKind::unsupported_media_type ? 415 : 400, e.message, e.field);
}

Response engine_error(const Error& e) {
  if (e.kind == ErrorKind::invalid_argument) return openai_error(400, e.message, e.field);
  return openai_error(500, e.message, {}, {}, "server_error");
}

// How one endpoint shapes its chunks and final object.
struct Shape {
  bool chat = true;
  std::string id, model;
  int64_t created = 0;
  json choice(const std::string& text, const char* finish) const {
    json c = {{"index", 0}, {"finish_reason", finish ? json(finish) : json(nullptr)}};
    if (chat) {
      c["delta"] = (finish && text.empty()) ? json::object() : json{{"content", text}};
    } else {
      c["text"] = text;
      c["logprobs"] = nullptr;
    }
    return c;
  }
  json chunk(json choices) const {
    return {{"id", id},
            {"object", chat ? "chat.completion.chunk" : "text_completion"},
            {"created", created},
            {"model", model},
            {"choices", std::move(choices)}};
  }
};

void run_stream(const std::shared_ptr<llm::Engine>& engine, const GenParams& p, Shape shape,
                std::shared_ptr<http::SseStream> sse, std::shared_ptr<llm::CancelToken> cancel) {
  auto send = [&](const json& j) {
    if (!sse->send_raw("", j.dump(-1, ' ', false, json::error_handler_t::replace)))
      cancel->cancel();
  };
  if (shape.chat) {
    json first = {{"index", 0},
                  {"delta", {{"role", "assistant"}, {"content", ""}}},
                  {"finish_reason", nullptr}};
    send(shape.chunk(json::array({first})));
  }
  auto result = engine->generate(
      p.req,
      [&](std::string_view t) {
        send(shape.chunk(json::array({shape.choice(std::string(t), nullptr)})));
      },
      cancel);
  if (!result || result->finish == llm::FinishReason::error) {
    std::string msg = result ? result->error : result.error().message;
    sse->send_raw("", json{{"error", {{"message", msg}, {"type", "server_error"}}}}.dump());
  } else if (result->finish != llm::FinishReason::cancelled) {
    send(shape.chunk(json::array({shape.choice("", finish_name(result->finish))})));
    if (p.include_usage) {
      json last = shape.chunk(json::array());
      last["usage"] = usage_json(*result);
      send(last);
    }
    sse->send_raw("", "[DONE]");
  }
  sse->close();
}

Response complete(State& s, Request& req, bool chat) {
  try {
    auto body = http::parse_json_body(req);
    if (!body) return body_error(body.error());
    if (!body->is_object()) throw BadRequest{"the body must be a JSON object", ""};
    std::set<std::string> known = {
        "model", "max_tokens", "max_completion_tokens", "temperature",     "top_p", "seed",
        "stop",  "stream",     "stream_options",        "response_format", "n",     "user"};
    known.insert(chat ? "messages" : "prompt");
    check_fields(*body, known);
    GenParams p = parse_common(*body, s.deps);
    auto engine = s.deps.engine ? s.deps.engine() : nullptr;
    if (!engine)
      return openai_error(503, "model not loaded", {}, "model_not_loaded", "server_error");
    if (chat) {
      p.req.prompt = engine->apply_chat(parse_messages(*body), true);
      for (auto& stop : llm::chat_stop_strings(engine->chat_format())) p.req.stop.push_back(stop);
    } else {
      json prompt = body->value("prompt", json());
      if (prompt.is_array() && prompt.size() == 1) prompt = prompt[0];
      if (!prompt.is_string() || prompt.get<std::string>().empty()) {
        throw BadRequest{"prompt must be a non-empty string", "prompt"};
      }
      p.req.prompt = prompt.get<std::string>();
    }
    Shape shape{chat, new_id(chat ? "chatcmpl-" : "cmpl-"), model_id(s.deps), now_seconds()};
    auto cancel = std::make_shared<llm::CancelToken>();
    if (p.stream) {
      auto sse = std::make_shared<http::SseStream>();
      sse->on_cancel([cancel] { cancel->cancel(); });
      boost::asio::post(
          s.pool, [engine, p, shape, sse, cancel] { run_stream(engine, p, shape, sse, cancel); });
      return Response::stream(sse);
    }
    auto result = engine->generate(p.req, {}, cancel);
    if (!result) return engine_error(result.error());
    if (result->finish == llm::FinishReason::error)
      return engine_error(Error::internal(result->error));
    json choice = {{"index", 0}, {"finish_reason", finish_name(result->finish)}};
    if (chat)
      choice["message"] = {{"role", "assistant"}, {"content", result->text}};
    else {
      choice["text"] = result->text;
      choice["logprobs"] = nullptr;
    }
    return Response::json(200, {{"id", shape.id},
                                {"object", chat ? "chat.completion" : "text_completion"},
                                {"created", shape.created},
                                {"model", shape.model},
                                {"choices", json::array({choice})},
                                {"usage", usage_json(*result)}});
  } catch (const BadRequest& e) {
    return openai_error(400, e.message, e.param);
  } catch (const json::exception& e) {
    return openai_error(400, std::string("invalid value: ") + e.what());
  }
}

Response embeddings(State& s, Request& req) {
  try {
    auto body = http::parse_json_body(req);
    if (!body) return body_error(body.error());
    if (!body->is_object()) throw BadRequest{"the body must be a JSON object", ""};
    check_fields(*body, {"model", "input", "encoding_format", "user"});
    if (body->contains("encoding_format") && (*body)["encoding_format"] != "float") {
      throw BadRequest{"only encoding_format float is supported", "encoding_format"};
    }
    std::vector<std::string> inputs;
    json input = body->value("input", json());
    if (input.is_string())
      inputs.push_back(input.get<std::string>());
    else if (input.is_array() && !input.empty() && input.size() <= 64) {
      for (const auto& i : input) {
        if (!i.is_string()) throw BadRequest{"input must contain strings", "input"};
        inputs.push_back(i.get<std::string>());
      }
    } else {
      throw BadRequest{"input must be a string or an array of 1 to 64 strings", "input"};
    }
    for (const auto& i : inputs) {
      if (i.empty()) throw BadRequest{"input strings must not be empty", "input"};
    }
    auto engine = s.deps.engine ? s.deps.engine() : nullptr;
    if (!engine)
      return openai_error(503, "model not loaded", {}, "model_not_loaded", "server_error");
    json data = json::array();
    int tokens = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      auto v = engine->embed(inputs[i]);
      if (!v) return engine_error(v.error());
      tokens += static_cast<int>(engine->tokenize(inputs[i]).size());
      data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", *v}});
    }
    return Response::json(200, {{"object", "list"},
                                {"data", data},
                                {"model", model_id(s.deps)},
                                {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}});
  } catch (const BadRequest& e) {
    return openai_error(400, e.message, e.param);
  } catch (const json::exception& e) {
    return openai_error(400, std::string("invalid JSON: ") + e.what());
  }
}

Response models(State& s) {
  json data = json::array();
  if (s.deps.engine && s.deps.engine()) {
    data.push_back(
        {{"id", model_id(s.deps)}, {"object", "model"}, {"created", 0}, {"owned_by", "finchat"}});
  }
  return Response::json(200, {{"object", "list"}, {"data", data}});
}

}  // namespace

Response openai_error(int status, const std::string& message, const std::string& param,
                      const std::string& code, const std::string& type) {
  return Response::json(status, {{"error",
                                  {{"message", message},
                                   {"type", type},
                                   {"param", param.empty() ? json(nullptr) : json(param)},
                                   {"code", code.empty() ? json(nullptr) : json(code)}}}});
}

void register_openai_routes(http::Router& router, OpenAiDeps deps) {
  auto s = std::make_shared<State>(std::move(deps));
  auto policy = http::Policy::signed_in("chat").with_scopes({"chat:write"});
  router.add("POST", "/v1/chat/completions", policy,
             [s](Request& r) { return complete(*s, r, true); });
  router.add("POST", "/v1/completions", policy, [s](Request& r) { return complete(*s, r, false); });
  router.add("POST", "/v1/embeddings", policy, [s](Request& r) { return embeddings(*s, r); });
  router.add("GET", "/v1/models", policy, [s](Request&) { return models(*s); });
}

}  // namespace finchat::api
