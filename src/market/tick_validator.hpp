#pragma once
// Admission control for ticks: malformed, duplicate and out-of-order ticks are dropped and
// counted by reason, so bad input can never corrupt bars.
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "market/types.hpp"

namespace finchat::market {

enum class TickVerdict { accepted, malformed, duplicate, out_of_order };
const char* to_string(TickVerdict v);

class TickValidator {
 public:
  // `max_future_ms`: ticks stamped further ahead of the newest accepted one than this are
  // treated as malformed clocks (0 disables the check).
  explicit TickValidator(int64_t max_future_ms = 0) : max_future_ms_(max_future_ms) {}

  TickVerdict check(const Tick& t);
  uint64_t count(TickVerdict v) const;
  std::map<std::string, uint64_t> counts() const;  // by reason name, including "accepted"
  void reset();

 private:
  struct Last {
    int64_t ts_ms = 0;
    uint64_t sequence = 0;
    double price = 0, size = 0;
  };
  static bool malformed(const Tick& t);

  int64_t max_future_ms_;
  std::unordered_map<std::string, Last> last_;
  uint64_t counts_[4] = {0, 0, 0, 0};
};

}  // namespace finchat::market
