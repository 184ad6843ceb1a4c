#include "market/tick_guard.hpp"

#include <cmath>

namespace finchat::market {

std::string TickGuard::check(const Tick& t) {
  std::string reason;
  if (t.symbol.empty() || !std::isfinite(t.price) || t.price <= 0 || !std::isfinite(t.size) ||
      t.size < 0 || t.ts_ms <= 0) {
    reason = "malformed";
  } else if (t.sequence != 0) {
    if (auto gap = sequences_.observe(t.symbol, t.sequence)) {
      if (gap->regression) {
        reason = gap->received + 1 == gap->expected ? "duplicate" : "out_of_order";
      } else {
        counts_["gaps"] += 1;
        counts_["missing"] += gap->missing();
      }
    }
  } else {
    Last& last = last_[t.symbol];
    if (t.ts_ms < last.ts_ms) {
      reason = "out_of_order";
    } else if (t.ts_ms == last.ts_ms && !last.at_ts.insert({t.price, t.size}).second) {
      reason = "duplicate";
    } else if (t.ts_ms > last.ts_ms) {
      last.ts_ms = t.ts_ms;
      last.at_ts = {{t.price, t.size}};
    }
  }
  counts_[reason.empty() ? "accepted" : reason] += 1;
  return reason;
}

std::map<std::string, uint64_t> TickGuard::counts() const {
  auto out = counts_;
  for (const char* k : {"accepted", "duplicate", "out_of_order", "malformed", "gaps", "missing"}) {
    out.emplace(k, 0);
  }
  return out;
}

}  // namespace finchat::market
