#pragma once
// Streaming indicator state for one symbol, updated with each closed bar.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/technical/registry.hpp"
#include "market/types.hpp"

namespace finchat::market {

struct IndicatorRequest {
  std::string name;          // registry name, e.g. "rsi"
  technical::Params params;  // missing params take defaults
};

// RSI(14), MACD(12,26,9), SMA(50), SMA(200), BBANDS(20,2), ADX(14), ATR(14).
std::vector<IndicatorRequest> default_indicator_requests();

class IndicatorSet {
 public:
  static Result<IndicatorSet> create(const std::vector<IndicatorRequest>& requests);
  IndicatorSet() = default;

  void update(const Bar& bar);
  // Ready values keyed "<describe>.<output>", e.g. "rsi(period=14).value".
  std::map<std::string, double> snapshot() const;
  // One reading by registry key and output; NaN when not ready or unknown.
  double value(const std::string& key, const std::string& output) const;

 private:
  struct Item {
    std::string key;
    std::unique_ptr<technical::StreamingIndicator> stream;
  };
  std::vector<std::shared_ptr<Item>> items_;
};

}  // namespace finchat::market
