// Admin model reload over real loopback HTTP: the swap, its guards and in-flight work.
#include "api/model_admin_routes.hpp"
#include "api/test_support.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "api/openai_routes.hpp"
#include "http/pipeline.hpp"
#include "http/server.hpp"
#include "llm/test_util.hpp"

namespace finchat::api {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using nlohmann::json;

// The serving engine and the file it came from, as the app's ModelRegistry keeps them.
struct Slot {
  std::mutex mu;
  std::shared_ptr<llm::Engine> engine;
  std::string name;
  std::shared_ptr<llm::Engine> get() {
    std::lock_guard lock(mu);
    return engine;
  }
  void set(std::shared_ptr<llm::Engine> e, const std::string& path) {
    std::lock_guard lock(mu);
    engine = std::move(e);
    name = fs::path(path).stem().string();
  }
};

Result<std::shared_ptr<llm::Engine>> load_engine(const std::string& path) {
  llm::EngineOptions opts;
  opts.threads = 1;
  auto e = llm::Engine::load(path, opts);
  if (!e) return e.error();
  return std::shared_ptr<llm::Engine>(std::move(*e));
}

class ModelAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::path(llm::testing::temp_path("admin_root"));
    models = root / "models";
    fs::create_directories(models);
    auto a = llm::testing::tiny_spec();
    ASSERT_TRUE(llm::write_random_model(a, (models / "alpha.gguf").string()).ok());
    auto b = llm::testing::tiny_spec();
    b.n_layer = 3;
    b.seed = 99;
    ASSERT_TRUE(llm::write_random_model(b, (models / "beta.gguf").string()).ok());
    ASSERT_TRUE(llm::write_random_model(b, (root / "outside.gguf").string()).ok());
    std::ofstream(models / "broken.gguf") << "GGUF but not really a model file";
    fs::remove(models / "escape.gguf");
    fs::create_symlink(root / "outside.gguf", models / "escape.gguf");

    auto first = load_engine((models / "alpha.gguf").string());
    ASSERT_TRUE(first.ok());
    slot.set(*first, "alpha.gguf");

    auto router = std::make_shared<http::Router>();
    OpenAiDeps openai;
    openai.engine = [this] { return slot.get(); };
    openai.current_model_name = [this] {
      std::lock_guard lock(slot.mu);
      return slot.name;
    };
    register_openai_routes(*router, openai);
    ModelAdminDeps admin;
    admin.models_dir = models;
    admin.default_path = "alpha.gguf";
    admin.load = load_engine;
    admin.install = [this](std::shared_ptr<llm::Engine> e, const std::string& p) {
      slot.set(std::move(e), p);
    };
    admin.describe = [this] {
      std::lock_guard lock(slot.mu);
      return json{{"id", slot.name}, {"n_layer", slot.engine->info().n_layer}};
    };
    admin.audit = [this](const http::Request&, const std::string& event, const std::string&,
                         const json&) {
      std::lock_guard lock(slot.mu);
      audited.push_back(event);
    };
    register_model_admin_routes(*router, admin);

    auto pipeline = std::make_shared<http::Pipeline>(router, http::PipelineOptions{});
    pipeline->set_authenticator(std::make_shared<testing::PrefixAuth>());
    HttpConfig cfg;
    cfg.port = 0;
    cfg.io_threads = 2;
    cfg.worker_threads = 4;
    server = std::make_unique<http::Server>(cfg, pipeline);
    ASSERT_TRUE(server->start().ok());
    runner = std::thread([this] { server->run(); });
  }
  void TearDown() override {
    if (server) server->stop();
    if (runner.joinable()) runner.join();
  }

  bhttp::response<bhttp::string_body> send(bhttp::verb verb, const std::string& target,
                                           const std::string& token, const json& body = nullptr) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                           static_cast<unsigned short>(server->port())));
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "localhost");
    if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
    if (!body.is_null()) {
      req.set(bhttp::field::content_type, "application/json");
      req.body() = body.dump();
    }
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1 << 20);
    bhttp::read(stream, buf, parser);
    return parser.release();
  }
  auto reload(const json& body, const std::string& token = "root") {
    return send(bhttp::verb::post, "/v1/admin/models/reload", token, body);
  }
  std::string served_model() {
    auto res = send(bhttp::verb::get, "/v1/models", "customer");
    EXPECT_EQ(res.result_int(), 200) << res.body();
    auto data = json::parse(res.body())["data"];
    return data.empty() ? "" : data[0]["id"].get<std::string>();
  }
  // A completion answered by the serving model: 200 and the model id it reports.
  std::string complete() {
    auto res = send(bhttp::verb::post, "/v1/completions", "customer",
                    {{"prompt", "hello"}, {"max_tokens", 4}, {"temperature", 0}});
    EXPECT_EQ(res.result_int(), 200) << res.body();
    return json::parse(res.body()).value("model", "");
  }
  static void expect_problem(const bhttp::response<bhttp::string_body>& res, int status) {
    EXPECT_EQ(res.result_int(), status) << res.body();
    EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json");
    auto j = json::parse(res.body());
    EXPECT_EQ(j["status"], status);
    EXPECT_TRUE(j["detail"].is_string());
  }

  fs::path root, models;
  Slot slot;
  std::vector<std::string> audited;
  std::unique_ptr<http::Server> server;
  std::thread runner;
};

