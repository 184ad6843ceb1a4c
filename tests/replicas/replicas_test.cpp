// Several `finchat serve` replicas on one PostgreSQL and one Redis, behind nginx: what one
// replica issues, limits, stores or publishes holds on the other, and losing a replica loses
// no acknowledged write. Each test starts its own cluster on its own scratch database.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "cluster.hpp"
#include "core/ids.hpp"
#include "sse_client.hpp"
#include "store/database.hpp"
#include "store/redis.hpp"

namespace finchat::replicas {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

#define START_CLUSTER(var, options)                      \
  std::string skip_reason_##var;                         \
  auto var = Cluster::start(options, skip_reason_##var); \
  if (!var) {                                            \
    if (::testing::Test::HasFailure()) return;           \
    GTEST_SKIP() << skip_reason_##var;                   \
  }                                                      \
  ASSERT_TRUE(var->ready()) << "cluster did not start\n" << var->logs()

Reply refresh(int port, const std::string& refresh_token) {
  return http_call(port, "POST", "/oauth/token",
                   form_encode({{"grant_type", "refresh_token"},
                                {"client_id", "finchat-web"},
                                {"refresh_token", refresh_token}}),
                   {{"Content-Type", "application/x-www-form-urlencoded"}});
}

Reply revoke(int port, const std::string& token) {
  return http_call(port, "POST", "/oauth/revoke",
                   form_encode({{"client_id", "finchat-web"}, {"token", token}}),
                   {{"Content-Type", "application/x-www-form-urlencoded"}});
}

int me_status(int port, const std::string& access) {
  return json_call(port, "GET", "/v1/me", {}, access).status;
}

std::vector<std::string> user_messages(const Reply& conversation) {
  std::vector<std::string> out;
  auto j = json::parse(conversation.body, nullptr, false);
  if (!j.is_object() || !j["messages"].is_array()) return out;
  for (const auto& m : j["messages"]) {
    if (m.value("role", "") == "user") out.push_back(m.value("content", ""));
  }
  return out;
}

TEST(ReplicasTest, TokensAndRevocationsHoldOnEveryReplica) {
  START_CLUSTER(cluster, ClusterOptions{});
  int a = cluster->replica(0).port();
  int b = cluster->replica(1).port();
  std::string password = cluster->demo_password();
  ASSERT_FALSE(password.empty()) << cluster->logs();

  // Both replicas publish the same signing keys: they come from the shared database,
  // sealed with the shared data key.
  auto jwks_a = json::parse(http_call(a, "GET", "/.well-known/jwks.json").body, nullptr, false);
  auto jwks_b = json::parse(http_call(b, "GET", "/.well-known/jwks.json").body, nullptr, false);
  ASSERT_TRUE(jwks_a.contains("keys")) << jwks_a.dump();
  EXPECT_EQ(jwks_a, jwks_b);

  auto on_a = login(a, "demo", password);
  ASSERT_TRUE(on_a) << cluster->logs();
  EXPECT_EQ(me_status(b, on_a->access), 200) << "an access token from A must work on B";

  // Refresh rotation across replicas: rotate on B, then replaying the old token on A is
  // detected as reuse.
  auto rotated = refresh(b, on_a->refresh);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  std::string next_refresh = json::parse(rotated.body)["refresh_token"];
  auto replayed = refresh(a, on_a->refresh);
  EXPECT_EQ(replayed.status, 400) << replayed.body;
  EXPECT_NE(replayed.body.find("invalid_grant"), std::string::npos) << replayed.body;

  // A refresh token revoked on A cannot be used on B.
  auto on_b = login(b, "demo", password);
  ASSERT_TRUE(on_b);
  ASSERT_EQ(revoke(a, on_b->refresh).status, 200);
  auto after_revoke = refresh(b, on_b->refresh);
  EXPECT_EQ(after_revoke.status, 400) << after_revoke.body;

  // An access token revoked on A is refused on B once B's revocation list refreshes (it
  // re-reads the shared table every couple of seconds).
  ASSERT_EQ(me_status(b, on_b->access), 200);
  ASSERT_EQ(revoke(a, on_b->access).status, 200);
  EXPECT_EQ(me_status(a, on_b->access), 401) << "revoked on A, refused at once on A";
  auto revoked_at = Clock::now();
  int status_b = 200;
  while (Clock::now() - revoked_at < std::chrono::seconds(15)) {
    status_b = me_status(b, on_b->access);
    if (status_b == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(status_b, 401) << "replica B still accepts an access token revoked on A";
  auto lag_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - revoked_at);
  std::cout << "access-token revocation reached replica B after " << lag_ms.count() << " ms\n";
  EXPECT_EQ(me_status(b, on_a->access), 200) << "other tokens are unaffected";
}

TEST(ReplicasTest, RateLimitIsSharedAcrossReplicas) {
  constexpr int kBurst = 6;
  ClusterOptions options;
  options.with_nginx = false;
  options.redis_db = 15;  // its own Redis database, emptied: the per-IP buckets start full
  options.flush_redis_db = true;
  // Practically no refill during the test, so the budget is exactly the burst.
  options.extra_args = {"--security.rate_limit_rps", "0.01", "--security.rate_limit_burst",
                        std::to_string(kBurst)};
  START_CLUSTER(cluster, options);
  int ports[2] = {cluster->replica(0).port(), cluster->replica(1).port()};
  auto tokens = login(ports[0], "demo", cluster->demo_password());
  ASSERT_TRUE(tokens) << cluster->logs();

  int allowed[2] = {0, 0};
  int limited[2] = {0, 0};
  for (int i = 0; i < 4 * kBurst; ++i) {
    int r = i % 2;
    auto reply = json_call(ports[r], "GET", "/v1/me", {}, tokens->access);
    if (reply.status == 200) {
      ++allowed[r];
    } else {
      ASSERT_EQ(reply.status, 429) << reply.body;
      EXPECT_FALSE(reply.headers["retry-after"].empty());
      ++limited[r];
    }
  }
  // Per-replica limiters would allow kBurst on each (2 * kBurst in all).
  int total = allowed[0] + allowed[1];
  EXPECT_GE(total, kBurst);
  EXPECT_LE(total, kBurst + 1) << "the two replicas do not share one budget";
  for (int r : {0, 1}) {
    EXPECT_GT(allowed[r], 0) << "replica " << r;
    EXPECT_GT(limited[r], 0) << "replica " << r;
  }
}

TEST(ReplicasTest, ConversationStartedOnOneReplicaContinuesOnAnother) {
  START_CLUSTER(cluster, ClusterOptions{});
  int a = cluster->replica(0).port();
  int b = cluster->replica(1).port();
  auto tokens = login(a, "demo", cluster->demo_password());
  ASSERT_TRUE(tokens) << cluster->logs();

  auto created =
      json_call(a, "POST", "/v1/conversations", R"({"title":"replica hop"})", tokens->access);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = json::parse(created.body)["id"];
  std::string path = "/v1/conversations/" + id;

  std::vector<std::string> sent = {"hello from replica B", "what fees do you charge?",
                                   "thanks, bye from B"};
  int ports[3] = {b, a, b};
  for (size_t i = 0; i < sent.size(); ++i) {
    auto posted = json_call(ports[i], "POST", path + "/messages", json{{"content", sent[i]}}.dump(),
                            tokens->access);
    ASSERT_EQ(posted.status, 200) << posted.body;
  }

  auto on_a = json_call(a, "GET", path, {}, tokens->access);
  ASSERT_EQ(on_a.status, 200) << on_a.body;
  EXPECT_EQ(user_messages(on_a), sent);
  auto messages = json::parse(on_a.body)["messages"];
  ASSERT_EQ(messages.size(), 2 * sent.size()) << "every turn has its answer";
  for (size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i]["role"], i % 2 == 0 ? "user" : "assistant") << i;
  }
  auto on_b = json_call(b, "GET", path, {}, tokens->access);
  EXPECT_EQ(json::parse(on_b.body)["messages"], messages) << "both replicas read the same rows";
  auto listed = json::parse(json_call(b, "GET", "/v1/conversations", {}, tokens->access).body);
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["id"], id);
}

