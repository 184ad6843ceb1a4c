#pragma once
// The in-memory market hub: validates ticks, keeps the tick store and bar series, updates each
// symbol's streaming indicators on closed bars of one interval, and notifies bar listeners.
// Thread-safe: feeds may call on_tick from their own threads.
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "market/bar_aggregator.hpp"
#include "market/indicator_set.hpp"
#include "market/tick_store.hpp"
#include "market/tick_validator.hpp"

namespace finchat::market {

struct MarketStateOptions {
  std::size_t tick_capacity = 4096;
  std::size_t max_bars = 5000;
  Interval indicator_interval = Interval::d1;
  std::vector<IndicatorRequest> indicators = default_indicator_requests();
};

class MarketState {
 public:
  using BarListener = std::function<void(const ClosedBar&)>;

  static Result<std::unique_ptr<MarketState>> create(MarketCalendar calendar,
                                                     MarketStateOptions options = {});

  TickVerdict on_tick(const Tick& t);
  // Installs closed daily history and warms the symbol's indicators with it.
  void seed_history(const std::string& symbol, Interval interval, const std::vector<Bar>& bars);
  // Merges finer-grained history (e.g. today's minute bars).
  void add_bars(const std::string& symbol, Interval interval, const std::vector<Bar>& bars);
  void flush(int64_t now_ms);
  void on_bar(BarListener listener);

  std::vector<Bar> bars(const std::string& symbol, Interval interval,
                        bool include_current = true) const;
  std::optional<Tick> last_tick(const std::string& symbol) const;
  std::vector<Tick> recent_ticks(const std::string& symbol, std::size_t n) const;
  std::map<std::string, double> indicators(const std::string& symbol) const;
  std::map<std::string, uint64_t> tick_counts() const;
  std::vector<std::string> symbols() const;
  const MarketCalendar& calendar() const { return aggregator_.calendar(); }

 private:
  MarketState(MarketCalendar calendar, MarketStateOptions options);
  void handle_closed(const std::vector<ClosedBar>& closed);  // mu_ held
  IndicatorSet& indicator_set(const std::string& symbol);    // mu_ held

  MarketStateOptions options_;
  mutable std::mutex mu_;
  TickValidator validator_;
  TickStore store_;
  BarAggregator aggregator_;
  std::unordered_map<std::string, IndicatorSet> indicators_;
  std::unordered_map<std::string, Tick> last_;
  std::vector<BarListener> listeners_;
};

}  // namespace finchat::market
