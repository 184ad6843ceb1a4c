#pragma once
// Incremental OHLCV aggregation at 1s, 1m, 5m, 1h and 1d. Intraday buckets are aligned to UTC
// multiples of the interval; daily buckets follow the exchange-local session date. A bar closes
// when data for a later bucket arrives or flush() passes its end.
#include <array>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "market/calendar.hpp"
#include "market/types.hpp"

namespace finchat::market {

struct ClosedBar {
  std::string symbol;
  Interval interval;
  Bar bar;
};

class BarAggregator {
 public:
  explicit BarAggregator(MarketCalendar calendar = {}, std::size_t max_bars_per_series = 5000)
      : calendar_(std::move(calendar)), max_bars_(max_bars_per_series ? max_bars_per_series : 1) {}

  // A validated tick; returns the bars it closed (finest interval first).
  std::vector<ClosedBar> on_tick(const Tick& t);
  // Merges a bar of interval `from` into `from` and every coarser interval.
  std::vector<ClosedBar> add_bar(const std::string& symbol, Interval from, const Bar& bar);
  // Replaces the closed history of one series (e.g. daily history at start-up).
  void seed(const std::string& symbol, Interval interval, std::vector<Bar> bars);
  // Closes every open bar whose bucket ended at or before now_ms.
  std::vector<ClosedBar> flush(int64_t now_ms);

  std::vector<Bar> bars(const std::string& symbol, Interval interval,
                        bool include_current = true) const;
  std::optional<Bar> current(const std::string& symbol, Interval interval) const;
  uint64_t stale_updates() const { return stale_; }
  const MarketCalendar& calendar() const { return calendar_; }

 private:
  struct SeriesState {
    std::deque<Bar> closed;
    std::optional<Bar> current;
  };
  using SymbolSeries = std::array<SeriesState, 5>;

  int64_t bucket_start(Interval i, int64_t ts_ms) const;
  int64_t bucket_end(Interval i, const Bar& b) const;
  void merge(const std::string& symbol, Interval i, SeriesState& s, const Bar& piece,
             std::vector<ClosedBar>& closed);
  void push_closed(SeriesState& s, const Bar& b);

  MarketCalendar calendar_;
  std::size_t max_bars_;
  std::unordered_map<std::string, SymbolSeries> series_;
  uint64_t stale_ = 0;
};

}  // namespace finchat::market
