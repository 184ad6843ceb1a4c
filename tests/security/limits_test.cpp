// Rate limits and login throttling over real HTTP: in-process buckets, one limit shared by two
// replicas through Redis, the local fallback when Redis is unreachable, and brute-force
// throttling per account and per IP.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "security_env.hpp"
#include "store/redis.hpp"
#include "store/test_services.hpp"

namespace finchat::testing {
namespace {

// Small per-subject buckets: `burst` requests, then one more per 1/rps seconds.
std::vector<std::string> tight_limits(const std::string& rps, const std::string& burst) {
  return {"--security.rate_limit_rps",           rps,  "--security.rate_limit_burst", burst,
          "--security.login_rate_limit_per_min", "600"};
}

void expect_rate_headers(const HttpResult& r, const std::string& what) {
  EXPECT_FALSE(r.header("ratelimit-limit").empty()) << what;
  EXPECT_FALSE(r.header("ratelimit-remaining").empty()) << what;
  EXPECT_FALSE(r.header("ratelimit-reset").empty()) << what;
}

void expect_limited(const HttpResult& r, const std::string& what) {
  EXPECT_EQ(r.status, 429) << what << ": " << r.body;
  EXPECT_TRUE(is_problem(r)) << what << ": " << r.body;
  EXPECT_GE(std::atoi(r.header("retry-after").c_str()), 1) << what;
  expect_rate_headers(r, what);
  EXPECT_EQ(r.header("ratelimit-remaining"), "0") << what;
}

struct StartedServer {
  std::string dir;
  std::unique_ptr<ServerProcess> process;
  ~StartedServer() {
    process.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

// A server with one customer account "lim" in a fresh data directory.
void start_with_user(StartedServer& s, std::vector<std::string> args,
                     std::map<std::string, std::string> env = {}) {
  s.dir = make_temp_dir("finchat_lim_");
  add_user(s.dir, "lim", "customer", test_password());
  s.process =
      std::make_unique<ServerProcess>(ServerOptions{std::move(args), s.dir, std::move(env)});
  ASSERT_TRUE(s.process->wait_healthy()) << s.process->log();
}

TEST(SecurityE2E, RateLimitAnswers429WithHeadersThenRecovers) {
  StartedServer s;
  ASSERT_NO_FATAL_FAILURE(start_with_user(s, tight_limits("1", "3")));
  const int port = s.process->port();
  auto token = login(port, "lim").access;
  ASSERT_FALSE(token.empty());
  for (int i = 0; i < 3; ++i) {
    auto r = http_request(port, "GET", "/v1/me", "", bearer(token));
    ASSERT_EQ(r.status, 200) << "request " << i << ": " << r.body;
    expect_rate_headers(r, "allowed request");
  }
  auto limited = http_request(port, "GET", "/v1/me", "", bearer(token));
  expect_limited(limited, "4th request in the burst");
  EXPECT_EQ(http_request(port, "GET", "/healthz").status, 200) << "probes are never starved";

  int wait_s = std::atoi(limited.header("retry-after").c_str());
  std::this_thread::sleep_for(std::chrono::milliseconds(wait_s * 1000 + 100));
  EXPECT_EQ(http_request(port, "GET", "/v1/me", "", bearer(token)).status, 200)
      << "the bucket refills after Retry-After";
}

TEST(SecurityE2E, TwoReplicasShareOneLimitThroughRedis) {
  const char* url = store::testing::service_url("FINCHAT_TEST_REDIS_URL");
  if (!url) GTEST_SKIP() << "FINCHAT_TEST_REDIS_URL not set (make test starts Redis)";
  // IP buckets persist in Redis between runs; start from full ones.
  auto redis = store::RedisClient::connect(url);
  ASSERT_TRUE(redis) << redis.error().message;
  for (const char* cls : {"default:ip", "auth:ip", "health:ip"}) {
    (void)(*redis)->command({"DEL", std::string("finchat:rl:") + cls + ":ip:127.0.0.1"});
  }
  auto redis_flags = tight_limits("0.2", "4");
  for (const char* f : {"--redis.url", url}) redis_flags.emplace_back(f);
  redis_flags.insert(redis_flags.end(), {"--security.rate_limit_backend", "redis"});

  StartedServer a;
  ASSERT_NO_FATAL_FAILURE(start_with_user(a, redis_flags));
  // The second replica shares the database (accounts, signing keys) and Redis.
  ServerProcess b(ServerOptions{redis_flags, a.dir, {}});
  ASSERT_TRUE(b.wait_healthy()) << b.log();
  const std::vector<int> ports = {a.process->port(), b.port()};

  auto token = login(ports[0], "lim").access;
  ASSERT_FALSE(token.empty());
  // Four requests alternate between the replicas; alone, each would allow four.
  for (int i = 0; i < 4; ++i) {
    auto r = http_request(ports[i % 2], "GET", "/v1/me", "", bearer(token));
    EXPECT_EQ(r.status, 200) << "request " << i << " on replica " << i % 2 << ": " << r.body;
  }
  expect_limited(http_request(ports[0], "GET", "/v1/me", "", bearer(token)), "replica A");
  expect_limited(http_request(ports[1], "GET", "/v1/me", "", bearer(token)), "replica B");
  EXPECT_EQ(a.process->log().find("using local limits"), std::string::npos) << a.process->log();
}

TEST(SecurityE2E, UnreachableRedisFallsBackToLocalLimitsAndSaysSo) {
  const int closed_port = free_port();  // nothing listens there
  auto flags = tight_limits("1", "3");
  flags.insert(flags.end(), {"--redis.url", "redis://127.0.0.1:" + std::to_string(closed_port),
                             "--security.rate_limit_backend", "redis"});
  StartedServer s;
  ASSERT_NO_FATAL_FAILURE(start_with_user(s, flags));
  const int port = s.process->port();
  auto token = login(port, "lim").access;
  ASSERT_FALSE(token.empty()) << "still serves";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(http_request(port, "GET", "/v1/me", "", bearer(token)).status, 200) << i;
  }
  expect_limited(http_request(port, "GET", "/v1/me", "", bearer(token)), "local fallback");
  std::string log = s.process->log();
  EXPECT_NE(log.find("Redis"), std::string::npos) << log;
  EXPECT_NE(log.find("local limits"), std::string::npos) << log;
  auto metrics = http_request(port, "GET", "/metrics");
  EXPECT_NE(metrics.body.find("finchat_rate_limit_redis_fallback_total"), std::string::npos);
}

TEST(SecurityE2E, PasswordGuessingLocksTheAccountNotOthers) {
  auto& main = MainServer::get();
  const int port = main.port();
  for (int i = 0; i < 5; ++i) {
    auto r = token_request(port,
                           "grant_type=password&client_id=finchat-web&username=locky"
                           "&password=wrong-guess-" +
                               std::to_string(i));
    EXPECT_EQ(r.status, 400) << "guess " << i << ": " << r.body;
    EXPECT_EQ(json_of(r).value("error", ""), "invalid_grant");
  }
  // Locked: even the right password is refused for the rest of the window.
  auto locked = token_request(port,
                              "grant_type=password&client_id=finchat-web&username=locky"
                              "&password=" +
                                  test_password());
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_GE(std::atoi(locked.header("retry-after").c_str()), 60);
  // Another account on the same IP is unaffected.
  EXPECT_FALSE(login(port, "bob").access.empty());
}

TEST(SecurityE2E, PasswordGuessingIsThrottledPerIp) {
  StartedServer s;
  ASSERT_NO_FATAL_FAILURE(start_with_user(
      s, {"--security.login_rate_limit_per_min", "4", "--security.rate_limit_rps", "100"}));
  const int port = s.process->port();
  // Spraying different accounts from one IP: each one fails once, the IP budget runs out.
  int limited_at = -1;
  HttpResult last;
  for (int i = 0; i < 8 && limited_at < 0; ++i) {
    last = token_request(port, "grant_type=password&client_id=finchat-web&username=spray" +
                                   std::to_string(i) + "&password=guess");
    if (last.status == 429)
      limited_at = i;
    else
      EXPECT_EQ(last.status, 400) << last.body;
  }
  EXPECT_EQ(limited_at, 4) << "four attempts per minute, then 429";
  EXPECT_GE(std::atoi(last.header("retry-after").c_str()), 1);
  auto good = token_request(port,
                            "grant_type=password&client_id=finchat-web&username=lim"
                            "&password=" +
                                test_password());
  EXPECT_EQ(good.status, 429) << "the budget is per IP, whatever the account";
}

}  // namespace
}  // namespace finchat::testing
