#pragma once
// Per-symbol bounded ring buffers of recent ticks (thread-safe).
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "market/types.hpp"

namespace finchat::market {

class TickStore {
 public:
  explicit TickStore(std::size_t capacity_per_symbol = 4096)
      : capacity_(capacity_per_symbol ? capacity_per_symbol : 1) {}

  void add(const Tick& t);
  // The newest `n` ticks, oldest first.
  std::vector<Tick> recent(const std::string& symbol, std::size_t n) const;
  std::size_t size(const std::string& symbol) const;
  std::vector<std::string> symbols() const;

 private:
  struct Ring {
    std::vector<Tick> buf;
    std::size_t head = 0;  // next write position once full
  };
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Ring> rings_;
};

}  // namespace finchat::market