TEST_F(ModelAdminTest, AdminReloadSwapsTheServedModel) {
  EXPECT_EQ(served_model(), "alpha");
  auto res = reload({{"path", "beta.gguf"}});
  ASSERT_EQ(res.result_int(), 200) << res.body();
  auto j = json::parse(res.body());
  EXPECT_EQ(j["previous"]["id"], "alpha");
  EXPECT_EQ(j["current"]["id"], "beta");
  EXPECT_EQ(j["current"]["n_layer"], 3);
  EXPECT_EQ(served_model(), "beta");
  EXPECT_EQ(complete(), "beta");
  EXPECT_EQ(slot.get()->info().n_layer, 3);

  // No path: the configured model comes back.
  res = send(bhttp::verb::post, "/v1/admin/models/reload", "root");
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(served_model(), "alpha");

  auto list = send(bhttp::verb::get, "/v1/admin/models", "root");
  ASSERT_EQ(list.result_int(), 200);
  auto avail = json::parse(list.body())["available"];
  EXPECT_NE(std::find(avail.begin(), avail.end(), "beta.gguf"), avail.end());
  EXPECT_EQ(audited, (std::vector<std::string>{"model_reloaded", "model_reloaded"}));
}

TEST_F(ModelAdminTest, OnlyAdminsMayReloadOrList) {
  expect_problem(reload({{"path", "beta.gguf"}}, "customer"), 403);
  expect_problem(reload({{"path", "beta.gguf"}}, ""), 401);
  expect_problem(send(bhttp::verb::get, "/v1/admin/models", "customer"), 403);
  EXPECT_EQ(served_model(), "alpha");
}

TEST_F(ModelAdminTest, BadFileIsRejectedAndTheOldModelKeepsServing) {
  auto res = reload({{"path", "broken.gguf"}});
  expect_problem(res, 422);
  EXPECT_EQ(json::parse(res.body())["errors"][0]["field"], "path");
  expect_problem(reload({{"path", "missing.gguf"}}), 404);
  expect_problem(reload({{"path", 42}}), 400);
  expect_problem(reload({{"path", ""}}), 400);
  EXPECT_EQ(served_model(), "alpha");
  EXPECT_EQ(complete(), "alpha");
  EXPECT_EQ(audited, std::vector<std::string>{"model_reload_failed"});
}

TEST_F(ModelAdminTest, PathsCannotEscapeTheModelsDirectory) {
  const std::string outside = (root / "outside.gguf").string();
  for (const std::string& p :
       {std::string("../outside.gguf"), std::string("./../models/../outside.gguf"), outside,
        std::string("escape.gguf"), std::string("/etc/passwd"), std::string(".."),
        std::string(".")}) {
    auto res = reload({{"path", p}});
    expect_problem(res, 400);
    EXPECT_EQ(json::parse(res.body())["errors"][0]["field"], "path") << p;
  }
  // Inside the folder, spelled oddly, is fine.
  fs::create_directories(models / "sub");
  auto ok = resolve_model_path(models, "./sub/../beta.gguf");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*ok, fs::canonical(models / "beta.gguf"));
  EXPECT_EQ(served_model(), "alpha");
  EXPECT_TRUE(audited.empty());
}

TEST_F(ModelAdminTest, GenerationInFlightDuringTheSwapCompletesOnTheOldModel) {
  // A generation that has started and is paused mid-stream (as a realizer or SSE stream
  // would be) while the admin swaps the model.
  std::weak_ptr<llm::Engine> old_engine = slot.get();
  std::promise<void> started, swapped;
  auto swapped_f = swapped.get_future().share();
  auto gen = std::async(std::launch::async, [&, engine = slot.get()] {
    llm::GenerateRequest req;
    req.prompt = "in flight";
    req.max_tokens = 24;
    req.sampling.temperature = 0;
    bool first = true;
    auto r = engine->generate(req, [&](std::string_view) {
      if (!first) return;
      first = false;
      started.set_value();
      swapped_f.wait();
    });
    return r;
  });
  started.get_future().wait();
  auto res = reload({{"path", "beta.gguf"}});
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(served_model(), "beta");
  EXPECT_FALSE(old_engine.expired()) << "the in-flight generation still holds the old engine";
  swapped.set_value();
  auto result = gen.get();
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_NE(result->finish, llm::FinishReason::error);
  EXPECT_GT(result->tokens.size(), 1u);
  EXPECT_TRUE(old_engine.expired()) << "released once the last request finished";
  EXPECT_EQ(complete(), "beta");
}

TEST_F(ModelAdminTest, HttpStreamStartedBeforeTheSwapFinishes) {
  // An SSE completion opened before the reload is read to its end after it.
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<unsigned short>(server->port())));
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/v1/completions", 11};
  req.set(bhttp::field::host, "localhost");
  req.set(bhttp::field::authorization, "Bearer customer");
  req.set(bhttp::field::content_type, "application/json");
  req.body() = json{{"prompt", "stream"}, {"max_tokens", 64}, {"stream", true}}.dump();
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  bhttp::read_header(stream, buf, parser);
  ASSERT_EQ(parser.get().result_int(), 200);
  ASSERT_EQ(reload({{"path", "beta.gguf"}}).result_int(), 200);
  bhttp::read(stream, buf, parser);
  const std::string body = parser.get().body();
  EXPECT_NE(body.find("[DONE]"), std::string::npos) << body;
  EXPECT_NE(body.find("\"model\":\"alpha\""), std::string::npos) << body;
}

}  // namespace
}  // namespace finchat::api