struct TickKey {
  std::string symbol;
  int64_t ts = 0;
  double price = 0;
  bool operator==(const TickKey&) const = default;
};

std::vector<TickKey> ticks_of(SseClient& client) {
  std::vector<TickKey> out;
  for (const auto& e : client.events()) {
    if (e.name != "tick") continue;
    auto j = json::parse(e.data, nullptr, false);
    if (j.is_object())
      out.push_back({j.value("symbol", ""), j.value("ts", int64_t{0}), j.value("price", 0.0)});
  }
  return out;
}

// One publisher (`finchat market publish`) XADDs simulated ticks to a Redis Stream; every
// replica runs `market.feed: redis` and relays them to its SSE clients.
TEST(ReplicasTest, MarketTicksFromOnePublisherReachStreamsOnEveryReplica) {
  const std::string stream = "finchat:test:ticks:" + new_uuid_v7();
  ClusterOptions options;
  options.with_nginx = false;
  options.market_feed = "redis";
  options.extra_args = {"--market.redis_stream", stream};
  START_CLUSTER(cluster, options);
  int ports[2] = {cluster->replica(0).port(), cluster->replica(1).port()};
  auto tokens = login(ports[0], "demo", cluster->demo_password());
  ASSERT_TRUE(tokens) << cluster->logs();

  auto listed = json::parse(
      json_call(ports[0], "GET", "/v1/market/symbols", {}, tokens->access).body, nullptr, false);
  std::string symbols;
  size_t n_symbols = 0;
  for (const auto& item : listed.value("items", json::array())) {
    std::string sym = item.is_string() ? item.get<std::string>() : item.value("symbol", "");
    if (sym.empty() || n_symbols == 50) continue;
    symbols += (symbols.empty() ? "" : ",") + sym;
    ++n_symbols;
  }
  ASSERT_GT(n_symbols, 0u) << listed.dump();
  const std::string target = "/v1/market/stream?symbols=" + symbols;
  SseClient on_a(ports[0], target, tokens->access);
  SseClient on_b(ports[1], target, tokens->access);
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while ((on_a.count("quote") < n_symbols || on_b.count("quote") < n_symbols) &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(on_a.status(), 200) << on_a.error();
  ASSERT_EQ(on_b.status(), 200) << on_b.error();
  // No publisher yet, so no ticks: replicas run no simulator of their own.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(on_a.count("tick") + on_b.count("tick"), 0u);

  Child publisher({FINCHAT_BINARY, "market", "publish", "--duration", "60", "--redis.url",
                   cluster->redis_url(), "--market.redis_stream", stream,
                   "--market.tick_interval_ms", "50", "--market.redis_maxlen", "1000"},
                  cluster->work_dir() + "/publisher.log");
  constexpr size_t kTicks = 20;
  deadline = Clock::now() + std::chrono::seconds(45);
  while ((on_a.count("tick") < kTicks || on_b.count("tick") < kTicks) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto ticks_a = ticks_of(on_a);
  auto ticks_b = ticks_of(on_b);
  ASSERT_GE(ticks_a.size(), kTicks) << on_a.error() << cluster->logs();
  ASSERT_GE(ticks_b.size(), kTicks) << on_b.error() << cluster->logs();
  // Both subscribed before the first XADD, so both saw the same ticks in stream order.
  size_t common = std::min(ticks_a.size(), ticks_b.size());
  for (size_t i = 0; i < common; ++i) {
    ASSERT_EQ(ticks_a[i], ticks_b[i]) << "tick " << i << " differs between replicas";
  }
  std::cout << "both replicas relayed the same " << common << " ticks from the stream\n";
}

// Writers post messages through nginx, each retrying until acknowledged; one replica is
// SIGKILLed mid-traffic. Every acknowledged message must be readable afterwards.
TEST(ReplicasTest, KillingAReplicaLosesNoAcknowledgedWrite) {
  START_CLUSTER(cluster, ClusterOptions{});
  int lb = cluster->nginx().port();
  auto tokens = login(lb, "demo", cluster->demo_password());
  ASSERT_TRUE(tokens) << cluster->logs();

  constexpr int kWriters = 3;
  constexpr int kMessagesEach = 20;
  // A key left pending by the killed replica blocks retries (409) until its lease (30 s) ends.
  constexpr auto kGiveUpAfter = std::chrono::seconds(90);
  std::vector<std::string> conversations;
  for (int w = 0; w < kWriters; ++w) {
    auto created = json_call(lb, "POST", "/v1/conversations", "{}", tokens->access);
    ASSERT_EQ(created.status, 201) << created.body << cluster->logs();
    conversations.push_back(json::parse(created.body)["id"]);
  }

  std::mutex mu;
  std::vector<std::set<std::string>> acked(kWriters);
  std::atomic<int> acked_total{0};
  std::atomic<int> failed_attempts{0};
  std::atomic<int> given_up{0};
  std::map<int, int> failure_statuses;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int n = 0; n < kMessagesEach; ++n) {
        std::string content = "writer " + std::to_string(w) + " message " + std::to_string(n);
        // One key per message, sent again on every retry: the message is stored once.
        const std::map<std::string, std::string> key = {{"Idempotency-Key", new_uuid_v7()}};
        bool ok = false;
        for (auto give_up = Clock::now() + kGiveUpAfter; !ok && Clock::now() < give_up;) {
          auto r = json_call(lb, "POST", "/v1/conversations/" + conversations[w] + "/messages",
                             json{{"content", content}}.dump(), tokens->access, key);
          ok = r.status / 100 == 2;
          if (!ok) {
            ++failed_attempts;
            std::lock_guard lock(mu);
            ++failure_statuses[r.status];
          }
          if (!ok)
            std::this_thread::sleep_for(std::chrono::milliseconds(r.status == 409 ? 1000 : 100));
        }
        if (!ok) {
          ++given_up;
          continue;
        }
        std::lock_guard lock(mu);
        acked[w].insert(content);
        ++acked_total;
      }
    });
  }

  // Kill replica B once traffic is flowing through both replicas.
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (acked_total < kWriters * kMessagesEach / 4 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  int acked_before_kill = acked_total;
  cluster->replica(1).kill_now();
  for (auto& t : writers) t.join();

  std::cout << "acknowledged before SIGKILL: " << acked_before_kill
            << ", after: " << acked_total - acked_before_kill
            << ", failed attempts retried by clients: " << failed_attempts << " (";
  for (const auto& [status, count] : failure_statuses) std::cout << status << "x" << count << " ";
  std::cout << ")\n";
  EXPECT_GT(acked_before_kill, 0);
  EXPECT_LT(acked_before_kill, kWriters * kMessagesEach) << "the kill came after the traffic";
  EXPECT_NE(cluster->replica(1).log().find("/messages"), std::string::npos)
      << "replica B never served a message before it was killed";
  EXPECT_EQ(given_up, 0) << "clients retrying through nginx must get through";

  for (int w = 0; w < kWriters; ++w) {
    auto read = json_call(lb, "GET", "/v1/conversations/" + conversations[w], {}, tokens->access);
    ASSERT_EQ(read.status, 200) << read.body;
    auto stored = user_messages(read);
    std::set<std::string> stored_set(stored.begin(), stored.end());
    for (const auto& content : acked[w]) {
      EXPECT_TRUE(stored_set.count(content)) << "acknowledged but lost: " << content;
    }
    // A write in flight on the killed replica was retried with the same Idempotency-Key:
    // exactly once, so nothing is missing and nothing is stored twice.
    EXPECT_EQ(stored.size(), stored_set.size()) << "a retried message was stored twice";
    EXPECT_EQ(stored.size(), acked[w].size());
  }
  EXPECT_TRUE(cluster->replica(0).running()) << "replica A survived";
}

