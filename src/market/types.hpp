#pragma once
// Core market data types: ticks, OHLCV bars and bar intervals.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace finchat::market {

struct Tick {
  std::string symbol;
  double price = 0;
  double size = 0;
  int64_t ts_ms = 0;      // exchange timestamp, Unix ms
  uint64_t sequence = 0;  // per-symbol sequence from the source; 0 = unsequenced
  std::string source;     // "simulated", "replay", "alpaca", "polygon", "finnhub"
};

struct Bar {
  int64_t start_ms = 0;  // bucket start (for 1d: the session date's local midnight)
  int64_t session = 0;   // exchange-local session date as days since 1970-01-01
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
  uint32_t trades = 0;
};

enum class Interval { s1, m1, m5, h1, d1 };
inline constexpr Interval kAllIntervals[] = {Interval::s1, Interval::m1, Interval::m5, Interval::h1,
                                             Interval::d1};

inline int64_t interval_ms(Interval i) {
  switch (i) {
    case Interval::s1: return 1000;
    case Interval::m1: return 60'000;
    case Interval::m5: return 300'000;
    case Interval::h1: return 3'600'000;
    case Interval::d1: return 86'400'000;
  }
  return 0;
}

inline const char* to_string(Interval i) {
  switch (i) {
    case Interval::s1: return "1s";
    case Interval::m1: return "1m";
    case Interval::m5: return "5m";
    case Interval::h1: return "1h";
    case Interval::d1: return "1d";
  }
  return "?";
}

inline std::optional<Interval> parse_interval(std::string_view s) {
  for (Interval i : kAllIntervals) {
    if (s == to_string(i)) return i;
  }
  return std::nullopt;
}

inline constexpr const char* kSimulatedSource = "simulated";

}  // namespace finchat::market
