#include "market/tick_validator.hpp"

#include <cmath>

namespace finchat::market {

const char* to_string(TickVerdict v) {
  switch (v) {
    case TickVerdict::accepted: return "accepted";
    case TickVerdict::malformed: return "malformed";
    case TickVerdict::duplicate: return "duplicate";
    case TickVerdict::out_of_order: return "out_of_order";
  }
  return "?";
}

bool TickValidator::malformed(const Tick& t) {
  if (t.symbol.empty() || t.symbol.size() > 32) return true;
  if (!std::isfinite(t.price) || t.price <= 0) return true;
  if (!std::isfinite(t.size) || t.size < 0) return true;
  return t.ts_ms <= 0;
}

TickVerdict TickValidator::check(const Tick& t) {
  TickVerdict verdict = TickVerdict::accepted;
  auto it = last_.find(t.symbol);
  if (malformed(t)) {
    verdict = TickVerdict::malformed;
  } else if (it != last_.end()) {
    const Last& last = it->second;
    if (max_future_ms_ > 0 && t.ts_ms > last.ts_ms + max_future_ms_) {
      verdict = TickVerdict::malformed;
    } else if (t.sequence != 0 && last.sequence != 0) {
      // Sequenced sources: the sequence decides; equal means a resend.
      if (t.sequence == last.sequence)
        verdict = TickVerdict::duplicate;
      else if (t.sequence < last.sequence || t.ts_ms < last.ts_ms)
        verdict = TickVerdict::out_of_order;
    } else if (t.ts_ms < last.ts_ms) {
      verdict = TickVerdict::out_of_order;
    } else if (t.ts_ms == last.ts_ms && t.price == last.price && t.size == last.size &&
               t.sequence == last.sequence) {
      verdict = TickVerdict::duplicate;
    }
  }
  ++counts_[static_cast<int>(verdict)];
  if (verdict == TickVerdict::accepted) last_[t.symbol] = {t.ts_ms, t.sequence, t.price, t.size};
  return verdict;
}

uint64_t TickValidator::count(TickVerdict v) const { return counts_[static_cast<int>(v)]; }

std::map<std::string, uint64_t> TickValidator::counts() const {
  std::map<std::string, uint64_t> out;
  for (TickVerdict v : {TickVerdict::accepted, TickVerdict::malformed, TickVerdict::duplicate,
                        TickVerdict::out_of_order}) {
    out[to_string(v)] = count(v);
  }
  return out;
}

void TickValidator::reset() {
  last_.clear();
  for (auto& c : counts_) c = 0;
}

}  // namespace finchat::market
