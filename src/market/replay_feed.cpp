#include "market/replay_feed.hpp"

#include <algorithm>
#include <cmath>

namespace finchat::market {

std::vector<Tick> replay_ticks(const std::vector<ReplaySeries>& series,
                               const MarketCalendar& calendar) {
  std::vector<Tick> out;
  for (const auto& s : series) {
    uint64_t seq = 0;
    for (const Bar& b : s.bars) {
      const int64_t open = calendar.session_open_ms(b.session);
      const int64_t close = calendar.session_close_ms(b.session);
      const int64_t third = (close - open) / 3;
      const bool up = b.close >= b.open;
      const double first = up ? b.low : b.high;
      const double second = up ? b.high : b.low;
      const double quarter = std::floor(b.volume / 4.0);
      const double sizes[4] = {quarter, quarter, quarter, b.volume - 3 * quarter};
      const double prices[4] = {b.open, first, second, b.close};
      const int64_t times[4] = {open, open + third, open + 2 * third, close - 1};
      for (int k = 0; k < 4; ++k) {
        out.push_back(Tick{s.symbol, prices[k], sizes[k], times[k], ++seq, "replay"});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Tick& a, const Tick& b) { return a.ts_ms < b.ts_ms; });
  return out;
}

ReplayFeed::ReplayFeed(const std::vector<ReplaySeries>& series, const MarketCalendar& calendar,
                       const Clock& clock, double speed, int64_t period_ms)
    : ClockedFeed(clock, period_ms), ticks_(replay_ticks(series, calendar)), speed_(speed) {}

std::vector<Tick> ReplayFeed::produce(int64_t now_ms) {
  std::vector<Tick> out;
  if (finished()) return out;
  if (wall_start_ < 0) wall_start_ = now_ms;
  // Market time advances `speed` times faster than the clock, from the first tick.
  const double market_now = static_cast<double>(ticks_.front().ts_ms) +
                            static_cast<double>(now_ms - wall_start_) * speed_;
  while (next_ < ticks_.size() && static_cast<double>(ticks_[next_].ts_ms) <= market_now) {
    out.push_back(ticks_[next_++]);
  }
  return out;
}

}  // namespace finchat::market
