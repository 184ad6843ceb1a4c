#pragma once
// /v1/market: symbols, quotes, bars, indicators, analysis, trends and the live SSE stream.
// Every answer carries its data source, and simulated data says so.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "http/router.hpp"
#include "http/sse.hpp"
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

  // Live fan-out to SSE clients; a slow client is dropped by its SseStream.
  void subscribe(std::shared_ptr<http::SseStream> stream, std::vector<std::string> symbols);
  void publish_tick(const market::Tick& tick);
  size_t subscribers() const;

 private:
  struct Subscriber {
    std::weak_ptr<http::SseStream> stream;
    std::vector<std::string> symbols;
  };
  std::shared_ptr<market::MarketState> state_;
  std::vector<market::InstrumentSpec> universe_;
  std::string source_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::vector<Subscriber> subscribers_;
};

nlohmann::json quote_json(const MarketService& market, const std::string& symbol);

void register_market_routes(http::Router& router, std::shared_ptr<MarketService> market);

}  // namespace finchat::api
