// /v1/market/alerts through the real router and pipeline: validation, per-user isolation,
// and delivery of a triggered alert into its owner's SSE stream from injected ticks.
#include <gtest/gtest.h>

#include "api/market_routes.hpp"
#include "http/pipeline.hpp"
#include "store/migrations.hpp"

namespace finchat::api {
namespace {

using http::Principal;
using http::Request;

constexpr int64_t kMonday11 = 1767628800000;  // Mon 2026-01-05 11:00 New York
constexpr int64_t kMinute = 60'000;

class FakeAuth : public http::Authenticator {
 public:
  Result<Principal> authenticate(const Request& r) override {
    std::string h = r.header("authorization");
    if (h.rfind("Bearer ", 0) != 0) return Error::unauthenticated("no token");
    std::string who = h.substr(7);
    return Principal{who, who, "customer", {}, "web", "j-" + who, false};
  }
  void on_denied(const Request&, const std::string&) override {}
};

struct AlertRoutes : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    auto cal = market::MarketCalendar::create({});
    ASSERT_TRUE(cal.ok());
    state = std::shared_ptr<market::MarketState>(market::MarketState::create(*cal).value());
    service = std::make_shared<MarketService>(state, market::default_universe(), "test", clock);
    monitor = std::make_shared<market::AlertMonitor>(
        std::make_shared<market::AlertStore>(db, clock), state);
    ASSERT_TRUE(monitor->start().ok());
    service->set_alerts(monitor);
    auto router = std::make_shared<http::Router>();
    register_market_routes(*router, service);
    pipeline = std::make_shared<http::Pipeline>(router, http::PipelineOptions{{}, false});
    pipeline->set_authenticator(std::make_shared<FakeAuth>());
  }
  http::Response call(const std::string& method, const std::string& path, const std::string& who,
                      const std::string& body = {}) {
    Request r;
    r.method = method;
    r.path = path;
    auto q = path.find('?');
    if (q != std::string::npos) {
      r.path = path.substr(0, q);
      std::string qs = path.substr(q + 1);
      auto eq = qs.find('=');
      r.query[qs.substr(0, eq)] = qs.substr(eq + 1);
    }
    r.target = path;
    r.remote_ip = "127.0.0.1";
    r.headers.emplace_back("authorization", "Bearer " + who);
    if (!body.empty()) {
      r.headers.emplace_back("content-type", "application/json");
      r.body = body;
    }
    return pipeline->handle(r);
  }
  std::string create(const std::string& who, const std::string& body) {
    auto res = call("POST", "/v1/market/alerts", who, body);
    EXPECT_EQ(res.status, 201) << res.body;
    return nlohmann::json::parse(res.body).value("id", "");
  }
  // One tick per minute for NOVA at the given prices, then a tick that closes the last minute.
  void ticks(const std::vector<double>& prices, int64_t start = kMonday11) {
    int64_t t = start;
    for (double p : prices) {
      state->on_tick({"NOVA", p, 100, t, 0, "test"});
      t += kMinute;
    }
    state->flush(t + kMinute);
  }
  ManualClock clock{kMonday11};
  std::shared_ptr<store::Database> db;
  std::shared_ptr<market::MarketState> state;
  std::shared_ptr<MarketService> service;
  std::shared_ptr<market::AlertMonitor> monitor;
  std::shared_ptr<http::Pipeline> pipeline;
};

nlohmann::json problem(const http::Response& r) { return nlohmann::json::parse(r.body); }
std::string field(const http::Response& r) {
  auto j = problem(r);
  return j.contains("errors") && !j["errors"].empty() ? j["errors"][0].value("field", "") : "";
}

