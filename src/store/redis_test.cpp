#include "store/redis.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "store/test_services.hpp"

namespace finchat::store {
namespace {

TEST(RedisUrlTest, Parses) {
  auto u = parse_redis_url("redis://10.0.0.1:6390/2");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "10.0.0.1");
  EXPECT_EQ(u->port, 6390);
  EXPECT_EQ(u->db, 2);
  EXPECT_FALSE(parse_redis_url("http://x").ok());
  EXPECT_FALSE(parse_redis_url("redis://h:port").ok());
}

TEST(RedisClientTest, UnreachableServerIsAnError) {
  auto c = RedisClient::connect("redis://127.0.0.1:1", std::chrono::milliseconds(200));
  EXPECT_FALSE(c.ok());
}

// Runs against the real Redis started by `make test` (FINCHAT_TEST_REDIS_URL).
TEST(RedisClientTest, CommandsAgainstRealServer) {
  const char* url = testing::service_url("FINCHAT_TEST_REDIS_URL");
  if (!url) GTEST_SKIP() << "FINCHAT_TEST_REDIS_URL not set";
  auto c = RedisClient::connect(url);
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto& client = *c.value();
  EXPECT_TRUE(client.healthy());
  ASSERT_TRUE(client.command({"SET", "finchat:test:k", "v1"}).ok());
  auto got = client.command({"GET", "finchat:test:k"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->str, "v1");
  auto n = client.command({"INCRBY", "finchat:test:n", "5"});
  ASSERT_TRUE(n.ok());
  EXPECT_GE(n->integer, 5);
  auto err = client.command({"NOSUCHCOMMAND"});
  EXPECT_FALSE(err.ok());
  EXPECT_TRUE(client.healthy()) << "an error reply does not break the connection";
}

}  // namespace
}  // namespace finchat::store
