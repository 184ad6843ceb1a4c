#include "auth/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace finchat::auth {

RateClasses::RateClasses(const SecurityConfig& s) {
  double rps = std::max(0.1, s.rate_limit_rps);
  double burst = std::max(1.0, s.rate_limit_burst);
  limits_["default"] = {rps, burst};
  limits_["public"] = {rps, burst};
  limits_["health"] = {1000, 2000};  // probes and load balancers must never be starved
  limits_["market"] = {rps, burst};
  limits_["chat"] = {std::max(0.1, rps / 4), std::max(1.0, burst / 4)};  // model time is costly
  limits_["admin"] = {std::max(0.1, rps / 2), std::max(1.0, burst / 2)};
  // Token endpoint: the login throttle adds per-account limits on top.
  double per_min = std::max(1.0, s.login_rate_limit_per_min);
  limits_["auth"] = {per_min / 60.0, per_min};
  // Several users may share one IP (NAT), so IP buckets are wider than per-subject ones.
  for (const char* c : {"default", "public", "market", "chat", "admin"}) {
    RateLimit l = limits_[c];
    limits_[std::string(c) + ":ip"] = {l.rps * 2, l.burst * 2};
  }
}

RateLimit RateClasses::lookup(const std::string& rate_class) const {
  auto it = limits_.find(rate_class);
  if (it != limits_.end()) return it->second;
  size_t colon = rate_class.find(':');
  if (colon != std::string::npos) {
    it = limits_.find(std::string_view(rate_class).substr(0, colon));
    if (it != limits_.end()) return it->second;
  }
  return limits_.at("default");
}

http::RateDecision make_decision(bool allowed, double tokens_left, const RateLimit& limit) {
  http::RateDecision d;
  d.allowed = allowed;
  d.limit = limit.burst;
  d.remaining = std::max(0.0, tokens_left);
  d.reset_s = (limit.burst - d.remaining) / limit.rps;
  d.retry_after_s = allowed ? 0 : (1.0 - tokens_left) / limit.rps;
  return d;
}

LocalRateLimiter::LocalRateLimiter(RateClasses classes, const Clock& clock, size_t max_keys)
    : classes_(std::move(classes)),
      clock_(clock),
      max_per_shard_(std::max<size_t>(1, max_keys / kShards)) {}

void LocalRateLimiter::evict(Shard& shard, int64_t now_ms) {
  // First drop buckets that have refilled completely: forgetting them changes nothing.
  for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
    it = now_ms - it->second.updated_ms > 60'000 ? shard.buckets.erase(it) : std::next(it);
  }
  if (shard.buckets.size() < max_per_shard_) return;
  // Still full (a flood of distinct keys): drop the least recently used tenth.
  std::vector<std::pair<int64_t, std::string>> by_age;
  by_age.reserve(shard.buckets.size());
  for (const auto& [k, b] : shard.buckets) by_age.emplace_back(b.updated_ms, k);
  size_t n = std::max<size_t>(1, by_age.size() / 10);
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(n - 1),
                   by_age.end());
  for (size_t i = 0; i < n; ++i) shard.buckets.erase(by_age[i].second);
}

http::RateDecision LocalRateLimiter::check(const std::string& key, const std::string& rate_class) {
  RateLimit limit = classes_.lookup(rate_class);
  std::string full = rate_class + "|" + key;
  Shard& shard = shards_[std::hash<std::string>{}(full) % kShards];
  int64_t now = clock_.now_ms();
  std::lock_guard lock(shard.mu);
  auto it = shard.buckets.find(full);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_) evict(shard, now);
    it = shard.buckets.emplace(full, Bucket{limit.burst, now}).first;
  }
  Bucket& b = it->second;
  double elapsed_s = static_cast<double>(std::max<int64_t>(0, now - b.updated_ms)) / 1000.0;
  b.tokens = std::min(limit.burst, b.tokens + elapsed_s * limit.rps);
  b.updated_ms = now;
  bool allowed = b.tokens >= 1.0;
  if (allowed) b.tokens -= 1.0;
  return make_decision(allowed, b.tokens, limit);
}

size_t LocalRateLimiter::tracked_keys() {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace finchat::auth
