#pragma once
// Transport-free parsers for vendor WebSocket frames (Alpaca v2 stocks, Polygon stocks,
// Finnhub trades), message builders for auth/subscribe, and sequence-gap detection.
// Sequences: Polygon's per-symbol `q` becomes Tick::sequence (shared by trades and quotes);
// Alpaca trade ids and Finnhub trades carry no usable per-symbol sequence, so they are 0.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "market/types.hpp"

namespace finchat::market {

enum class Vendor { alpaca, polygon, finnhub };
const char* to_string(Vendor v);
std::optional<Vendor> parse_vendor(std::string_view name);

struct Quote {
  std::string symbol;
  double bid = 0, bid_size = 0, ask = 0, ask_size = 0;
  int64_t ts_ms = 0;
  uint64_t sequence = 0;
  std::string source;
};

struct VendorBar {
  std::string symbol;
  Bar bar;  // start_ms = bar start; session left 0 (the caller's calendar decides)
  std::string source;
};

struct ControlMessage {
  // "connected", "authenticated", "auth_failed", "subscribed", "error", "ping", "status"
  std::string kind;
  std::string message;
  int code = 0;
};

struct ParsedFrame {
  std::vector<Tick> trades;
  std::vector<Quote> quotes;
  std::vector<VendorBar> bars;
  std::vector<ControlMessage> control;
  std::vector<std::string> skipped;  // items that were ignored, with the reason
};

// Err only when the frame is not JSON or not the vendor's envelope; bad items are skipped.
Result<ParsedFrame> parse_frame(Vendor vendor, std::string_view text);

// RFC 3339 (e.g. 2026-01-05T14:30:00.123456789Z or ...+02:00) to Unix milliseconds.
Result<int64_t> parse_rfc3339_ms(std::string_view text);

std::string alpaca_auth_message(const std::string& key_id, const std::string& secret);
std::string alpaca_subscribe_message(const std::vector<std::string>& trades,
                                     const std::vector<std::string>& quotes,
                                     const std::vector<std::string>& bars);
std::string polygon_auth_message(const std::string& api_key);
// channels such as "T.AAPL", "Q.AAPL", "AM.AAPL"
std::string polygon_subscribe_message(const std::vector<std::string>& channels);
std::string finnhub_subscribe_message(const std::string& symbol);
std::string finnhub_unsubscribe_message(const std::string& symbol);

struct SequenceGap {
  std::string key;
  uint64_t expected = 0;  // last + 1
  uint64_t received = 0;
  bool regression = false;  // received <= last (replay or reorder), not a gap
  uint64_t missing() const { return regression ? 0 : received - expected; }
};

// Tracks the last sequence per key (symbol) and reports jumps and regressions.
class SequenceGapDetector {
 public:
  std::optional<SequenceGap> observe(const std::string& key, uint64_t sequence);
  uint64_t gap_count() const { return gaps_; }
  uint64_t missing_total() const { return missing_; }
  uint64_t regressions() const { return regressions_; }

 private:
  std::unordered_map<std::string, uint64_t> last_;
  uint64_t gaps_ = 0, missing_ = 0, regressions_ = 0;
};

}  // namespace finchat::market
