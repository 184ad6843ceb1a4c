#include <cmath>
#include <cstdio>

#include "auth/rate_limiter.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"

namespace finchat::auth {

namespace {

// KEYS[1] bucket; ARGV rate (tokens/s), burst. Server time keeps replicas consistent even when
// their clocks drift. Returns {allowed, tokens_left_as_string}.
constexpr const char* kBucketScript = R"lua(
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
local elapsed = math.max(0, now - ts)
tokens = math.min(burst, tokens + elapsed * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
)lua";

constexpr int64_t kBackoffMs = 2'000;
constexpr int64_t kLogEveryMs = 30'000;

metrics::Counter& fallback_counter() {
  static auto& c = metrics::registry()
                       .counter("finchat_rate_limit_redis_fallback_total",
                                "Rate-limit decisions made locally because Redis was unavailable")
                       .get();
  return c;
}

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

}  // namespace

RedisRateLimiter::RedisRateLimiter(std::shared_ptr<store::RedisClient> client, std::string url,
                                   RateClasses classes, const Clock& clock, std::string key_prefix)
    : client_(std::move(client)),
      url_(std::move(url)),
      prefix_(std::move(key_prefix)),
      clock_(clock),
      local_(std::move(classes), clock) {}

std::shared_ptr<store::RedisClient> RedisRateLimiter::connection() {
  std::lock_guard lock(mu_);
  if (!client_ && !url_.empty()) {
    auto c = store::RedisClient::connect(url_, std::chrono::milliseconds(200));
    if (c) client_ = std::shared_ptr<store::RedisClient>(std::move(*c));
  }
  return client_;
}

Result<store::RedisReply> RedisRateLimiter::run_script(const std::string& key,
                                                       const RateLimit& limit) {
  auto client = connection();
  if (!client) return Error::unavailable("no Redis connection");
  std::string sha;
  {
    std::lock_guard lock(mu_);
    sha = script_sha_;
  }
  std::vector<std::string> args = {
      "", "", "1", prefix_ + key, format_number(limit.rps), format_number(limit.burst)};
  if (!sha.empty()) {
    args[0] = "EVALSHA";
    args[1] = sha;
    auto r = client->command(args);
    // NOSCRIPT after a Redis restart or failover: load the script again below.
    if (r || r.error().message.find("NOSCRIPT") == std::string::npos) return r;
  }
  auto loaded = client->command({"SCRIPT", "LOAD", kBucketScript});
  if (!loaded) return loaded.error();
  {
    std::lock_guard lock(mu_);
    script_sha_ = loaded->str;
  }
  args[0] = "EVALSHA";
  args[1] = loaded->str;
  return client->command(args);
}

void RedisRateLimiter::note_failure(const std::string& why) {
  int64_t now = clock_.now_ms();
  down_until_ms_ = now + kBackoffMs;
  int64_t last = last_log_ms_.load();
  if (now - last >= kLogEveryMs && last_log_ms_.compare_exchange_strong(last, now)) {
    log::get("auth")->warn("Redis rate limiting unavailable ({}); using local limits", why);
  }
}

http::RateDecision RedisRateLimiter::check(const std::string& key, const std::string& rate_class) {
  RateLimit limit = local_.classes().lookup(rate_class);
  // While Redis is known to be down, skip it so requests do not each pay a connect timeout.
  if (clock_.now_ms() >= down_until_ms_.load()) {
    auto r = run_script(rate_class + ":" + key, limit);
    if (r && r->type == store::RedisReply::Type::array && r->elements.size() == 2) {
      bool allowed = r->elements[0].integer == 1;
      double left = std::strtod(r->elements[1].str.c_str(), nullptr);
      return make_decision(allowed, left, limit);
    }
    note_failure(r ? "unexpected script reply" : r.error().message);
  }
  ++fallbacks_;
  fallback_counter().inc();
  return local_.check(key, rate_class);
}

}  // namespace finchat::auth
