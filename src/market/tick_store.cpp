#include "market/tick_store.hpp"

#include <algorithm>

namespace finchat::market {

void TickStore::add(const Tick& t) {
  std::lock_guard lock(mu_);
  Ring& r = rings_[t.symbol];
  if (r.buf.size() < capacity_) {
    r.buf.push_back(t);
  } else {
    r.buf[r.head] = t;
    r.head = (r.head + 1) % capacity_;
  }
}

std::vector<Tick> TickStore::recent(const std::string& symbol, std::size_t n) const {
  std::lock_guard lock(mu_);
  auto it = rings_.find(symbol);
  if (it == rings_.end()) return {};
  const Ring& r = it->second;
  const std::size_t size = r.buf.size();
  n = std::min(n, size);
  std::vector<Tick> out;
  out.reserve(n);
  // Oldest element sits at head when full, at 0 otherwise.
  const std::size_t oldest = size < capacity_ ? 0 : r.head;
  for (std::size_t i = size - n; i < size; ++i) out.push_back(r.buf[(oldest + i) % size]);
  return out;
}

std::size_t TickStore::size(const std::string& symbol) const {
  std::lock_guard lock(mu_);
  auto it = rings_.find(symbol);
  return it == rings_.end() ? 0 : it->second.buf.size();
}

std::vector<std::string> TickStore::symbols() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [s, r] : rings_) out.push_back(s);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace finchat::market
