#include "market/simulator.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <condition_variable>
#include <mutex>

#include "core/clock.hpp"
#include "market/simulator_feed.hpp"

namespace finchat::market {
namespace {

// Monday 2026-01-05 16:00 UTC = 11:00 New York, market open.
constexpr int64_t kMidSession = 1767628800000;

MarketSimulator make(uint64_t seed = 7) {
  SimulatorConfig c;
  c.seed = seed;
  auto sim = MarketSimulator::create(c);
  EXPECT_TRUE(sim.ok());
  return std::move(*sim);
}

std::vector<double> log_returns(const std::vector<Bar>& bars) {
  std::vector<double> r;
  for (std::size_t i = 1; i < bars.size(); ++i)
    r.push_back(std::log(bars[i].close / bars[i - 1].close));
  return r;
}

double stdev(const std::vector<double>& x) {
  double m = 0;
  for (double v : x) m += v;
  m /= x.size();
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return std::sqrt(s / (x.size() - 1));
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.size();
  mb /= b.size();
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

TEST(Simulator, DefaultUniverseIsFictionalAndLabelledSimulated) {
  auto sim = make();
  EXPECT_GE(sim.universe().size(), 30u);
  int indexes = 0;
  for (const auto& s : sim.universe()) indexes += s.is_index;
  EXPECT_GE(indexes, 2);
  ASSERT_NE(sim.find("NOVA"), nullptr);
  EXPECT_EQ(sim.find("NWBK")->name, "Northwind Bank");
  sim.generate_history(kMidSession, 5);
  auto ticks = sim.advance_to(kMidSession + 1000);
  ASSERT_EQ(ticks.size(), sim.universe().size());
  for (const auto& t : ticks) EXPECT_EQ(t.source, "simulated");
}

TEST(Simulator, SameSeedSameHistoryDifferentSeedDifferent) {
  auto a = make(1).generate_history(kMidSession, 50);
  auto b = make(1).generate_history(kMidSession, 50);
  auto c = make(2).generate_history(kMidSession, 50);
  EXPECT_EQ(a.daily["NOVA"].back().close, b.daily["NOVA"].back().close);
  EXPECT_EQ(a.intraday["HALO"].back().close, b.intraday["HALO"].back().close);
  EXPECT_NE(a.daily["NOVA"].back().close, c.daily["NOVA"].back().close);
}

TEST(Simulator, HistoryHasRequestedSessionsAndTodaysMinutes) {
  auto sim = make();
  auto h = sim.generate_history(kMidSession, 504);
  ASSERT_EQ(h.daily["NOVA"].size(), 504u);
  const auto& d = h.daily["NOVA"];
  EXPECT_EQ(format_date(d.back().session), "2026-01-02");  // the previous trading day
  for (const Bar& b : d) {
    EXPECT_TRUE(sim.calendar().is_trading_day(b.session));
    EXPECT_GE(b.high, std::max(b.open, b.close));
    EXPECT_LE(b.low, std::min(b.open, b.close));
    EXPECT_GT(b.volume, 0);
  }
  // 14:30 -> 16:00 UTC is 90 complete minutes.
  EXPECT_EQ(h.intraday["NOVA"].size(), 90u);
  EXPECT_EQ(format_date(h.intraday["NOVA"].front().session), "2026-01-05");
}

TEST(Simulator, AnnualisedVolatilityMatchesConfiguration) {
  auto sim = make(11);
  auto h = sim.generate_history(kMidSession, 1260);
  // The common stochastic-volatility path moves every symbol's realised vol together, so each
  // symbol gets a +-20% band and the universe average a tighter one.
  double ratio_sum = 0;
  for (const auto& spec : sim.universe()) {
    const double vol = stdev(log_returns(h.daily[spec.symbol])) * std::sqrt(252.0);
    EXPECT_GT(vol, spec.annual_vol * 0.8) << spec.symbol;
    EXPECT_LT(vol, spec.annual_vol * 1.2) << spec.symbol;
    ratio_sum += vol / spec.annual_vol;
  }
  EXPECT_NEAR(ratio_sum / sim.universe().size(), 1.0, 0.08);
}

TEST(Simulator, CrossCorrelationMatchesFactorModel) {
  auto sim = make(12);
  auto h = sim.generate_history(kMidSession, 1260);
  const auto& u = sim.universe();
  double worst = 0;
  int pairs = 0;
  for (std::size_t i = 0; i < u.size(); i += 3) {
    for (std::size_t j = i + 1; j < u.size(); j += 2) {
      const double sample =
          correlation(log_returns(h.daily[u[i].symbol]), log_returns(h.daily[u[j].symbol]));
      const double implied = sim.implied_correlation(i, j);
      worst = std::max(worst, std::fabs(sample - implied));
      EXPECT_NEAR(sample, implied, 0.1) << u[i].symbol << "/" << u[j].symbol;
      ++pairs;
    }
  }
  EXPECT_GT(pairs, 50);
  // Same-sector names must be more correlated than the model's cross-sector pairs.
  const auto nova = 0u, qbit = 1u, hydr = 25u;
  EXPECT_GT(sim.implied_correlation(nova, qbit), sim.implied_correlation(nova, hydr));
}

TEST(Simulator, VolumeIsUShapedAndAveragesOne) {
  auto sim = make();
  EXPECT_GT(sim.volume_intensity(0.0), 2 * sim.volume_intensity(0.5));
  EXPECT_NEAR(sim.volume_intensity(1.0), sim.volume_intensity(0.0), 1e-12);
  double mean = 0;
  for (int i = 0; i < 1000; ++i) mean += sim.volume_intensity((i + 0.5) / 1000);
  EXPECT_NEAR(mean / 1000, 1.0, 1e-3);
}

TEST(Simulator, NoTicksWhileTheMarketIsClosed) {
  auto sim = make();
  sim.generate_history(kMidSession, 5);
  EXPECT_FALSE(sim.advance_to(kMidSession + 8 * 3600000LL).size());  // 19:00 New York
  // Next morning's first tick includes an overnight gap but keeps increasing sequences.
  auto t = sim.advance_to(kMidSession + 23 * 3600000LL);  // Tuesday 10:00 New York
  ASSERT_FALSE(t.empty());
  EXPECT_GT(t[0].sequence, 0u);
}

TEST(Simulator, BadConfigurationNamesTheField) {
  SimulatorConfig c;
  c.universe = default_universe();
  c.universe[2].annual_vol = 0.05;  // below what its factor loadings already imply
  auto r = MarketSimulator::create(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "universe[2].annual_vol");
  c.universe = default_universe();
  c.universe[3].symbol = c.universe[0].symbol;
  EXPECT_EQ(MarketSimulator::create(c).error().field, "universe[3].symbol");
  SimulatorConfig v;
  v.overnight_variance_share = 1.5;
  EXPECT_EQ(MarketSimulator::create(v).error().field, "overnight_variance_share");
}

TEST(SimulatorFeed, PumpEmitsToSubscribersOnTheClock) {
  ManualClock clock(kMidSession);
  SimulatorFeed feed(make(), clock, 4.0);
  feed.history(kMidSession, 30);
  std::vector<Tick> got;
  feed.subscribe([&](const Tick& t) { got.push_back(t); });
  clock.advance(std::chrono::milliseconds(250));
  EXPECT_EQ(feed.pump(clock.now_ms()), feed.simulator().universe().size());
  EXPECT_EQ(got.size(), feed.simulator().universe().size());
  EXPECT_EQ(got[0].ts_ms, kMidSession + 250);
  EXPECT_EQ(feed.pump(clock.now_ms()), 0u);  // no time passed
}

}  // namespace
}  // namespace finchat::market

namespace finchat::market {
namespace {

TEST(SimulatorFeed, RunsOnItsOwnThreadUntilStopped) {
  SimulatorConfig c;
  c.trade_outside_hours = true;  // the wall clock may be outside market hours
  auto sim = MarketSimulator::create(c);
  ASSERT_TRUE(sim.ok());
  const Clock& clock = SystemClock::instance();
  SimulatorFeed feed(std::move(*sim), clock, 200.0);
  feed.history(clock.now_ms(), 5);
  std::mutex mu;
  std::condition_variable cv;
  std::size_t count = 0;
  feed.subscribe([&](const Tick& t) {
    EXPECT_EQ(t.source, "simulated");
    std::lock_guard lock(mu);
    ++count;
    cv.notify_all();
  });
  ASSERT_TRUE(feed.start().ok());
  EXPECT_FALSE(feed.start().ok());  // already running
  {
    std::unique_lock lock(mu);
    // Generous bound: this only guards against a hang, it does not measure speed.
    cv.wait_for(lock, std::chrono::seconds(20), [&] { return count > 0; });
  }
  feed.stop();
  EXPECT_FALSE(feed.running());
  std::lock_guard lock(mu);
  EXPECT_GT(count, 0u);
}

}  // namespace
}  // namespace finchat::market
