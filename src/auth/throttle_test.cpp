// Login throttling per account and per IP, with a ManualClock instead of waiting.
#include <gtest/gtest.h>

#include "auth/login_throttle.hpp"
#include "auth/test_support.hpp"

namespace finchat::auth {
namespace {

using testing::body_of;
using testing::Env;

TEST(LoginThrottleTest, LocksAccountAfterFiveFailuresUntilWindowEnds) {
  ManualClock clock;
  LoginThrottle t(clock, {5, 900, 1000, 100});
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(t.check("alice", "ip").allowed) << i;
    t.record_failure("alice");
    clock.advance(std::chrono::seconds(10));
  }
  auto d = t.check("alice", "ip");
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.account_locked);
  EXPECT_EQ(d.retry_after_s, 900 - 50);       // the first failure leaves the window then
  EXPECT_TRUE(t.check("bob", "ip").allowed);  // other accounts are unaffected
  clock.advance(std::chrono::seconds(850));
  EXPECT_TRUE(t.check("alice", "ip").allowed);
}

TEST(LoginThrottleTest, SuccessClearsFailures) {
  ManualClock clock;
  LoginThrottle t(clock, {5, 900, 1000, 100});
  for (int i = 0; i < 4; ++i) t.record_failure("alice");
  t.record_success("alice");
  for (int i = 0; i < 4; ++i) t.record_failure("alice");
  EXPECT_TRUE(t.check("alice", "ip").allowed);
}

TEST(LoginThrottleTest, PerIpBudgetRefills) {
  ManualClock clock;
  LoginThrottle t(clock, {5, 900, 6, 100});  // 6 per minute
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(t.check("user" + std::to_string(i), "1.1.1.1").allowed);
  auto d = t.check("other", "1.1.1.1");
  EXPECT_FALSE(d.allowed);
  EXPECT_FALSE(d.account_locked);
  EXPECT_EQ(d.retry_after_s, 10);
  EXPECT_TRUE(t.check("other", "2.2.2.2").allowed);
  clock.advance(std::chrono::seconds(10));
  EXPECT_TRUE(t.check("other", "1.1.1.1").allowed);
}

TEST(LoginThrottleTest, FloodOfAccountsDoesNotEvictTheLockedOne) {
  ManualClock clock;
  LoginThrottle t(clock, {5, 900, 1000, 50});
  for (int i = 0; i < 500; ++i) {
    t.record_failure("user" + std::to_string(i));
    (void)t.check("user" + std::to_string(i), "ip" + std::to_string(i));
  }
  // 500 accounts through a table of 50: eviction happens, yet a fresh lockout holds.
  for (int i = 0; i < 5; ++i) t.record_failure("victim");
  EXPECT_FALSE(t.check("victim", "x").allowed);
}

TEST(LoginEndpointThrottleTest, LockoutGives429ThenRecovers) {
  Env env;
  env.add_user("alice", "customer");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(env.login("alice", "wrong-password-" + std::to_string(i)).status, 400);
  }
  // Even the right password is refused while locked.
  auto r = env.login("alice", "correct-horse-battery");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(body_of(r)["error"], "slow_down");
  EXPECT_FALSE(r.header("Retry-After").empty());
  EXPECT_GE(std::stoi(r.header("Retry-After")), 1);
  auto locked = env.db->query("SELECT * FROM audit_log WHERE event = 'login_locked'");
  ASSERT_TRUE(locked.ok());
  EXPECT_EQ(locked->size(), 1u);
  env.clock.advance(std::chrono::minutes(15));
  EXPECT_EQ(env.login("alice", "correct-horse-battery").status, 200);
}

TEST(LoginEndpointThrottleTest, PerIpLimitFromConfig) {
  Config c = testing::test_config();
  c.security.login_rate_limit_per_min = 3;
  Env env(c);
  env.add_user("alice", "customer");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(env.login("nobody" + std::to_string(i), "pw-123456789").status, 400);
  EXPECT_EQ(env.login("alice", "correct-horse-battery").status, 429);
  EXPECT_EQ(env.login("alice", "correct-horse-battery", "10.9.9.9").status, 200);
}

}  // namespace
}  // namespace finchat::auth
