#pragma once
// Per-connection hygiene for vendor ticks, kept across reconnects: sequence gaps are counted
// (the tick is kept), and duplicate, out-of-order and malformed ticks are dropped with a
// reason. Sequenced ticks (Polygon `q`) are judged by sequence; unsequenced ones (Alpaca,
// Finnhub) by timestamp, with the (price, size) pairs seen at the latest millisecond
// recognising a replayed trade.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "market/types.hpp"
#include "market/vendor.hpp"

namespace finchat::market {

class TickGuard {
 public:
  // Returns the reason to drop the tick, or an empty string to accept it.
  std::string check(const Tick& t);
  void count(const std::string& reason, uint64_t n = 1) { counts_[reason] += n; }
  // accepted, duplicate, out_of_order, malformed, gaps, missing, ...
  std::map<std::string, uint64_t> counts() const;

 private:
  struct Last {
    int64_t ts_ms = -1;
    std::set<std::pair<double, double>> at_ts;
  };
  SequenceGapDetector sequences_;
  std::unordered_map<std::string, Last> last_;
  std::map<std::string, uint64_t> counts_;
};

}  // namespace finchat::market