TEST_F(AlertRoutes, ValidationNamesTheField) {
  auto r = call("POST", "/v1/market/alerts", "alice",
                R"({"symbol":"ZZZZ","type":"price_cross","direction":"above","level":1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.header("content-type").find("problem+json"), std::string::npos);
  EXPECT_EQ(field(r), "symbol") << r.body;
  r = call("POST", "/v1/market/alerts", "alice",
           R"({"symbol":"NOVA","type":"indicator","indicator":"nope","op":">","value":1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "indicator") << r.body;
  r = call("POST", "/v1/market/alerts", "alice",
           R"({"symbol":"NOVA","type":"indicator","indicator":"rsi","op":"=>","value":1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "op") << r.body;
  r = call("POST", "/v1/market/alerts", "alice", R"({"symbol":"NOVA","type":"sometimes"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "type") << r.body;
  r = call("POST", "/v1/market/alerts", "alice", R"({"symbol":"NOVA","type":"pct_move","pct":-3})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "pct") << r.body;
  EXPECT_TRUE(monitor->store().list("alice")->empty());
}

TEST_F(AlertRoutes, OtherUsersAlertsAreNotFound) {
  auto id =
      create("alice", R"({"symbol":"nova","type":"price_cross","direction":"above","level":500})");
  auto mine = call("GET", "/v1/market/alerts/" + id, "alice");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(problem(mine)["symbol"], "NOVA");
  EXPECT_EQ(problem(mine)["status"], "active");
  EXPECT_EQ(call("GET", "/v1/market/alerts/" + id, "bob").status, 404);
  EXPECT_EQ(call("DELETE", "/v1/market/alerts/" + id, "bob").status, 404);
  EXPECT_TRUE(problem(call("GET", "/v1/market/alerts", "bob"))["items"].empty());
  EXPECT_EQ(problem(call("GET", "/v1/market/alerts", "alice"))["items"].size(), 1u);
  EXPECT_EQ(call("DELETE", "/v1/market/alerts/" + id, "alice").status, 204);
  EXPECT_EQ(call("GET", "/v1/market/alerts/" + id, "alice").status, 404);
  EXPECT_EQ(monitor->watching(), 0u);
}

TEST_F(AlertRoutes, PriceCrossIsDeliveredToTheOwnersStreamOnce) {
  auto id =
      create("alice", R"({"symbol":"NOVA","type":"price_cross","direction":"above","level":110})");
  auto alice = call("GET", "/v1/market/stream?symbols=NOVA", "alice");
  auto bob = call("GET", "/v1/market/stream?symbols=NOVA", "bob");
  ASSERT_TRUE(alice.sse && bob.sse);
  alice.sse->drain();
  bob.sse->drain();
  ticks({100, 105, 120, 125, 100, 130});
  std::string a = alice.sse->drain();
  EXPECT_EQ(a.find("event: alert"), a.rfind("event: alert")) << "fires once";
  ASSERT_NE(a.find("event: alert"), std::string::npos) << a;
  EXPECT_NE(a.find(id), std::string::npos);
  EXPECT_EQ(bob.sse->drain().find("event: alert"), std::string::npos);
  auto got = problem(call("GET", "/v1/market/alerts/" + id, "alice"));
  EXPECT_EQ(got["status"], "triggered");
  EXPECT_DOUBLE_EQ(got["event"]["value"].get<double>(), 120);
  EXPECT_EQ(monitor->watching(), 0u);
}

TEST_F(AlertRoutes, IndicatorAboveThresholdFires) {
  auto id = create("alice",
                   R"({"symbol":"NOVA","type":"indicator","indicator":"rsi","params":{"period":14},
                       "op":">","value":70,"interval":"1m"})");
  std::vector<double> flat;
  flat.reserve(20);
  for (int i = 0; i < 20; ++i) flat.push_back(100 + (i % 2));
  ticks(flat);
  EXPECT_EQ(problem(call("GET", "/v1/market/alerts/" + id, "alice"))["status"], "active");
  std::vector<double> rally;
  rally.reserve(10);
  for (int i = 0; i < 10; ++i) rally.push_back(102 + 2 * i);
  ticks(rally, kMonday11 + 22 * kMinute);
  auto got = problem(call("GET", "/v1/market/alerts/" + id, "alice"));
  EXPECT_EQ(got["status"], "triggered");
  EXPECT_GT(got["event"]["value"].get<double>(), 70);
}

TEST_F(AlertRoutes, DailyMoveOverPercentFires) {
  // Friday's minute bars end at 100; the alert is created with that history.
  ticks({99, 100}, kMonday11 - 3 * 86'400'000LL);
  auto id = create("alice", R"({"symbol":"NOVA","type":"pct_move","pct":5,"direction":"up"})");
  ticks({101, 103, 104});
  EXPECT_EQ(problem(call("GET", "/v1/market/alerts/" + id, "alice"))["status"], "active");
  ticks({106}, kMonday11 + 10 * kMinute);
  auto got = problem(call("GET", "/v1/market/alerts/" + id, "alice"));
  EXPECT_EQ(got["status"], "triggered");
  EXPECT_NEAR(got["event"]["value"].get<double>(), 6.0, 1e-9);
}

TEST_F(AlertRoutes, ActiveAlertsSurviveARestart) {
  auto id =
      create("alice", R"({"symbol":"NOVA","type":"price_cross","direction":"below","level":90})");
  auto fresh = std::make_shared<market::AlertMonitor>(
      std::make_shared<market::AlertStore>(db, clock), state);
  ASSERT_TRUE(fresh->start().ok());
  EXPECT_EQ(fresh->watching(), 1u);
  std::vector<std::string> delivered;
  fresh->set_notifier(
      [&](const std::string& user, const nlohmann::json&) { delivered.push_back(user); });
  ticks({100, 80, 70});
  // Both monitors see the bar, but only one marks the alert triggered and notifies.
  auto got = problem(call("GET", "/v1/market/alerts/" + id, "alice"));
  EXPECT_EQ(got["status"], "triggered");
  EXPECT_LE(delivered.size(), 1u);
}

// A second replica: its own market state fed the same ticks, its own monitor, same database.
struct Peer {
  std::shared_ptr<market::MarketState> state;
  std::shared_ptr<market::AlertMonitor> monitor;
  std::vector<std::string> fired, peer_fired;
};

std::unique_ptr<Peer> start_peer(std::shared_ptr<store::Database> db, const Clock& clock) {
  auto peer = std::make_unique<Peer>();
  auto cal = market::MarketCalendar::create({});
  peer->state = std::shared_ptr<market::MarketState>(market::MarketState::create(*cal).value());
  peer->monitor = std::make_shared<market::AlertMonitor>(
      std::make_shared<market::AlertStore>(std::move(db), clock), peer->state);
  EXPECT_TRUE(peer->monitor->start().ok());
  Peer* p = peer.get();
  peer->monitor->set_notifier(
      [p](const std::string&, const nlohmann::json& a) { p->fired.push_back(a.value("id", "")); });
  peer->monitor->set_peer_notifier([p](const std::string&, const nlohmann::json& a) {
    p->peer_fired.push_back(a.value("id", ""));
  });
  return peer;
}

TEST_F(AlertRoutes, RefreshPicksUpAlertsCreatedAndDeletedOnAnotherReplica) {
  auto peer = start_peer(db, clock);
  auto id =
      create("alice", R"({"symbol":"NOVA","type":"price_cross","direction":"below","level":90})");
  EXPECT_EQ(peer->monitor->watching(), 0u) << "created on the other replica";
  auto r = peer->monitor->refresh();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->added, 1u);
  EXPECT_EQ(peer->monitor->watching(), 1u);
  EXPECT_EQ(peer->monitor->refresh()->added, 0u) << "already watched";

  EXPECT_EQ(call("DELETE", "/v1/market/alerts/" + id, "alice").status, 204);
  r = peer->monitor->refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->dropped, 1u);
  EXPECT_EQ(peer->monitor->watching(), 0u);
  EXPECT_TRUE(peer->peer_fired.empty()) << "a deleted alert did not fire";
}

TEST_F(AlertRoutes, AnAlertFiresOnceAcrossReplicasAndEveryReplicaHearsOfIt) {
  std::vector<std::string> here;
  monitor->set_notifier(
      [&](const std::string&, const nlohmann::json& a) { here.push_back(a.value("id", "")); });
  std::vector<std::string> here_peer;
  monitor->set_peer_notifier(
      [&](const std::string&, const nlohmann::json& a) { here_peer.push_back(a.value("id", "")); });
  auto peer = start_peer(db, clock);
  auto id =
      create("alice", R"({"symbol":"NOVA","type":"price_cross","direction":"below","level":90})");
  ASSERT_TRUE(peer->monitor->refresh().ok());
  // Both replicas see the same bars (one Redis stream); this one happens to be first.
  ticks({100, 80, 70});
  auto peer_ticks = [&](const std::vector<double>& prices) {
    int64_t t = kMonday11;
    for (double p : prices) {
      peer->state->on_tick({"NOVA", p, 100, t, 0, "test"});
      t += kMinute;
    }
    peer->state->flush(t + kMinute);
  };
  peer_ticks({100, 80, 70});
  EXPECT_EQ(here, std::vector<std::string>{id});
  EXPECT_TRUE(peer->fired.empty()) << "the second replica must not fire it again";
  EXPECT_EQ(peer->peer_fired, std::vector<std::string>{id}) << "but tells its own streams";
  EXPECT_TRUE(here_peer.empty());
  EXPECT_EQ(peer->monitor->watching(), 0u);
}

TEST_F(AlertRoutes, AReplicaThatMissedTheBarLearnsOfTheFiringOnRefresh) {
  auto peer = start_peer(db, clock);
  auto id =
      create("alice", R"({"symbol":"NOVA","type":"price_cross","direction":"below","level":90})");
  ASSERT_TRUE(peer->monitor->refresh().ok());
  ticks({100, 80, 70});  // only this replica's state saw the bars
  auto r = peer->monitor->refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->dropped, 1u);
  EXPECT_EQ(peer->peer_fired, std::vector<std::string>{id});
  EXPECT_TRUE(peer->fired.empty());
}

}  // namespace
}  // namespace finchat::api
