#include "market/simulator_feed.hpp"

#include <algorithm>
#include <cmath>

namespace finchat::market {

namespace {
int64_t period_from_rate(double ticks_per_second) {
  if (!(ticks_per_second > 0)) return 0;  // start() then reports the bad period
  return std::max<int64_t>(1, static_cast<int64_t>(std::llround(1000.0 / ticks_per_second)));
}
}  // namespace

SimulatorFeed::SimulatorFeed(MarketSimulator simulator, const Clock& clock, double ticks_per_second)
    : ClockedFeed(clock, period_from_rate(ticks_per_second)), sim_(std::move(simulator)) {}

SimulatedHistory SimulatorFeed::history(int64_t now_ms, int sessions) {
  std::lock_guard lock(mu_);
  return sim_.generate_history(now_ms, sessions);
}

std::vector<Tick> SimulatorFeed::produce(int64_t now_ms) {
  std::lock_guard lock(mu_);
  return sim_.advance_to(now_ms);
}

}  // namespace finchat::market
