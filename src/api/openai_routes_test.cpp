#include "api/openai_routes.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api/test_support.hpp"
#include "http/pipeline.hpp"
#include "http/sse.hpp"
#include "llm/test_util.hpp"

namespace finchat::api {
namespace {

using nlohmann::json;

std::shared_ptr<llm::Engine> tiny_engine() {
  static auto engine = llm::testing::load_tiny_engine("openai.gguf");
  return engine;
}

struct OpenAiFixture : ::testing::Test {
  void SetUp() override {
    engine = tiny_engine();
    ASSERT_TRUE(engine);
    router = std::make_shared<http::Router>();
    OpenAiDeps deps;
    deps.engine = [this] { return loaded ? engine : nullptr; };
    deps.model_name = "tiny-test";
    register_openai_routes(*router, deps);
    pipeline = std::make_shared<http::Pipeline>(router, http::PipelineOptions{});
    pipeline->set_authenticator(std::make_shared<testing::PrefixAuth>());
  }
  http::Response call(const std::string& method, const std::string& path, const json& body = {},
                      bool signed_in = true) {
    http::Request r;
    r.method = method;
    r.path = path;
    r.target = path;
    r.remote_ip = "127.0.0.1";
    if (signed_in) r.headers.emplace_back("authorization", "Bearer customer");
    if (!body.is_null()) {
      r.headers.emplace_back("content-type", "application/json");
      r.body = body.dump();
    }
    return pipeline->handle(r);
  }
  static std::string read_stream(const std::shared_ptr<http::SseStream>& sse) {
    std::string out;
    for (int i = 0; i < 3000 && !sse->finished(); ++i) {
      out += sse->drain();
      if (!sse->finished()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return out + sse->drain();
  }
  static void expect_openai_error(const http::Response& res, int status, const std::string& param) {
    EXPECT_EQ(res.status, status) << res.body;
    auto j = json::parse(res.body);
    ASSERT_TRUE(j.contains("error")) << res.body;
    EXPECT_TRUE(j["error"]["message"].is_string());
    EXPECT_TRUE(j["error"]["type"].is_string());
    if (!param.empty()) {
      EXPECT_EQ(j["error"]["param"], param) << res.body;
    }
  }

  std::shared_ptr<llm::Engine> engine;
  bool loaded = true;
  std::shared_ptr<http::Router> router;
  std::shared_ptr<http::Pipeline> pipeline;
};

json chat_body(int max_tokens = 8) {
  return {{"model", "tiny-test"},
          {"messages",
           {{{"role", "system"}, {"content", "Be brief."}},
            {{"role", "user"}, {"content", "hello there"}}}},
          {"max_tokens", max_tokens},
          {"temperature", 0}};
}

TEST_F(OpenAiFixture, RequiresSignIn) {
  EXPECT_EQ(call("GET", "/v1/models", {}, false).status, 401);
}

TEST_F(OpenAiFixture, ModelsListsTheLoadedModel) {
  auto res = call("GET", "/v1/models");
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = json::parse(res.body);
  ASSERT_EQ(j["data"].size(), 1u);
  EXPECT_EQ(j["data"][0]["id"], "tiny-test");
}

TEST_F(OpenAiFixture, ChatCompletionHasChoicesAndUsage) {
  auto res = call("POST", "/v1/chat/completions", chat_body(5));
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = json::parse(res.body);
  EXPECT_EQ(j["object"], "chat.completion");
  ASSERT_EQ(j["choices"].size(), 1u);
  EXPECT_EQ(j["choices"][0]["message"]["role"], "assistant");
  EXPECT_TRUE(j["choices"][0]["message"]["content"].is_string());
  int completion = j["usage"]["completion_tokens"];
  EXPECT_GT(j["usage"]["prompt_tokens"].get<int>(), 0);
  EXPECT_LE(completion, 5);
  EXPECT_EQ(j["usage"]["total_tokens"].get<int>(),
            j["usage"]["prompt_tokens"].get<int>() + completion);
  if (completion == 5) {
    EXPECT_EQ(j["choices"][0]["finish_reason"], "length");
  }
}

TEST_F(OpenAiFixture, CompletionAcceptsPromptAndStopArray) {
  auto res = call("POST", "/v1/completions",
                  {{"prompt", "once upon a time"},
                   {"max_tokens", 4},
                   {"seed", 3},
                   {"top_p", 0.9},
                   {"stop", {"zz", "qq"}}});
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = json::parse(res.body);
  EXPECT_EQ(j["object"], "text_completion");
  EXPECT_TRUE(j["choices"][0]["text"].is_string());
  EXPECT_LE(j["usage"]["completion_tokens"].get<int>(), 4);
}

TEST_F(OpenAiFixture, StreamSendsChunksUsageAndDone) {
  json body = chat_body(6);
  body["stream"] = true;
  body["stream_options"] = {{"include_usage", true}};
  auto res = call("POST", "/v1/chat/completions", body);
  ASSERT_TRUE(res.sse) << res.status << " " << res.body;
  std::string text = read_stream(res.sse);
  ASSERT_GE(text.size(), 14u);
  EXPECT_EQ(text.substr(text.size() - 14), "data: [DONE]\n\n");
  EXPECT_NE(text.find("\"object\":\"chat.completion.chunk\""), std::string::npos);
  EXPECT_NE(text.find("\"role\":\"assistant\""), std::string::npos);
  EXPECT_NE(text.find("\"finish_reason\":"), std::string::npos);
  EXPECT_NE(text.find("\"usage\":{"), std::string::npos);
  // Every frame is a data line holding JSON (or the final [DONE]).
  size_t pos = 0;
  int frames = 0;
  while ((pos = text.find("data: ", pos)) != std::string::npos) {
    size_t end = text.find("\n\n", pos);
    std::string data = text.substr(pos + 6, end - pos - 6);
    if (data != "[DONE]") {
      EXPECT_TRUE(json::accept(data)) << data;
    }
    ++frames;
    pos = end;
  }
  EXPECT_GE(frames, 4);
}

TEST_F(OpenAiFixture, ClientDisconnectCancelsStream) {
  json body = chat_body(200);
  body["stream"] = true;
  auto res = call("POST", "/v1/chat/completions", body);
  ASSERT_TRUE(res.sse);
  res.sse->cancel();
  std::string text = read_stream(res.sse);
  EXPECT_EQ(text.find("[DONE]"), std::string::npos);
}

TEST_F(OpenAiFixture, JsonSchemaOutputParses) {
  json body = chat_body(60);
  body["response_format"] = {
      {"type", "json_schema"},
      {"json_schema",
       {{"name", "answer"},
        {"schema",
         {{"type", "object"},
          {"properties", {{"ok", {{"type", "boolean"}}}, {"n", {{"type", "integer"}}}}},
          {"required", {"ok", "n"}}}}}}};
  auto res = call("POST", "/v1/chat/completions", body);
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = json::parse(res.body);
  std::string content = j["choices"][0]["message"]["content"];
  if (j["choices"][0]["finish_reason"] == "stop") {
    json doc;
    ASSERT_NO_THROW(doc = json::parse(content)) << content;
    EXPECT_TRUE(doc["ok"].is_boolean());
    EXPECT_TRUE(doc["n"].is_number_integer());
  } else {
    EXPECT_EQ(content.rfind('{', 0), 0u) << content;  // cut by max_tokens, still JSON-shaped
  }
}

TEST_F(OpenAiFixture, EmbeddingsForStringAndArray) {
  auto res = call("POST", "/v1/embeddings", {{"input", {"hello", "world"}}});
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = json::parse(res.body);
  ASSERT_EQ(j["data"].size(), 2u);
  EXPECT_EQ(j["data"][1]["index"], 1);
  EXPECT_EQ(j["data"][0]["embedding"].size(), 64u);
  EXPECT_GT(j["usage"]["prompt_tokens"].get<int>(), 0);
  EXPECT_EQ(call("POST", "/v1/embeddings", {{"input", "hi"}}).status, 200);
}

TEST_F(OpenAiFixture, BadParametersAreOpenAiErrors) {
  json unknown = chat_body();
  unknown["frobnicate"] = 1;
  expect_openai_error(call("POST", "/v1/chat/completions", unknown), 400, "frobnicate");
  json temp = chat_body();
  temp["temperature"] = 3;
  expect_openai_error(call("POST", "/v1/chat/completions", temp), 400, "temperature");
  json top_p = chat_body();
  top_p["top_p"] = 0;
  expect_openai_error(call("POST", "/v1/chat/completions", top_p), 400, "top_p");
  expect_openai_error(call("POST", "/v1/chat/completions", chat_body(0)), 400, "max_tokens");
  expect_openai_error(call("POST", "/v1/chat/completions", chat_body(100000)), 400, "max_tokens");
  json role = chat_body();
  role["messages"][0]["role"] = "tool";
  expect_openai_error(call("POST", "/v1/chat/completions", role), 400, "messages[0].role");
  json stop = chat_body();
  stop["stop"] = 5;
  expect_openai_error(call("POST", "/v1/chat/completions", stop), 400, "stop");
  json fmt = chat_body();
  fmt["response_format"] = {{"type", "xml"}};
  expect_openai_error(call("POST", "/v1/chat/completions", fmt), 400, "response_format.type");
  expect_openai_error(call("POST", "/v1/completions", {{"prompt", ""}}), 400, "prompt");
  expect_openai_error(call("POST", "/v1/embeddings", {{"input", json::array()}}), 400, "input");
  expect_openai_error(call("POST", "/v1/chat/completions", {{"model", "x"}}), 400, "messages");
}

TEST_F(OpenAiFixture, NoModelIs503) {
  loaded = false;
  expect_openai_error(call("POST", "/v1/chat/completions", chat_body()), 503, "");
  expect_openai_error(call("POST", "/v1/embeddings", {{"input", "hi"}}), 503, "");
  auto models = json::parse(call("GET", "/v1/models").body);
  EXPECT_TRUE(models["data"].empty());
}

}  // namespace
}  // namespace finchat::api
