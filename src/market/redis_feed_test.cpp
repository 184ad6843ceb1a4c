// Redis Streams fan-out against the real Redis of `make test`: one publisher, two independent
// consumers, each receiving every tick in order.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/ids.hpp"
#include "market/redis_feed.hpp"
#include "store/test_services.hpp"

namespace finchat::market {
namespace {

TEST(RedisTickFields, RoundTripAndRejectBadEntries) {
  Tick t{"NOVA", 123.25, 300, 1767628800123, 42, "simulated"};
  auto back = tick_from_fields(tick_fields(t));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->symbol, "NOVA");
  EXPECT_DOUBLE_EQ(back->price, 123.25);
  EXPECT_EQ(back->ts_ms, t.ts_ms);
  EXPECT_EQ(back->sequence, 42u);
  EXPECT_EQ(back->source, "simulated");
  auto bad = tick_from_fields({"s", "NOVA", "p", "abc", "t", "1"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "p");
  EXPECT_FALSE(tick_from_fields({"s", "NOVA", "p", "1"}).ok());
}

struct Collector {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Tick> ticks;
  void add(const Tick& t) {
    std::lock_guard lock(mu);
    ticks.push_back(t);
    cv.notify_all();
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(20), [&] { return ticks.size() >= n; });
  }
};

TEST(RedisFeed, EveryConsumerReceivesEveryTickInOrder) {
  const char* url = store::testing::service_url("FINCHAT_TEST_REDIS_URL");
  if (!url) GTEST_SKIP() << "FINCHAT_TEST_REDIS_URL not set";
  const std::string stream = "finchat:test:ticks:" + new_uuid_v7();
  // Entries from before the consumers start are not replayed to them.
  auto publisher = RedisTickPublisher::connect(url, stream, 10'000);
  ASSERT_TRUE(publisher.ok()) << publisher.error().message;
  ASSERT_TRUE((*publisher)->publish({"OLD", 1, 1, 1, 1, "test"}).ok());

  RedisFeedOptions options;
  options.url = url;
  options.stream = stream;
  options.block_ms = 200;
  RedisFeed a(options), b(options);
  Collector ca, cb;
  a.subscribe([&](const Tick& t) { ca.add(t); });
  b.subscribe([&](const Tick& t) { cb.add(t); });
  ASSERT_TRUE(a.start().ok());
  ASSERT_TRUE(b.start().ok());

  constexpr int kTicks = 2000;
  for (int i = 1; i <= kTicks; ++i) {
    Tick t{i % 2 ? "NOVA" : "NWBK", 100 + i * 0.01, 10, 1767628800000 + i, uint64_t(i), "test"};
    ASSERT_TRUE((*publisher)->publish(t).ok());
  }
  ASSERT_TRUE(ca.wait_for(kTicks));
  ASSERT_TRUE(cb.wait_for(kTicks));
  a.stop();
  b.stop();
  for (Collector* c : {&ca, &cb}) {
    ASSERT_EQ(c->ticks.size(), static_cast<std::size_t>(kTicks));
    for (int i = 0; i < kTicks; ++i) {
      ASSERT_EQ(c->ticks[i].sequence, static_cast<uint64_t>(i + 1)) << "at " << i;
    }
  }
  EXPECT_EQ(a.counts()["received"], static_cast<uint64_t>(kTicks));
  EXPECT_EQ(a.counts()["malformed"], 0u);
  auto cleanup = store::RedisClient::connect(url);
  if (cleanup) (void)(*cleanup)->command({"DEL", stream});
}

TEST(RedisFeed, ReconnectsAfterTheServerDropsItsConnection) {
  const char* url = store::testing::service_url("FINCHAT_TEST_REDIS_URL");
  if (!url) GTEST_SKIP() << "FINCHAT_TEST_REDIS_URL not set";
  const std::string stream = "finchat:test:ticks:" + new_uuid_v7();
  auto publisher = RedisTickPublisher::connect(url, stream, 10'000);
  ASSERT_TRUE(publisher.ok());
  RedisFeedOptions options;
  options.url = url;
  options.stream = stream;
  options.block_ms = 200;
  options.backoff_initial_ms = 20;
  options.client_name = "feedtest" + std::to_string(::getpid());
  RedisFeed feed(options);
  Collector c;
  feed.subscribe([&](const Tick& t) { c.add(t); });
  ASSERT_TRUE(feed.start().ok());
  ASSERT_TRUE((*publisher)->publish({"NOVA", 1, 1, 1, 1, "test"}).ok());
  ASSERT_TRUE(c.wait_for(1));
  // Kill the feed's connection (found by its name); it must come back and resume after the
  // last id it saw, so ticks published meanwhile are not lost.
  auto admin = store::RedisClient::connect(url);
  ASSERT_TRUE(admin.ok());
  auto list = (*admin)->command({"CLIENT", "LIST"});
  ASSERT_TRUE(list.ok());
  std::string id;
  std::istringstream lines(list->str);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("name=" + options.client_name + " ") == std::string::npos) continue;
    id = line.substr(3, line.find(' ') - 3);  // "id=NNN ..."
  }
  ASSERT_FALSE(id.empty()) << list->str;
  ASSERT_TRUE((*admin)->command({"CLIENT", "KILL", "ID", id}).ok());
  for (int i = 2; i <= 50; ++i) {
    ASSERT_TRUE((*publisher)->publish({"NOVA", double(i), 1, i, uint64_t(i), "test"}).ok());
  }
  ASSERT_TRUE(c.wait_for(50));
  feed.stop();
  for (int i = 0; i < 50; ++i) EXPECT_EQ(c.ticks[i].sequence, uint64_t(i + 1));
  (void)(*admin)->command({"DEL", stream});
}

}  // namespace
}  // namespace finchat::market
