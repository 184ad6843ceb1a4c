#include "api/market_routes.hpp"

#include <algorithm>
#include <sstream>

#include "api/idempotency.hpp"
#include "core/clock.hpp"
#include "finance/technical/registry.hpp"
#include "http/pipeline.hpp"
#include "market/analysis.hpp"
#include "market/snapshot.hpp"
#include "market/trend.hpp"

namespace finchat::api {

namespace {

using http::Request;
using http::Response;

constexpr size_t kMaxBars = 5000;

Response unknown_symbol(const std::string& sym) {
  return Response::problem(404, "Not Found", "unknown symbol '" + sym + "'");
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

nlohmann::json bar_json(const market::Bar& b) {
  return {{"t", b.start_ms}, {"o", b.open},  {"h", b.high},
          {"l", b.low},      {"c", b.close}, {"v", b.volume}};
}

Result<int64_t> parse_time_param(const Request& req, const std::string& name, int64_t fallback) {
  std::string v = req.query_or(name);
  if (v.empty()) return fallback;
  try {
    size_t used = 0;
    int64_t ms = std::stoll(v, &used);
    if (used != v.size()) throw std::invalid_argument(name);
    return ms;
  } catch (const std::exception&) {
    return Error::invalid(name + " must be a Unix time in milliseconds", name);
  }
}

Response bars(MarketService& m, Request& req) {
  std::string sym = upper(req.param("symbol"));
  if (!m.find(sym)) return unknown_symbol(sym);
  auto interval = market::parse_interval(req.query_or("interval", "1d"));
  if (!interval) {
    return Response::from_error(
        Error::invalid("interval must be one of 1s, 1m, 5m, 1h, 1d", "interval"));
  }
  auto from = parse_time_param(req, "from", 0);
  auto to = parse_time_param(req, "to", m.now_ms());
  if (!from) return Response::from_error(from.error());
  if (!to) return Response::from_error(to.error());
  if (*from > *to) return Response::from_error(Error::invalid("from must not be after to", "from"));
  if (*to - *from > static_cast<int64_t>(kMaxBars) * market::interval_ms(*interval) &&
      req.query.count("from")) {
    return Response::from_error(
        Error::invalid("range too large: at most 5000 bars per request", "from"));
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : m.state().bars(sym, *interval)) {
    if (b.start_ms >= *from && b.start_ms <= *to) out.push_back(bar_json(b));
  }
  if (out.size() > kMaxBars) out.erase(out.begin(), out.end() - kMaxBars);
  const std::string source = m.source_of(sym);
  return Response::json(200, {{"symbol", sym},
                              {"interval", market::to_string(*interval)},
                              {"bars", out},
                              {"source", source},
                              {"simulated", source == market::kSimulatedSource}});
}

Response indicators(MarketService& m, Request& req) {
  std::string sym = upper(req.param("symbol"));
  if (!m.find(sym)) return unknown_symbol(sym);
  std::string name = req.query_or("name");
  if (name.empty())
    return Response::from_error(Error::invalid("name is required (e.g. rsi)", "name"));
  std::map<std::string, std::string, std::less<>> params(req.query.begin(), req.query.end());
  params.erase("name");
  const auto& registry = technical::Registry::instance();
  const auto* info = registry.find(name);
  if (!info)
    return Response::from_error(Error::invalid("unknown indicator '" + name + "'", "name"));
  auto parsed = registry.parse(name, params);
  if (!parsed) return Response::from_error(parsed.error());
  auto daily = m.state().bars(sym, market::Interval::d1);
  std::vector<double> open, high, low, close, volume;
  std::vector<int64_t> session, times;
  for (const auto& b : daily) {
    open.push_back(b.open);
    high.push_back(b.high);
    low.push_back(b.low);
    close.push_back(b.close);
    volume.push_back(b.volume);
    session.push_back(b.session);
    times.push_back(b.start_ms);
  }
  technical::OhlcvView view{open, high, low, close, volume, session, {}};
  auto result = registry.compute(name, *parsed, view);
  if (!result) return Response::from_error(result.error());
  nlohmann::json body = technical::result_to_json(*info, *parsed, *result, times, 60);
  body["symbol"] = sym;
  body["interval"] = "1d";
  body["source"] = m.source();
  body["simulated"] = m.simulated();
  return Response::json(200, body);
}

Response analysis(MarketService& m, Request& req) {
  std::string sym = upper(req.param("symbol"));
  if (!m.find(sym)) return unknown_symbol(sym);
  auto facts = market::analyze_symbol(m.snapshot(sym));
  return Response::json(200, {{"symbol", sym},
                              {"facts", market::to_json(facts)},
                              {"source", m.source()},
                              {"simulated", m.simulated()}});
}

Response trends(MarketService& m, Request& req) {
  market::TrendOptions options;
  options.sector = req.query_or("sector");
  if (!options.sector.empty()) {
    bool known = std::any_of(m.universe().begin(), m.universe().end(),
                             [&](const auto& i) { return i.sector == options.sector; });
    if (!known)
      return Response::from_error(
          Error::invalid("unknown sector '" + options.sector + "'", "sector"));
  }
  auto facts = market::analyze_market(m.snapshots(), options);
  return Response::json(
      200,
      {{"facts", market::to_json(facts)}, {"source", m.source()}, {"simulated", m.simulated()}});
}

Response stream(const std::shared_ptr<MarketService>& m, Request& req) {
  std::vector<std::string> symbols;
  std::stringstream ss(req.query_or("symbols"));
  std::string s;
  while (std::getline(ss, s, ',')) {
    if (s.empty()) continue;
    s = upper(s);
    if (!m->find(s)) return unknown_symbol(s);
    symbols.push_back(s);
  }
  if (symbols.empty())
    return Response::from_error(
        Error::invalid("symbols is required, e.g. symbols=NOVA,NWBK", "symbols"));
  if (symbols.size() > 50)
    return Response::from_error(Error::invalid("at most 50 symbols", "symbols"));
  auto sse = std::make_shared<http::SseStream>(256 * 1024);
  for (const auto& sym : symbols) sse->send("quote", quote_json(*m, sym));
  m->subscribe(sse, symbols, req.principal ? req.principal->subject : std::string());
  return Response::stream(sse);
}

// --- Alerts: stored per user; every lookup is scoped by the caller, so another user's alert
// is a 404 like a missing one.

Response alerts_unavailable() {
  return Response::problem(503, "Service Unavailable", "alerts need the database");
}

Response create_alert(MarketService& m, Request& req) {
  auto monitor = m.alerts();
  if (!monitor) return alerts_unavailable();
  auto body = http::parse_json_body(req);
  if (!body) return Response::from_error(body.error());
  if (!body->is_object())
    return Response::from_error(Error::invalid("body must be a JSON object", "body"));
  nlohmann::json spec = *body;
  spec["id"] = "new";  // the store assigns the real id
  if (spec.contains("symbol") && spec["symbol"].is_string()) {
    std::string sym = upper(spec["symbol"].get<std::string>());
    if (!sym.empty() && !m.find(sym)) {
      return Response::from_error(Error::invalid("unknown symbol '" + sym + "'", "symbol"));
    }
    spec["symbol"] = sym;
  }
  auto rule = market::parse_alert_rule(spec);
  if (!rule) return Response::from_error(rule.error());
  auto stored = monitor->create(req.principal->subject, std::move(*rule));
  if (!stored) return Response::from_error(stored.error());
  auto res = Response::json(201, market::to_json(*stored));
  res.set_header("location", "/v1/market/alerts/" + stored->id);
  return res;
}

Response list_alerts(MarketService& m, Request& req) {
  auto monitor = m.alerts();
  if (!monitor) return alerts_unavailable();
  auto items = monitor->store().list(req.principal->subject);
  if (!items) return Response::from_error(items.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : *items) out.push_back(market::to_json(a));
  return Response::json(200, {{"items", out}});
}

Response get_alert(MarketService& m, Request& req) {
  auto monitor = m.alerts();
  if (!monitor) return alerts_unavailable();
  auto a = monitor->store().get(req.principal->subject, req.param("id"));
  if (!a) return Response::from_error(a.error());
  if (!*a) return Response::problem(404, "Not Found", "no such alert");
  return Response::json(200, market::to_json(**a));
}

Response delete_alert(MarketService& m, Request& req) {
  auto monitor = m.alerts();
  if (!monitor) return alerts_unavailable();
  auto removed = monitor->remove(req.principal->subject, req.param("id"));
  if (!removed) return Response::from_error(removed.error());
  if (!*removed) return Response::problem(404, "Not Found", "no such alert");
  return Response::no_content();
}

}  // namespace

MarketService::MarketService(std::shared_ptr<market::MarketState> state,
                             std::vector<market::InstrumentSpec> universe, std::string source,
                             const Clock& clock)
    : state_(std::move(state)),
      universe_(std::move(universe)),
      source_(std::move(source)),
      clock_(clock) {}

const market::InstrumentSpec* MarketService::find(const std::string& symbol) const {
  for (const auto& i : universe_) {
    if (i.symbol == symbol) return &i;
  }
  return nullptr;
}

market::SymbolSnapshot MarketService::snapshot(const std::string& symbol) const {
  return market::make_snapshot(*state_, symbol, find(symbol), clock_.now_ms(), source_);
}

std::vector<market::SymbolSnapshot> MarketService::snapshots() const {
  return market::make_snapshots(*state_, universe_, clock_.now_ms(), source_);
}

void MarketService::subscribe(const std::shared_ptr<http::SseStream>& stream,
                              std::vector<std::string> symbols, std::string user_id) {
  std::lock_guard lock(mu_);
  subscribers_.push_back({stream, std::move(symbols), std::move(user_id)});
}

std::vector<std::shared_ptr<http::SseStream>> MarketService::live_streams(
    const std::function<bool(const Subscriber&)>& wanted) {
  std::vector<std::shared_ptr<http::SseStream>> targets;
  std::lock_guard lock(mu_);
  subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                    [](const Subscriber& s) {
                                      auto p = s.stream.lock();
                                      return !p || p->cancelled();
                                    }),
                     subscribers_.end());
  for (const auto& s : subscribers_) {
    if (!wanted(s)) continue;
    if (auto p = s.stream.lock()) targets.push_back(p);
  }
  return targets;
}

