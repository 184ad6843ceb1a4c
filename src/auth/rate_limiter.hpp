#pragma once
// Token-bucket rate limiting behind http::RateLimiter. Buckets are per key ("ip:1.2.3.4",
// "sub:<user>") and per route class; the pipeline checks IP keys with the class suffix ":ip".
// Two backends: in-process (sharded, bounded) and Redis (one atomic Lua script using Redis
// server time, shared by every replica, falling back to local limits when Redis is down).
#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "http/pipeline.hpp"
#include "store/redis.hpp"

namespace finchat::auth {

struct RateLimit {
  double rps = 1;
  double burst = 1;
};

// Limits per route class, derived from SecurityConfig; override any class in code.
class RateClasses {
 public:
  explicit RateClasses(const SecurityConfig& security);
  void set(const std::string& rate_class, RateLimit limit) { limits_[rate_class] = limit; }
  // Exact class first ("chat:ip"), then its base class ("chat"), then "default".
  RateLimit lookup(const std::string& rate_class) const;

 private:
  std::map<std::string, RateLimit, std::less<>> limits_;
};

class LocalRateLimiter final : public http::RateLimiter {
 public:
  LocalRateLimiter(RateClasses classes, const Clock& clock, size_t max_keys = 200'000);
  http::RateDecision check(const std::string& key, const std::string& rate_class) override;
  size_t tracked_keys();
  RateClasses& classes() { return classes_; }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_ms = 0;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr size_t kShards = 16;
  void evict(Shard& shard, int64_t now_ms);

  RateClasses classes_;
  const Clock& clock_;
  size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

// Builds a decision from a bucket's state after the request (shared by both backends).
http::RateDecision make_decision(bool allowed, double tokens_left, const RateLimit& limit);

class RedisRateLimiter final : public http::RateLimiter {
 public:
  // `client` may be null: then the limiter connects to `url` lazily (with backoff).
  RedisRateLimiter(std::shared_ptr<store::RedisClient> client, std::string url, RateClasses classes,
                   const Clock& clock, std::string key_prefix = "finchat:rl:");
  http::RateDecision check(const std::string& key, const std::string& rate_class) override;
  // Requests decided locally because Redis was unavailable (also a metric).
  uint64_t fallbacks() const { return fallbacks_.load(); }

 private:
  std::shared_ptr<store::RedisClient> connection();
  Result<store::RedisReply> run_script(const std::string& key, const RateLimit& limit);
  void note_failure(const std::string& why);

  std::mutex mu_;
  std::shared_ptr<store::RedisClient> client_;
  std::string url_;
  std::string script_sha_;
  std::string prefix_;
  const Clock& clock_;
  LocalRateLimiter local_;
  std::atomic<int64_t> down_until_ms_{0};
  std::atomic<int64_t> last_log_ms_{0};
  std::atomic<uint64_t> fallbacks_{0};
};

}  // namespace finchat::auth
