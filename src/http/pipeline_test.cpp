#include "http/pipeline.hpp"

#include <gtest/gtest.h>

#include "http/sse.hpp"

namespace finchat::http {
namespace {

class FakeAuth : public Authenticator {
 public:
  Result<Principal> authenticate(const Request& r) override {
    std::string h = r.header("authorization");
    if (h == "Bearer customer") return Principal{"u1", "ann", "customer", {}, "web", "j1", false};
    if (h == "Bearer admin") return Principal{"u2", "root", "admin", {}, "web", "j2", false};
    return Error::unauthenticated("missing or invalid bearer token");
  }
  void on_denied(const Request&, const std::string& reason) override { denied.push_back(reason); }
  std::vector<std::string> denied;
};

class CountingLimiter : public RateLimiter {
 public:
  RateDecision check(const std::string& key, const std::string&) override {
    int n = ++counts[key];
    return RateDecision{n <= 2, 2, static_cast<double>(std::max(0, 2 - n)), 1, 1};
  }
  std::map<std::string, int> counts;
};

struct PipelineFixture : ::testing::Test {
  void SetUp() override {
    router = std::make_shared<Router>();
    router->add("GET", "/open", Policy::open(), [](Request&) { return Response::text(200, "hi"); });
    router->add("GET", "/admin", Policy::roles_any({"admin"}),
                [](Request&) { return Response::text(200, "secret"); });
    router->add("POST", "/echo", Policy::signed_in(), [](Request& r) {
      auto body = parse_json_body(r);
      if (!body) return Response::from_error(body.error());
      return Response::json(200, *body);
    });
    router->add("GET", "/boom", Policy::open(),
                [](Request&) -> Response { throw std::runtime_error("kaboom"); });
    pipeline = std::make_shared<Pipeline>(router, PipelineOptions{{"https://app.example"}, false});
    auth = std::make_shared<FakeAuth>();
    pipeline->set_authenticator(auth);
  }
  Request req(std::string method, std::string path, const std::string& authz = {}) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.remote_ip = "127.0.0.1";
    if (!authz.empty()) r.headers.emplace_back("authorization", "Bearer " + authz);
    return r;
  }
  std::shared_ptr<Router> router;
  std::shared_ptr<Pipeline> pipeline;
  std::shared_ptr<FakeAuth> auth;
};

TEST_F(PipelineFixture, UnknownRouteIsProblem404WithRequestId) {
  auto r = req("GET", "/nope");
  auto res = pipeline->handle(r);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
  auto body = nlohmann::json::parse(res.body);
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["request_id"], res.header("X-Request-Id"));
}

TEST_F(PipelineFixture, IncomingRequestIdKeptWhenValid) {
  auto r = req("GET", "/open");
  r.headers.emplace_back("x-request-id", "abc-123");
  EXPECT_EQ(pipeline->handle(r).header("X-Request-Id"), "abc-123");
  auto bad = req("GET", "/open");
  bad.headers.emplace_back("x-request-id", "evil\nheader");
  EXPECT_NE(pipeline->handle(bad).header("X-Request-Id"), "evil\nheader");
}

TEST_F(PipelineFixture, AuthenticationAndRoles) {
  auto anon = req("GET", "/admin");
  auto res = pipeline->handle(anon);
  EXPECT_EQ(res.status, 401);
  EXPECT_FALSE(res.header("WWW-Authenticate").empty());
  auto cust = req("GET", "/admin", "customer");
  EXPECT_EQ(pipeline->handle(cust).status, 403);
  EXPECT_EQ(auth->denied.size(), 1u);
  auto admin = req("GET", "/admin", "admin");
  EXPECT_EQ(pipeline->handle(admin).status, 200);
}

TEST_F(PipelineFixture, JsonBodyValidation) {
  auto r = req("POST", "/echo", "customer");
  r.body = "{bad";
  r.headers.emplace_back("content-type", "application/json");
  EXPECT_EQ(pipeline->handle(r).status, 400);
  auto wrong_type = req("POST", "/echo", "customer");
  wrong_type.body = "{}";
  wrong_type.headers.emplace_back("content-type", "text/plain");
  EXPECT_EQ(pipeline->handle(wrong_type).status, 415);
}

TEST_F(PipelineFixture, HandlerExceptionBecomes500) {
  auto r = req("GET", "/boom");
  auto res = pipeline->handle(r);
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("kaboom"), std::string::npos) << "internals are not leaked";
}

TEST_F(PipelineFixture, MethodNotAllowedHasAllowHeader) {
  auto r = req("DELETE", "/open");
  auto res = pipeline->handle(r);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.header("Allow"), "GET");
}

TEST_F(PipelineFixture, CorsDenyByDefaultAllowConfigured) {
  auto evil = req("GET", "/open");
  evil.headers.emplace_back("origin", "https://evil.example");
  EXPECT_TRUE(pipeline->handle(evil).header("Access-Control-Allow-Origin").empty());
  auto good = req("OPTIONS", "/open");
  good.headers.emplace_back("origin", "https://app.example");
  auto res = pipeline->handle(good);
  EXPECT_EQ(res.status, 204);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "https://app.example");
}

TEST_F(PipelineFixture, SecurityHeadersOnEveryResponse) {
  auto r = req("GET", "/nope");
  auto res = pipeline->handle(r);
  EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res.header("X-Frame-Options"), "DENY");
  EXPECT_FALSE(res.header("Content-Security-Policy").empty());
}

TEST_F(PipelineFixture, RateLimitGives429WithHeaders) {
  pipeline->set_rate_limiter(std::make_shared<CountingLimiter>());
  for (int i = 0; i < 2; ++i) {
    auto r = req("GET", "/open");
    EXPECT_EQ(pipeline->handle(r).status, 200);
  }
  auto r = req("GET", "/open");
  auto res = pipeline->handle(r);
  EXPECT_EQ(res.status, 429);
  EXPECT_EQ(res.header("Retry-After"), "1");
  EXPECT_EQ(res.header("RateLimit-Remaining"), "0");
}

TEST_F(PipelineFixture, HealthRoutesAreNeverThrottled) {
  router->add("GET", "/healthz", Policy::open("health"), [](Request&) { return Response::text(200, "ok"); });
  pipeline->set_rate_limiter(std::make_shared<CountingLimiter>());
  for (int i = 0; i < 5; ++i) {
    auto r = req("GET", "/healthz");
    EXPECT_EQ(pipeline->handle(r).status, 200);
  }
}

TEST(SseStreamTest, FramesAndOverflowDropsClient) {
  EXPECT_EQ(SseStream::frame("token", "a\nb"), "event: token\ndata: a\ndata: b\n\n");
  SseStream s(64);
  bool cancelled = false;
  s.on_cancel([&] { cancelled = true; });
  EXPECT_TRUE(s.send("t", nlohmann::json{{"x", 1}}));
  EXPECT_FALSE(s.send_raw("t", std::string(100, 'x'))) << "over the buffer limit";
  EXPECT_TRUE(s.overflowed());
  EXPECT_TRUE(cancelled);
  EXPECT_FALSE(s.send("t", 1));
}

}  // namespace
}  // namespace finchat::http
