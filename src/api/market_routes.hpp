#pragma once
// /v1/market: symbols, quotes, bars, indicators, analysis, trends and the live SSE stream.
// Every answer carries its data source, and simulated data says so.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "http/router.hpp"
#include "http/sse.hpp"
#include "market/alert_monitor.hpp"
#include "market/facts.hpp"
#include "market/market_state.hpp"
#include "market/simulator.hpp"

namespace finchat::api {

// The live market as the API and chat see it.
class MarketService {
 public:
  MarketService(std::shared_ptr<market::MarketState> state,
                std::vector<market::InstrumentSpec> universe, std::string source,
                const Clock& clock = SystemClock::instance());

  const std::vector<market::InstrumentSpec>& universe() const { return universe_; }
  const market::InstrumentSpec* find(const std::string& symbol) const;
  market::SymbolSnapshot snapshot(const std::string& symbol) const;
  std::vector<market::SymbolSnapshot> snapshots() const;
  const std::string& source() const { return source_; }
  bool simulated() const { return source_ == market::kSimulatedSource; }
  market::MarketState& state() { return *state_; }
  int64_t now_ms() const { return clock_.now_ms(); }

  // Live fan-out to SSE clients; a slow client is dropped by its SseStream. `user_id` (the
  // stream's owner) receives its triggered alerts as `alert` events.
  void subscribe(const std::shared_ptr<http::SseStream>& stream, std::vector<std::string> symbols,
                 std::string user_id = {});
  void publish_tick(const market::Tick& tick);
  void publish_alert(const std::string& user_id, const nlohmann::json& alert);
  size_t subscribers() const;

  // Stored per-user alerts (null: the alert routes answer 503).
  void set_alerts(std::shared_ptr<market::AlertMonitor> alerts);
  std::shared_ptr<market::AlertMonitor> alerts() const { return alerts_; }
  // Where one symbol's bars come from when it is not the service-wide source (e.g. "imported").
  void set_symbol_source(const std::string& symbol, std::string source);
  std::string source_of(const std::string& symbol) const;
  // Adds an instrument (e.g. one with imported history) that the feed does not know.
  void add_instrument(market::InstrumentSpec spec);

 private:
  struct Subscriber {
    std::weak_ptr<http::SseStream> stream;
    std::vector<std::string> symbols;
    std::string user_id;
  };
  std::vector<std::shared_ptr<http::SseStream>> live_streams(
      const std::function<bool(const Subscriber&)>& wanted);
  std::shared_ptr<market::AlertMonitor> alerts_;
  std::map<std::string, std::string> symbol_sources_;
  std::shared_ptr<market::MarketState> state_;
  std::vector<market::InstrumentSpec> universe_;
  std::string source_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::vector<Subscriber> subscribers_;
};

nlohmann::json quote_json(const MarketService& market, const std::string& symbol);

void register_market_routes(http::Router& router, const std::shared_ptr<MarketService>& market);

}  // namespace finchat::api
