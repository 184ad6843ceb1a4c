#include <chrono>
#include <filesystem>
#include <sstream>

#include "api/market_routes.hpp"
#include "app/market_alerts_chat.hpp"
#include "app/skills_kg.hpp"
#include "app/skills_market.hpp"
#include "app/wiring.hpp"
#include "core/log.hpp"
#include "market/alert_monitor.hpp"
#include "market/bar_store.hpp"
#include "market/csv_import.hpp"
#include "market/redis_feed.hpp"
#include "market/replay_feed.hpp"
#include "market/simulator_feed.hpp"
#include "market/snapshot.hpp"
#include "market/ws_feed.hpp"

namespace finchat::app {

namespace {

constexpr int kHistorySessions = 520;  // two years of daily bars for the 200-day averages
// How soon an alert created on another replica is evaluated here too.
constexpr std::chrono::milliseconds kAlertRefresh{2000};

// The live source chosen by market.feed, with the universe and history it comes with.
struct LiveFeed {
  std::shared_ptr<market::Feed> feed;
  std::vector<market::InstrumentSpec> universe;
  std::string source;
  std::optional<market::MarketCalendar> calendar;
  std::optional<market::SimulatedHistory> history;
};

std::vector<std::string> split_symbols(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  for (std::string s; std::getline(ss, s, ',');) {
    s.erase(0, s.find_first_not_of(' '));
    s.erase(s.find_last_not_of(' ') + 1);
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

Result<LiveFeed> simulated(const Context& ctx, bool redis) {
  market::SimulatorConfig sim_config;
  sim_config.seed = static_cast<uint64_t>(ctx.config.market.seed);
  sim_config.trade_outside_hours = true;  // the demo is live at any hour; it is labelled simulated
  auto sim = market::MarketSimulator::create(sim_config);
  if (!sim) return sim.error();
  LiveFeed live;
  live.calendar = sim->calendar();
  auto feed = std::make_shared<market::SimulatorFeed>(
      std::move(sim.value()), SystemClock::instance(), 1000.0 / ctx.config.market.tick_interval_ms);
  live.history = feed->history(SystemClock::instance().now_ms(), kHistorySessions);
  live.universe = feed->simulator().universe();
  live.source = market::kSimulatedSource;
  if (!redis) {
    live.feed = feed;
    return live;
  }
  // The publisher (`finchat market publish`) runs the same simulator; replicas only read.
  market::RedisFeedOptions options;
  options.url = ctx.config.redis.url;
  options.stream = ctx.config.market.redis_stream;
  live.feed = std::make_shared<market::RedisFeed>(options);
  return live;
}

Result<LiveFeed> vendor(const Context& ctx) {
  const auto& m = ctx.config.market;
  auto symbols = split_symbols(m.symbols);
  if (symbols.empty())
    return Error::invalid("market.feed=" + m.feed + " needs market.symbols", "market.symbols");
  auto options = market::vendor_feed_options(m.feed, m.vendor_url, m.vendor_key_env,
                                             m.vendor_secret_env, symbols);
  if (!options) return options.error();
  auto feed = market::make_vendor_feed(*options);
  if (!feed) return feed.error();
  LiveFeed live;
  live.feed = *feed;
  live.source = m.feed;
  auto cal = market::MarketCalendar::create({});
  if (!cal) return cal.error();
  live.calendar = *cal;
  for (const auto& s : symbols) live.universe.push_back({s, s, "Listed", {}});
  return live;
}

// Daily OHLCV files (market.replay_file, comma-separated; the symbol is the file name)
// replayed as ticks at market.replay_speed.
Result<LiveFeed> replay(const Context& ctx) {
  const auto& m = ctx.config.market;
  std::vector<std::string> files;
  std::stringstream ss(m.replay_file);
  for (std::string f; std::getline(ss, f, ',');) {
    if (!f.empty()) files.push_back(f);
  }
  if (files.empty())
    return Error::invalid("market.feed=replay needs market.replay_file", "market.replay_file");
  auto cal = market::MarketCalendar::create({});
  if (!cal) return cal.error();
  std::vector<market::ReplaySeries> series;
  LiveFeed live;
  for (const auto& file : files) {
    auto bars = market::load_ohlcv_csv(file, *cal);
    if (!bars) return bars.error();
    std::string symbol = std::filesystem::path(file).stem().string();
    for (char& c : symbol) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    series.push_back({symbol, std::move(bars.value())});
    live.universe.push_back({symbol, symbol, "Replayed", {}});
  }
  live.feed =
      std::make_shared<market::ReplayFeed>(series, *cal, SystemClock::instance(), m.replay_speed);
  live.source = "replay";
  live.calendar = *cal;
  return live;
}

// Imported daily history (`finchat ingest prices`) replaces a symbol's daily bars.
void load_imported(const Context& ctx, market::MarketState& state, api::MarketService& service) {
  if (!ctx.db) return;
  market::DailyBarStore store(ctx.db);
  auto symbols = store.symbols();
  if (!symbols) {
    log::get("app")->warn("market: imported bars unavailable: {}", symbols.error().message);
    return;
  }
  for (const auto& sym : *symbols) {
    auto bars = store.load(sym, state.calendar());
    if (!bars || bars->empty()) continue;
    state.seed_history(sym, market::Interval::d1, *bars);
    service.add_instrument({sym, sym, "Imported", {}});
    service.set_symbol_source(sym, "imported");
  }
  if (!symbols->empty())
    log::get("app")->info("market: imported history for {} symbols", symbols->size());
}

}  // namespace

Status wire_market(const Context& ctx, http::Router& router, Services& services, SkillMap& skills) {
  const std::string& mode = ctx.config.market.feed;
  if (mode == "none") return {};
  const bool is_vendor = mode == "alpaca" || mode == "polygon" || mode == "finnhub";
  auto live = is_vendor          ? vendor(ctx)
              : mode == "replay" ? replay(ctx)
                                 : simulated(ctx, mode == "redis");
  if (!live) return live.error();
  auto state_made = market::MarketState::create(*live->calendar);
  if (!state_made) return state_made.error();
  std::shared_ptr<market::MarketState> state(std::move(state_made.value()));
  if (live->history) market::load_history(*state, *live->history);
  auto service = std::make_shared<api::MarketService>(state, live->universe, live->source);
  load_imported(ctx, *state, *service);
  if (ctx.db) {
    auto monitor =
        std::make_shared<market::AlertMonitor>(std::make_shared<market::AlertStore>(ctx.db), state);
    if (auto st = monitor->start(); !st) return st;
    service->set_alerts(monitor);
    // Besides the live stream, a triggered alert waits in the owner's conversation.
    monitor->set_notifier([service, conversations = services.conversations](
                              const std::string& user, const nlohmann::json& alert) {
      service->publish_alert(user, alert);
      if (!conversations) return;
      const bool simulated =
          service->source_of(alert.value("symbol", "")) == market::kSimulatedSource;
      auto st = deliver_alert_to_conversation(*conversations, user, alert,
                                              simulated ? chat::kSimulatedNotice : "");
      if (!st)
        log::get("market")->warn("alert not added to a conversation: {}", st.error().message);
    });
    // Another replica fired an alert this one watched: its SSE clients hear of it too.
    monitor->set_peer_notifier([service](const std::string& user, const nlohmann::json& alert) {
      service->publish_alert(user, alert);
    });
    // Alerts created or deleted on other replicas (shared database) are picked up here.
    monitor->start_refresh(kAlertRefresh);
    services.on_stop.push_back([monitor] { monitor->stop_refresh(); });
    services.owned.push_back(monitor);
  }
  auto feed = live->feed;
  feed->subscribe([state, service](const market::Tick& t) {
    state->on_tick(t);
    service->publish_tick(t);
  });
  if (auto st = feed->start(); !st) return st;
  api::register_market_routes(router, service);
  services.market = service;
  services.entity_finder =
      market_and_kg_finder(service, std::make_shared<SymbolFinder>(service), services);
  skills["market_quote"] = std::make_shared<MarketQuoteSkill>(service);
  skills["market_analysis"] = std::make_shared<MarketAnalysisSkill>(service);
  skills["market_trends"] = std::make_shared<MarketTrendSkill>(service);
  for (auto& rule : market_route_rules()) services.route_rules.push_back(std::move(rule));
  services.on_stop.push_back([feed] { feed->stop(); });
  services.owned.push_back(feed);
  services.owned.push_back(service);
  log::get("app")->info("market: {} feed with {} symbols", mode, service->universe().size());
  return {};
}

}  // namespace finchat::app
