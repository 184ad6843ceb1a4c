#include "api/system_routes.hpp"

#include <gtest/gtest.h>

#include "http/pipeline.hpp"
#include "store/migrations.hpp"

namespace finchat::api {
namespace {

struct SystemRoutesTest : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    router = std::make_shared<http::Router>();
  }
  http::Response call(std::string method, std::string path, std::string body = {}) {
    http::Pipeline p(router, {});
    http::Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    r.headers.emplace_back("content-type", "application/json");
    return p.handle(r);
  }
  std::shared_ptr<store::Database> db;
  std::shared_ptr<http::Router> router;
};

TEST_F(SystemRoutesTest, ReadyOnlyAfterMigrations) {
  register_system_routes(*router, {db, {}, "test", {}});
  EXPECT_EQ(call("GET", "/healthz").status, 200);
  auto before = call("GET", "/readyz");
  EXPECT_EQ(before.status, 503);
  EXPECT_NE(before.body.find("migrations pending"), std::string::npos);
  ASSERT_TRUE(store::migrate(*db).ok());
  EXPECT_EQ(call("GET", "/readyz").status, 200);
}

TEST_F(SystemRoutesTest, FailingProbeMakesNotReady) {
  ASSERT_TRUE(store::migrate(*db).ok());
  register_system_routes(
      *router,
      {db, {{"model", [] { return std::optional<std::string>("no model loaded"); }}}, "t", {}});
  auto r = call("GET", "/readyz");
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("no model loaded"), std::string::npos);
}

TEST_F(SystemRoutesTest, ComponentsAreNamed) {
  ASSERT_TRUE(store::migrate(*db).ok());
  SystemDeps deps{db, {}, "t", {}};
  deps.components.emplace_back("model", [] {
    return nlohmann::json{{"id", "finchat-mini-q8_0"}, {"loaded", true}};
  });
  register_system_routes(*router, deps);
  auto r = call("GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["components"]["model"]["id"], "finchat-mini-q8_0");
  EXPECT_EQ(body["components"]["model"]["loaded"], true);
}

TEST_F(SystemRoutesTest, MetricsInPrometheusFormat) {
  register_system_routes(*router, {db, {}, "t", {}});
  call("GET", "/healthz");
  auto m = call("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.header("Content-Type").find("version=0.0.4"), std::string::npos);
  EXPECT_NE(m.body.find("finchat_http_requests_total{route=\"/healthz\""), std::string::npos);
}

TEST_F(SystemRoutesTest, EchoValidates) {
  register_system_routes(*router, {db, {}, "t", {}});
  auto ok = call("POST", "/v1/echo", R"({"message":"hi","repeat":2})");
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("hihi"), std::string::npos);
  auto unknown = call("POST", "/v1/echo", R"({"message":"hi","admin":true})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("admin"), std::string::npos);
  EXPECT_EQ(call("POST", "/v1/echo", R"({"message":""})").status, 400);
  EXPECT_EQ(call("POST", "/v1/echo", R"({"message":"x","repeat":99})").status, 400);
}

}  // namespace
}  // namespace finchat::api
