#pragma once
// Replays daily bars as ticks at a chosen speed. Each bar becomes four ticks inside its session
// (open; then low and high in the order implied by the bar's direction; close one ms before the
// close), whose sizes add up to the bar's volume, so aggregating the ticks rebuilds the bar.
#include <string>
#include <vector>

#include "market/calendar.hpp"
#include "market/feed.hpp"

namespace finchat::market {

struct ReplaySeries {
  std::string symbol;
  std::vector<Bar> bars;  // daily, oldest first
};

// All replay ticks of the series merged in time order (source "replay").
std::vector<Tick> replay_ticks(const std::vector<ReplaySeries>& series,
                               const MarketCalendar& calendar);

class ReplayFeed final : public ClockedFeed {
 public:
  // speed: market milliseconds replayed per clock millisecond (86'400'000 = a day per second).
  ReplayFeed(const std::vector<ReplaySeries>& series, const MarketCalendar& calendar,
             const Clock& clock, double speed, int64_t period_ms = 50);
  ~ReplayFeed() override { stop(); }
  std::string source() const override { return "replay"; }
  bool finished() const { return next_ >= ticks_.size(); }
  std::size_t total_ticks() const { return ticks_.size(); }

 protected:
  std::vector<Tick> produce(int64_t now_ms) override;

 private:
  std::vector<Tick> ticks_;
  double speed_;
  std::size_t next_ = 0;
  int64_t wall_start_ = -1;
};

}  // namespace finchat::market
