// The real binary: start-up, probes, problem bodies for bad input, and a clean SIGTERM.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace finchat::testing {
namespace {

TEST(ServerProcessTest, ServesProbesAndProblemsThenDrainsOnSigterm) {
  ServerProcess server({"--http.idle_timeout_ms", "1000"});
  ASSERT_TRUE(server.wait_healthy()) << server.log();

  auto health = http_request(server.port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(nlohmann::json::parse(health.body)["status"], "ok");

  auto ready = http_request(server.port(), "GET", "/readyz");
  EXPECT_TRUE(ready.status == 200 || ready.status == 503);
  EXPECT_TRUE(nlohmann::json::parse(ready.body)["checks"]["database"]["ok"].get<bool>());

  auto metrics = http_request(server.port(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("finchat_http_requests_total"), std::string::npos);

  auto unknown = http_request(server.port(), "GET", "/v1/definitely-not-here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.headers["content-type"], "application/problem+json");

  auto bad_json = http_request(server.port(), "POST", "/v1/echo", "{oops",
                               {{"Content-Type", "application/json"}});
  EXPECT_EQ(bad_json.status, 400);
  auto wrong_type = http_request(server.port(), "POST", "/v1/echo", "{}",
                                 {{"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 415);
  auto too_big = http_request(server.port(), "POST", "/v1/echo", std::string(2 << 20, 'x'),
                              {{"Content-Type", "application/json"}});
  EXPECT_EQ(too_big.status, 413);

  std::string garbage = raw_exchange(server.port(), "\x16\x03\x01 not http at all\r\n\r\n");
  EXPECT_NE(garbage.find(" 400 "), std::string::npos);

  // Slow-loris: half a request, then silence; the server hangs up at the idle timeout.
  std::string slow = raw_exchange(server.port(), "GET /healthz HTTP/1.1\r\n", 5000);
  EXPECT_EQ(slow, "");

  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200) << "still serving";
  EXPECT_EQ(server.terminate(), 0) << server.log();
}

TEST(ServerProcessTest, BadConfigurationStopsStartupNamingTheKey) {
  ServerProcess server({"--http.max_body_bytes", "tiny"});
  EXPECT_FALSE(server.wait_healthy(3));
  EXPECT_NE(server.log().find("http.max_body_bytes"), std::string::npos) << server.log();
}

}  // namespace
}  // namespace finchat::testing