// A client whose answer was lost retries with the same Idempotency-Key through the other
// replica: the request is not run again, the first answer comes back.
TEST(ReplicasTest, MessageRetriedWithItsIdempotencyKeyOnAnotherReplicaIsStoredOnce) {
  ClusterOptions options;
  options.with_nginx = false;
  START_CLUSTER(cluster, options);
  int a = cluster->replica(0).port();
  int b = cluster->replica(1).port();
  auto tokens = login(a, "demo", cluster->demo_password());
  ASSERT_TRUE(tokens) << cluster->logs();

  const std::map<std::string, std::string> conv_key = {{"Idempotency-Key", new_uuid_v7()}};
  auto created =
      json_call(a, "POST", "/v1/conversations", R"({"title":"retry"})", tokens->access, conv_key);
  ASSERT_EQ(created.status, 201) << created.body;
  auto created_again =
      json_call(b, "POST", "/v1/conversations", R"({"title":"retry"})", tokens->access, conv_key);
  EXPECT_EQ(created_again.status, 201);
  EXPECT_EQ(created_again.body, created.body);
  EXPECT_EQ(created_again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(created_again.headers["location"], created.headers["location"]);
  std::string path = "/v1/conversations/" + json::parse(created.body)["id"].get<std::string>();

  const std::string content = "what fees do you charge?";
  const std::string body = json{{"content", content}}.dump();
  const std::string key = "msg-" + new_uuid_v7();
  auto first =
      json_call(a, "POST", path + "/messages", body, tokens->access, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 200) << first.body;
  auto retry = json_call(b, "POST", path + "/messages", body, tokens->access,
                         {{"Idempotency-Key", "\"" + key + "\""}});
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.headers["idempotent-replayed"], "true");
  auto reused = json_call(b, "POST", path + "/messages", json{{"content", "other"}}.dump(),
                          tokens->access, {{"Idempotency-Key", key}});
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(reused.headers["content-type"], "application/problem+json");

  // Replica A died after storing the turn but before recording the key's answer: the key
  // is left pending with a lease that ran out. The retry takes it over and finds the turn.
  auto db = store::open_database(cluster->db_url(), 1);
  ASSERT_TRUE(db.ok()) << db.error().message;
  auto reset = (*db)->exec(
      "UPDATE idempotency_keys SET state = 'pending', lease_until = 0, status = NULL, "
      "response_enc = NULL WHERE idem_key = $1",
      {key});
  ASSERT_TRUE(reset.ok() && *reset == 1);
  auto taken_over =
      json_call(b, "POST", path + "/messages", body, tokens->access, {{"Idempotency-Key", key}});
  ASSERT_EQ(taken_over.status, 200) << taken_over.body;
  EXPECT_EQ(taken_over.headers["idempotent-replayed"], "");
  EXPECT_EQ(json::parse(taken_over.body)["message"]["id"], json::parse(first.body)["message"]["id"])
      << "the stored answer, not a second turn";

  auto read = json_call(a, "GET", path, {}, tokens->access);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(user_messages(read), std::vector<std::string>{content});
  EXPECT_EQ(json::parse(read.body)["messages"].size(), 2u);
  EXPECT_EQ(json::parse(json_call(b, "GET", "/v1/conversations", {}, tokens->access).body)["items"]
                .size(),
            1u);
}

