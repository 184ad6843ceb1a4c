#include "api/market_routes.hpp"
#include "app/skills_market.hpp"
#include "app/wiring.hpp"
#include "core/log.hpp"
#include "market/simulator_feed.hpp"
#include "market/snapshot.hpp"

namespace finchat::app {

namespace {
constexpr int kHistorySessions = 520;  // two years of daily bars for the 200-day averages
}

Status wire_market(const Context& ctx, http::Router& router, Services& services, SkillMap& skills) {
  if (ctx.config.market.feed == "none") return {};
  market::SimulatorConfig sim_config;
  sim_config.seed = static_cast<uint64_t>(ctx.config.market.seed);
  sim_config.trade_outside_hours = true;  // the demo is live at any hour; it is labelled simulated
  auto sim = market::MarketSimulator::create(sim_config);
  if (!sim) return sim.error();
  auto calendar = sim->calendar();
  auto feed = std::make_shared<market::SimulatorFeed>(std::move(sim.value()), SystemClock::instance(),
                                                      1000.0 / ctx.config.market.tick_interval_ms);
  auto state_made = market::MarketState::create(calendar);
  if (!state_made) return state_made.error();
  std::shared_ptr<market::MarketState> state(std::move(state_made.value()));
  auto history = feed->history(SystemClock::instance().now_ms(), kHistorySessions);
  market::load_history(*state, history);
  auto service = std::make_shared<api::MarketService>(state, feed->simulator().universe(),
                                                      market::kSimulatedSource);
  feed->subscribe([state, service](const market::Tick& t) {
    state->on_tick(t);
    service->publish_tick(t);
  });
  if (auto st = feed->start(); !st) return st;
  api::register_market_routes(router, service);
  services.market = service;
  services.entity_finder = std::make_shared<SymbolFinder>(service);
  skills["market_quote"] = std::make_shared<MarketQuoteSkill>(service);
  skills["market_analysis"] = std::make_shared<MarketAnalysisSkill>(service);
  skills["market_trends"] = std::make_shared<MarketTrendSkill>(service);
  services.on_stop.push_back([feed] { feed->stop(); });
  services.owned.push_back(feed);
  services.owned.push_back(service);
  log::get("app")->info("market: simulated feed with {} symbols", service->universe().size());
  return {};
}

}  // namespace finchat::app