void MarketService::publish_tick(const market::Tick& tick) {
  auto targets = live_streams([&](const Subscriber& s) {
    return std::find(s.symbols.begin(), s.symbols.end(), tick.symbol) != s.symbols.end();
  });
  if (targets.empty()) return;
  nlohmann::json data = {
      {"symbol", tick.symbol}, {"price", tick.price},
      {"size", tick.size},     {"ts", tick.ts_ms},
      {"source", tick.source}, {"simulated", tick.source == market::kSimulatedSource}};
  for (auto& t : targets) t->send("tick", data);
}

void MarketService::publish_alert(const std::string& user_id, const nlohmann::json& alert) {
  if (user_id.empty()) return;
  auto targets = live_streams([&](const Subscriber& s) { return s.user_id == user_id; });
  for (auto& t : targets) t->send("alert", alert);
}

void MarketService::set_alerts(std::shared_ptr<market::AlertMonitor> alerts) {
  alerts_ = std::move(alerts);
  if (!alerts_) return;
  alerts_->set_notifier(
      [this](const std::string& user, const nlohmann::json& alert) { publish_alert(user, alert); });
}

void MarketService::set_symbol_source(const std::string& symbol, std::string source) {
  std::lock_guard lock(mu_);
  symbol_sources_[symbol] = std::move(source);
}

