// Token buckets: local refill with a ManualClock, classes, eviction; Redis when available.
#include "auth/rate_limiter.hpp"

#include <gtest/gtest.h>

#include "store/test_services.hpp"

#include <cstdlib>

#include "core/crypto.hpp"

namespace finchat::auth {
namespace {

SecurityConfig security(double rps, double burst) {
  SecurityConfig s;
  s.rate_limit_rps = rps;
  s.rate_limit_burst = burst;
  return s;
}

TEST(RateClassesTest, DerivesClassesAndOverrides) {
  RateClasses c(security(20, 40));
  EXPECT_DOUBLE_EQ(c.lookup("default").burst, 40);
  EXPECT_DOUBLE_EQ(c.lookup("default:ip").burst, 80);
  EXPECT_GE(c.lookup("health:ip").rps, 1000);
  EXPECT_LT(c.lookup("chat").rps, c.lookup("default").rps);
  EXPECT_DOUBLE_EQ(c.lookup("no-such-class").rps, 20);
  c.set("chat", {1, 2});
  EXPECT_DOUBLE_EQ(c.lookup("chat").burst, 2);
}

TEST(LocalRateLimiterTest, BurstThenRefill) {
  ManualClock clock;
  LocalRateLimiter l(RateClasses(security(2, 4)), clock);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(l.check("sub:a", "default").allowed) << i;
  auto d = l.check("sub:a", "default");
  EXPECT_FALSE(d.allowed);
  EXPECT_DOUBLE_EQ(d.limit, 4);
  EXPECT_NEAR(d.retry_after_s, 0.5, 1e-9);
  EXPECT_TRUE(l.check("sub:b", "default").allowed);  // keys are independent
  clock.advance(std::chrono::milliseconds(499));
  EXPECT_FALSE(l.check("sub:a", "default").allowed);
  clock.advance(std::chrono::milliseconds(2));
  EXPECT_TRUE(l.check("sub:a", "default").allowed);
  clock.advance(std::chrono::seconds(60));  // refills to the burst, never beyond
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(l.check("sub:a", "default").allowed);
  EXPECT_FALSE(l.check("sub:a", "default").allowed);
}

TEST(LocalRateLimiterTest, ClassesHaveSeparateBuckets) {
  ManualClock clock;
  LocalRateLimiter l(RateClasses(security(1, 1)), clock);
  EXPECT_TRUE(l.check("ip:1", "default:ip").allowed);
  EXPECT_TRUE(l.check("ip:1", "default:ip").allowed);  // IP buckets are twice as wide
  EXPECT_FALSE(l.check("ip:1", "default:ip").allowed);
  EXPECT_TRUE(l.check("ip:1", "market:ip").allowed);
  for (int i = 0; i < 500; ++i) EXPECT_TRUE(l.check("ip:1", "health:ip").allowed);
}

TEST(LocalRateLimiterTest, KeyCountIsBounded) {
  ManualClock clock;
  LocalRateLimiter l(RateClasses(security(1, 5)), clock, 160);
  for (int i = 0; i < 5000; ++i) (void)l.check("ip:" + std::to_string(i), "default");
  EXPECT_LE(l.tracked_keys(), 160u);
}

const char* redis_url() { return store::testing::service_url("FINCHAT_TEST_REDIS_URL"); }

std::string unique_prefix() { return "finchat:test:rl:" + crypto::random_token(8) + ":"; }

TEST(RedisRateLimiterTest, EnforcesBucket) {
  if (!redis_url()) GTEST_SKIP() << "FINCHAT_TEST_REDIS_URL not set";
  ManualClock clock;
  RedisRateLimiter l(nullptr, redis_url(), RateClasses(security(0.5, 3)), clock, unique_prefix());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(l.check("sub:a", "default").allowed) << i;
  auto d = l.check("sub:a", "default");
  EXPECT_FALSE(d.allowed);
  EXPECT_GT(d.retry_after_s, 1.0);  // 0.5 tokens/s: about 2 s to the next token
  EXPECT_EQ(l.fallbacks(), 0u);
}

TEST(RedisRateLimiterTest, TwoInstancesShareOneLimit) {
  if (!redis_url()) GTEST_SKIP() << "FINCHAT_TEST_REDIS_URL not set";
  ManualClock clock;
  std::string prefix = unique_prefix();
  RedisRateLimiter a(nullptr, redis_url(), RateClasses(security(0.1, 4)), clock, prefix);
  auto conn = store::RedisClient::connect(redis_url());
  ASSERT_TRUE(conn.ok());
  RedisRateLimiter b(std::shared_ptr<store::RedisClient>(std::move(*conn)), "",
                     RateClasses(security(0.1, 4)), clock, prefix);
  int allowed = 0;
  for (int i = 0; i < 4; ++i) {
    allowed += a.check("sub:x", "default").allowed;
    allowed += b.check("sub:x", "default").allowed;
  }
  EXPECT_EQ(allowed, 4);  // one shared bucket of 4, not 4 each
  EXPECT_EQ(a.fallbacks() + b.fallbacks(), 0u);
}

TEST(RedisRateLimiterTest, RecoversFromFlushedScriptCache) {
  if (!redis_url()) GTEST_SKIP() << "FINCHAT_TEST_REDIS_URL not set";
  ManualClock clock;
  RedisRateLimiter l(nullptr, redis_url(), RateClasses(security(10, 10)), clock, unique_prefix());
  EXPECT_TRUE(l.check("k", "default").allowed);
  auto conn = store::RedisClient::connect(redis_url());
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE((*conn)->command({"SCRIPT", "FLUSH"}).ok());
  EXPECT_TRUE(l.check("k", "default").allowed);
  EXPECT_EQ(l.fallbacks(), 0u);
}

TEST(RedisRateLimiterTest, DeadRedisFallsBackToLocalLimits) {
  ManualClock clock;
  RedisRateLimiter l(nullptr, "redis://127.0.0.1:1", RateClasses(security(1, 3)), clock);
  // Not fail-open (limits still apply) and not fail-closed (requests still pass).
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(l.check("sub:a", "default").allowed) << i;
  EXPECT_FALSE(l.check("sub:a", "default").allowed);
  EXPECT_EQ(l.fallbacks(), 4u);
  clock.advance(std::chrono::seconds(1));
  EXPECT_TRUE(l.check("sub:a", "default").allowed);
}

}  // namespace
}  // namespace finchat::auth
