#pragma once
// Market fan-out through a Redis Stream: one publisher XADDs every tick (trimmed with
// MAXLEN ~), and each API replica runs a RedisFeed that XREADs (BLOCK) from the position the
// stream had when it started, so every consumer sees every later tick, in stream order.
// The consumer reconnects with exponential backoff and resumes after the last id it saw.
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "market/feed.hpp"
#include "store/redis.hpp"

namespace finchat::market {

// Stream entry fields of a tick: s, p, z, t, q, src.
std::vector<std::string> tick_fields(const Tick& t);
Result<Tick> tick_from_fields(const std::vector<std::string>& fields);

class RedisTickPublisher {
 public:
  static Result<std::unique_ptr<RedisTickPublisher>> connect(const std::string& url,
                                                             std::string stream, int64_t maxlen);
  Status publish(const Tick& t);
  uint64_t published() const { return published_; }

 private:
  RedisTickPublisher(std::unique_ptr<store::RedisClient> client, std::string stream, int64_t maxlen)
      : client_(std::move(client)), stream_(std::move(stream)), maxlen_(std::to_string(maxlen)) {}
  std::unique_ptr<store::RedisClient> client_;
  std::string stream_;
  std::string maxlen_;
  std::atomic<uint64_t> published_{0};
};

struct RedisFeedOptions {
  std::string url;
  std::string stream = "finchat:market:ticks";
  int block_ms = 1000;
  int batch = 512;
  int backoff_initial_ms = 100;
  int backoff_max_ms = 5000;
  std::string client_name;  // CLIENT SETNAME on the first connection (for ops and tests)
};

class RedisFeed final : public Feed {
 public:
  explicit RedisFeed(RedisFeedOptions options) : options_(std::move(options)) {}
  ~RedisFeed() override { stop(); }

  // Connects, pins the start position to the stream's current last entry and starts reading.
  Status start() override;
  void stop() override;
  bool running() const override { return running_; }
  std::string source() const override { return "redis"; }

  // received, malformed, reconnects (failed reads that went into backoff; a dropped link
  // that the client re-establishes on the spot is not counted).
  std::map<std::string, uint64_t> counts() const;

 private:
  void loop();
  Status read_once(store::RedisClient& client);
  void backoff(int& delay_ms);

  RedisFeedOptions options_;
  std::unique_ptr<store::RedisClient> client_;
  std::string last_id_ = "0-0";
  std::atomic<bool> running_{false};
  std::atomic<uint64_t> received_{0}, malformed_{0}, reconnects_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace finchat::market
