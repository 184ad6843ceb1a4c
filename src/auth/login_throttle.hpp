#pragma once
// Brute-force protection for the password grant: an account locks for the rest of a 15-minute
// window after 5 failures, and each IP gets `per_ip_per_min` attempts per minute (token bucket).
// In-process and bounded; a successful login clears the account's failures.
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace finchat::auth {

struct ThrottleOptions {
  int max_failures = 5;
  int64_t window_s = 15 * 60;
  double per_ip_per_min = 10;
  size_t max_tracked = 100'000;
};

struct ThrottleDecision {
  bool allowed = true;
  int64_t retry_after_s = 0;
  bool account_locked = false;  // false: the IP is over its limit
};

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottleOptions options) : clock_(clock), options_(options) {}

  // Call before checking the password; consumes one attempt of the IP's budget.
  ThrottleDecision check(const std::string& account, const std::string& ip);
  // Records a failure; returns true when this failure locked the account.
  bool record_failure(const std::string& account);
  void record_success(const std::string& account);

 private:
  void prune_locked(std::deque<int64_t>& failures, int64_t now_ms) const;
  void evict_if_full(const std::string& account, const std::string& ip);

  struct IpBucket {
    double tokens = 0;
    int64_t updated_ms = 0;
  };
  const Clock& clock_;
  ThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;
  std::unordered_map<std::string, IpBucket> ips_;
};

}  // namespace finchat::auth