double metric(int port, const std::string& name) {
  auto r = http_call(port, "GET", "/metrics");
  auto at = r.body.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::strtod(r.body.c_str() + at + name.size() + 2, nullptr);
}

// An alert created on A is evaluated by both replicas (B picks it up from the database), one
// tick stream triggers it, it fires once, and the owner sees it through either replica.
TEST(ReplicasTest, AlertCreatedOnOneReplicaFiresOnceAndEitherReplicaShowsIt) {
  const std::string stream = "finchat:test:ticks:" + new_uuid_v7();
  ClusterOptions options;
  options.with_nginx = false;
  options.market_feed = "redis";
  options.extra_args = {"--market.redis_stream", stream};
  START_CLUSTER(cluster, options);
  int a = cluster->replica(0).port();
  int b = cluster->replica(1).port();
  auto tokens = login(a, "demo", cluster->demo_password());
  ASSERT_TRUE(tokens) << cluster->logs();
  auto listed = json::parse(json_call(a, "GET", "/v1/market/symbols", {}, tokens->access).body,
                            nullptr, false);
  ASSERT_TRUE(listed.is_object() && !listed.value("items", json::array()).empty());
  const auto& item = listed["items"][0];
  std::string symbol = item.is_string() ? item.get<std::string>() : item.value("symbol", "");
  ASSERT_FALSE(symbol.empty());

  SseClient on_a(a, "/v1/market/stream?symbols=" + symbol, tokens->access);
  SseClient on_b(b, "/v1/market/stream?symbols=" + symbol, tokens->access);
  auto created = json_call(a, "POST", "/v1/market/alerts",
                           json{{"symbol", symbol},
                                {"type", "price_cross"},
                                {"direction", "above"},
                                {"level", 5000},
                                {"interval", "1s"}}
                               .dump(),
                           tokens->access, {{"Idempotency-Key", new_uuid_v7()}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = json::parse(created.body)["id"];
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while (metric(b, "finchat_market_alerts_watched") < 1 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_GE(metric(b, "finchat_market_alerts_watched"), 1) << "B never picked up A's alert";
  ASSERT_GE(metric(a, "finchat_market_alerts_watched"), 1);
  ASSERT_EQ(on_a.status(), 200) << on_a.error();
  ASSERT_EQ(on_b.status(), 200) << on_b.error();

  // 1 s bars: two below the level, then above it; each tick closes the previous bar.
  auto redis = store::RedisClient::connect(cluster->redis_url(), std::chrono::milliseconds(2000));
  ASSERT_TRUE(redis.ok()) << redis.error().message;
  const int64_t t0 = (std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                              .count() /
                          1000 -
                      10) *
                     1000;
  const double prices[] = {100, 100, 9000, 9000, 9000};
  for (int i = 0; i < 5; ++i) {
    auto added = (*redis)->command(
        {"XADD", stream, "*", "s", symbol, "p", std::to_string(prices[i]), "z", "100", "t",
         std::to_string(t0 + i * 1000), "q", std::to_string(i + 1), "src", "test"});
    ASSERT_TRUE(added.ok()) << added.error().message;
  }

  deadline = Clock::now() + std::chrono::seconds(20);
  std::string status;
  while (status != "triggered" && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto got = json::parse(json_call(b, "GET", "/v1/market/alerts/" + id, {}, tokens->access).body,
                           nullptr, false);
    if (got.is_object()) status = got.value("status", "");
  }
  ASSERT_EQ(status, "triggered") << cluster->logs();
  deadline = Clock::now() + std::chrono::seconds(10);
  while ((on_a.count("alert") < 1 || on_b.count("alert") < 1) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // room for a second firing
  EXPECT_EQ(on_a.count("alert"), 1u) << "the owner's stream on A";
  EXPECT_EQ(on_b.count("alert"), 1u) << "the owner's stream on B";
  for (auto* client : {&on_a, &on_b}) {
    for (const auto& e : client->events()) {
      if (e.name != "alert") continue;
      EXPECT_EQ(json::parse(e.data).value("id", ""), id);
    }
  }

  // Exactly one replica claimed it: one message in the owner's conversations, on A and B.
  for (int port : {a, b}) {
    int alert_messages = 0;
    auto convs = json::parse(json_call(port, "GET", "/v1/conversations", {}, tokens->access).body);
    for (const auto& c : convs["items"]) {
      auto read =
          json::parse(json_call(port, "GET", "/v1/conversations/" + c["id"].get<std::string>(), {},
                                tokens->access)
                          .body);
      for (const auto& m : read["messages"]) {
        if (m.value("skill", "") == "market_alert") ++alert_messages;
      }
    }
    EXPECT_EQ(alert_messages, 1) << "port " << port;
  }
  EXPECT_EQ(metric(a, "finchat_market_alerts_watched"), 0);
  EXPECT_EQ(metric(b, "finchat_market_alerts_watched"), 0);
}

}  // namespace
}  // namespace finchat::replicas