std::string MarketService::source_of(const std::string& symbol) const {
  std::lock_guard lock(mu_);
  auto it = symbol_sources_.find(symbol);
  return it == symbol_sources_.end() ? source_ : it->second;
}

void MarketService::add_instrument(market::InstrumentSpec spec) {
  if (find(spec.symbol)) return;
  universe_.push_back(std::move(spec));
}

size_t MarketService::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

nlohmann::json quote_json(const MarketService& m, const std::string& symbol) {
  auto snap = m.snapshot(symbol);
  const auto* info = m.find(symbol);
  double last = snap.daily.empty() ? 0 : snap.daily.back().close;
  double prev = snap.daily.size() >= 2 ? snap.daily[snap.daily.size() - 2].close : last;
  return {{"symbol", symbol},
          {"name", info ? info->name : symbol},
          {"price", last},
          {"previous_close", prev},
          {"change", last - prev},
          {"change_pct", prev != 0 ? (last - prev) / prev * 100.0 : 0.0},
          {"currency", snap.currency},
          {"as_of", format_iso8601(snap.as_of_ms)},
          {"source", m.source()},
          {"simulated", m.simulated()}};
}

void register_market_routes(http::Router& router, const std::shared_ptr<MarketService>& market) {
  auto policy = http::Policy::signed_in("market").with_scopes({"market:read"});
  router.add("GET", "/v1/market/symbols", policy, [market](Request&) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : market->universe()) {
      items.push_back(
          {{"symbol", i.symbol}, {"name", i.name}, {"sector", i.sector}, {"index", i.is_index}});
    }
    return Response::json(
        200, {{"items", items}, {"source", market->source()}, {"simulated", market->simulated()}});
  });
  router.add("GET", "/v1/market/quotes/{symbol}", policy, [market](Request& r) {
    std::string sym = upper(r.param("symbol"));
    if (!market->find(sym)) return unknown_symbol(sym);
    return Response::json(200, quote_json(*market, sym));
  });
  router.add("GET", "/v1/market/bars/{symbol}", policy,
             [market](Request& r) { return bars(*market, r); });
  router.add("GET", "/v1/market/indicators/{symbol}", policy,
             [market](Request& r) { return indicators(*market, r); });
  router.add("GET", "/v1/market/analysis/{symbol}", policy,
             [market](Request& r) { return analysis(*market, r); });
  router.add("GET", "/v1/market/trends", policy,
             [market](Request& r) { return trends(*market, r); });
  router.add("GET", "/v1/market/stream", policy,
             [market](Request& r) { return stream(market, r); });
  // Alerts belong to people; service clients have no alerts.
  auto alerts = http::Policy::roles_any({"customer", "agent", "analyst", "admin"}, "market");
  router.add("POST", "/v1/market/alerts", alerts,
             idempotent([market](Request& r) { return create_alert(*market, r); }));
  router.add("GET", "/v1/market/alerts", alerts,
             [market](Request& r) { return list_alerts(*market, r); });
  router.add("GET", "/v1/market/alerts/{id}", alerts,
             [market](Request& r) { return get_alert(*market, r); });
  router.add("DELETE", "/v1/market/alerts/{id}", alerts,
             [market](Request& r) { return delete_alert(*market, r); });
}

}  // namespace finchat::api
