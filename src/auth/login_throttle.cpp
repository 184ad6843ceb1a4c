#include "auth/login_throttle.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace finchat::auth {

void LoginThrottle::prune_locked(std::deque<int64_t>& failures, int64_t now_ms) const {
  while (!failures.empty() && now_ms - failures.front() >= options_.window_s * 1000) {
    failures.pop_front();
  }
}

namespace {

// Drops the tenth of entries with the oldest `age_of`, so a flood of new keys costs one scan
// per many inserts rather than one per insert.
template <class Map, class AgeOf>
void drop_oldest_tenth(Map& map, AgeOf age_of) {
  std::vector<std::pair<int64_t, typename Map::key_type>> by_age;
  by_age.reserve(map.size());
  for (const auto& [k, v] : map) by_age.emplace_back(age_of(v), k);
  size_t n = std::max<size_t>(1, by_age.size() / 10);
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(n - 1),
                   by_age.end());
  for (size_t i = 0; i < n; ++i) map.erase(by_age[i].second);
}

}  // namespace

void LoginThrottle::evict_if_full(const std::string& account, const std::string& ip) {
  int64_t now = clock_.now_ms();
  if (!account.empty() && failures_.size() >= options_.max_tracked && !failures_.count(account)) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      prune_locked(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
    if (failures_.size() >= options_.max_tracked) {
      drop_oldest_tenth(failures_, [](const std::deque<int64_t>& f) { return f.back(); });
    }
  }
  if (!ip.empty() && ips_.size() >= options_.max_tracked && !ips_.count(ip)) {
    // A bucket idle for a minute is full again, i.e. the same as an absent one.
    for (auto it = ips_.begin(); it != ips_.end();) {
      it = now - it->second.updated_ms >= 60'000 ? ips_.erase(it) : std::next(it);
    }
    if (ips_.size() >= options_.max_tracked) {
      drop_oldest_tenth(ips_, [](const IpBucket& b) { return b.updated_ms; });
    }
  }
}

ThrottleDecision LoginThrottle::check(const std::string& account, const std::string& ip) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.now_ms();
  ThrottleDecision d;
  auto f = failures_.find(account);
  if (f != failures_.end()) {
    prune_locked(f->second, now);
    if (static_cast<int>(f->second.size()) >= options_.max_failures) {
      int64_t unlock_ms = f->second.front() + options_.window_s * 1000;
      d.allowed = false;
      d.account_locked = true;
      d.retry_after_s = std::max<int64_t>(1, (unlock_ms - now + 999) / 1000);
      return d;
    }
  }
  evict_if_full({}, ip);
  double burst = std::max(1.0, options_.per_ip_per_min);
  double rate_per_ms = options_.per_ip_per_min / 60'000.0;
  auto [it, inserted] = ips_.try_emplace(ip, IpBucket{burst, now});
  IpBucket& b = it->second;
  b.tokens = std::min(burst, b.tokens + static_cast<double>(now - b.updated_ms) * rate_per_ms);
  b.updated_ms = now;
  if (b.tokens < 1.0) {
    d.allowed = false;
    d.retry_after_s = std::max<int64_t>(
        1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / rate_per_ms / 1000.0)));
    return d;
  }
  b.tokens -= 1.0;
  return d;
}

bool LoginThrottle::record_failure(const std::string& account) {
  std::lock_guard lock(mu_);
  evict_if_full(account, {});
  auto& f = failures_[account];
  prune_locked(f, clock_.now_ms());
  f.push_back(clock_.now_ms());
  return static_cast<int>(f.size()) == options_.max_failures;
}

void LoginThrottle::record_success(const std::string& account) {
  std::lock_guard lock(mu_);
  failures_.erase(account);
}

}  // namespace finchat::auth
