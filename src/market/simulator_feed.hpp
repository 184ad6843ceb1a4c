#pragma once
// The default live feed: a MarketSimulator stepped on a clock, `ticks_per_second` updates per
// symbol per second of clock time.
#include <memory>
#include <mutex>

#include "market/feed.hpp"
#include "market/simulator.hpp"

namespace finchat::market {

class SimulatorFeed final : public ClockedFeed {
 public:
  SimulatorFeed(MarketSimulator simulator, const Clock& clock, double ticks_per_second = 2.0);
  ~SimulatorFeed() override { stop(); }
  std::string source() const override { return kSimulatedSource; }

  // Generates history and positions the live state at now_ms (call before start()).
  SimulatedHistory history(int64_t now_ms, int sessions);
  const MarketSimulator& simulator() const { return sim_; }

 protected:
  std::vector<Tick> produce(int64_t now_ms) override;

 private:
  std::mutex mu_;
  MarketSimulator sim_;
};

}  // namespace finchat::market
