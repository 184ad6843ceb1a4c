#include "api/idempotency.hpp"

#include <gtest/gtest.h>

#include "core/ids.hpp"
#include "http/sse.hpp"
#include "store/migrations.hpp"
#include "store/test_services.hpp"

namespace finchat::api {
namespace {

using http::Request;
using http::Response;

// Runs on SQLite and, when FINCHAT_TEST_PG_URL is set, on PostgreSQL (shared by parallel
// runs, so every case uses its own subjects).
class Idempotency : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto opened = store::open_database(GetParam(), 2);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db = *opened;
    ASSERT_TRUE(store::migrate(*db).ok());
    cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    idem = std::make_shared<IdempotencyStore>(db, cipher, IdempotencyOptions{3'600'000, 30'000},
                                              clock);
    alice = "alice-" + new_uuid_v7();
    bob = "bob-" + new_uuid_v7();
  }

  Request request(const std::string& subject, const std::string& body, const std::string& key,
                  const std::string& path = "/v1/things") {
    Request r;
    r.method = "POST";
    r.path = path;
    r.body = body;
    if (!key.empty()) r.headers.emplace_back("idempotency-key", key);
    auto p = std::make_shared<http::Principal>();
    p->subject = subject;
    p->role = "customer";
    r.principal = p;
    return r;
  }

  // A create handler: a new id per run, counted.
  http::Handler creator() {
    return [this](Request& r) {
      ++runs;
      std::string id = "thing-" + std::to_string(runs);
      Response out = Response::json(201, {{"id", id}, {"body", r.body}});
      out.set_header("Location", "/v1/things/" + id);
      return out;
    };
  }

  Response call(const std::string& subject, const std::string& body, const std::string& key,
                const http::Handler& handler) {
    Request r = request(subject, body, key);
    return idem->handle(r, handler);
  }

  ManualClock clock;
  std::shared_ptr<store::Database> db;
  std::shared_ptr<store::FieldCipher> cipher;
  std::shared_ptr<IdempotencyStore> idem;
  std::string alice, bob;
  int runs = 0;
};

TEST_P(Idempotency, WithoutAKeyEveryRequestRuns) {
  EXPECT_EQ(call(alice, "{}", "", creator()).status, 201);
  EXPECT_EQ(call(alice, "{}", "", creator()).status, 201);
  EXPECT_EQ(runs, 2);
}

TEST_P(Idempotency, RepeatWithSameKeyAndBodyReplaysTheFirstAnswer) {
  auto first = call(alice, R"({"a":1})", "k-1", creator());
  auto again = call(alice, R"({"a":1})", "\"k-1\"", creator());  // sf-string form, same key
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("Location"), "/v1/things/thing-1");
  EXPECT_EQ(again.header("Content-Type"), first.header("Content-Type"));
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(first.header("Idempotent-Replayed"), "");
  // A different key is a different request.
  EXPECT_EQ(call(alice, R"({"a":1})", "k-2", creator()).body.find("thing-2") != std::string::npos,
            true);
}

TEST_P(Idempotency, SameKeyWithAnotherBodyOrPathIs422) {
  ASSERT_EQ(call(alice, R"({"a":1})", "k", creator()).status, 201);
  auto other = call(alice, R"({"a":2})", "k", creator());
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.header("Content-Type"), "application/problem+json");
  Request elsewhere = request(alice, R"({"a":1})", "k", "/v1/other");
  EXPECT_EQ(idem->handle(elsewhere, creator()).status, 422);
  EXPECT_EQ(runs, 1);
}

TEST_P(Idempotency, DuplicateWhileTheFirstRunsIs409) {
  Response inner;
  auto slow = [&](Request& r) {
    // The same request arrives (on another replica) while this one is still running.
    Request dup = request(alice, r.body, "k");
    inner = idem->handle(dup, creator());
    return creator()(r);
  };
  auto first = call(alice, "{}", "k", slow);
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(inner.status, 409);
  EXPECT_EQ(inner.header("Content-Type"), "application/problem+json");
  EXPECT_FALSE(inner.header("Retry-After").empty());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(call(alice, "{}", "k", creator()).header("Idempotent-Replayed"), "true");
}

TEST_P(Idempotency, KeysArePerSubject) {
  auto mine = call(alice, "{}", "shared-key", creator());
  auto theirs = call(bob, "{}", "shared-key", creator());
  EXPECT_EQ(runs, 2);
  EXPECT_NE(mine.body, theirs.body);
  EXPECT_EQ(theirs.header("Idempotent-Replayed"), "");
  // Bob with a different body is not told that Alice used the key.
  EXPECT_EQ(call(bob, R"({"x":1})", "other-key", creator()).status, 201);
}

TEST_P(Idempotency, ServerErrorsAreNotStoredSoARetryRunsAgain) {
  auto failing = [&](Request&) {
    ++runs;
    return Response::problem(503, "Service Unavailable", "try later");
  };
  EXPECT_EQ(call(alice, "{}", "k", failing).status, 503);
  EXPECT_EQ(call(alice, "{}", "k", creator()).status, 201);
  EXPECT_EQ(runs, 2);
}

TEST_P(Idempotency, ClientErrorsAreReplayed) {
  auto refusing = [&](Request&) {
    ++runs;
    return Response::problem(404, "Not Found", "no such conversation");
  };
  EXPECT_EQ(call(alice, "{}", "k", refusing).status, 404);
  EXPECT_EQ(call(alice, "{}", "k", creator()).status, 404);
  EXPECT_EQ(runs, 1);
}

TEST_P(Idempotency, AnExpiredLeaseIsTakenOverByTheRetry) {
  // The first owner died: its pending record stays, with a lease.
  auto fingerprint = request_fingerprint(request(alice, "{}", "k"));
  const int64_t now = clock.now_ms();
  ASSERT_TRUE(db->exec("INSERT INTO idempotency_keys (subject, idem_key, fingerprint, state, "
                       "lease_until, created_at, expires_at) VALUES ($1, 'k', $2, 'pending', $3, "
                       "$4, $5)",
                       {alice, fingerprint, now + 30'000, now, now + 3'600'000})
                  .ok());
  EXPECT_EQ(call(alice, "{}", "k", creator()).status, 409);
  clock.advance(std::chrono::seconds(31));
  EXPECT_EQ(call(alice, "{}", "k", creator()).status, 201);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(call(alice, "{}", "k", creator()).header("Idempotent-Replayed"), "true");
}

TEST_P(Idempotency, ExpiredAnswersAreForgottenAndPurged) {
  ASSERT_EQ(call(alice, R"({"a":1})", "k", creator()).status, 201);
  clock.advance(std::chrono::hours(2));
  // Past the TTL the key is free again, even for another body.
  EXPECT_EQ(call(alice, R"({"a":2})", "k", creator()).status, 201);
  EXPECT_EQ(runs, 2);
  clock.advance(std::chrono::hours(2));
  auto purged = idem->purge_expired();
  ASSERT_TRUE(purged.ok());
  auto left = db->query_one("SELECT COUNT(*) FROM idempotency_keys WHERE subject = $1", {alice});
  ASSERT_TRUE(left.ok() && *left);
  EXPECT_EQ((*left)->i64(0), 0);
}

TEST_P(Idempotency, StoredAnswersAreSealedAtRest) {
  ASSERT_EQ(call(alice, R"({"secret":"my-balance-42"})", "k", creator()).status, 201);
  auto row = db->query_one("SELECT response_enc FROM idempotency_keys WHERE subject = $1", {alice});
  ASSERT_TRUE(row.ok() && *row);
  std::string stored = (*row)->str(0);
  EXPECT_TRUE(store::FieldCipher::is_sealed(stored));
  EXPECT_EQ(stored.find("my-balance-42"), std::string::npos);
}

TEST_P(Idempotency, StreamsCompleteTheKeyWhenTheGeneratorFinishes) {
  std::shared_ptr<PendingRequest> adopted;
  auto streaming = [&](Request&) {
    ++runs;
    adopted = adopt_idempotency();
    return Response::stream(std::make_shared<http::SseStream>());
  };
  auto first = call(alice, "{}", "k", streaming);
  ASSERT_TRUE(first.sse);
  ASSERT_TRUE(adopted);
  EXPECT_EQ(call(alice, "{}", "k", streaming).status, 409) << "still generating";
  adopted->complete(Response::json(200, {{"answer", 42}}));
  auto replayed = call(alice, "{}", "k", streaming);
  EXPECT_EQ(replayed.status, 200);
  EXPECT_EQ(nlohmann::json::parse(replayed.body)["answer"], 42);
  EXPECT_EQ(runs, 1);
}

TEST_P(Idempotency, AStreamNobodyAdoptedReleasesTheKey) {
  auto streaming = [&](Request&) {
    ++runs;
    return Response::stream(std::make_shared<http::SseStream>());
  };
  ASSERT_TRUE(call(alice, "{}", "k", streaming).sse);
  EXPECT_TRUE(call(alice, "{}", "k", streaming).sse);
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(adopt_idempotency(), nullptr) << "outside a keyed request there is nothing to adopt";
}

TEST_P(Idempotency, MalformedKeysAre400) {
  EXPECT_EQ(call(alice, "{}", "has space", creator()).status, 400);
  EXPECT_EQ(call(alice, "{}", std::string(256, 'x'), creator()).status, 400);
  EXPECT_EQ(call(alice, "{}", "\"\"", creator()).status, 400);
  EXPECT_EQ(runs, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Idempotency, ::testing::ValuesIn(store::testing::backend_urls()),
                         [](const auto& param_info) {
                           return param_info.param.rfind("sqlite", 0) == 0 ? "sqlite" : "postgres";
                         });

TEST(IdempotencyKey, ParsesStringsAndTokens) {
  EXPECT_EQ(parse_idempotency_key("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"").value(),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(parse_idempotency_key(" abc-1 ").value(), "abc-1");
  EXPECT_FALSE(parse_idempotency_key("").ok());
  EXPECT_FALSE(parse_idempotency_key("a\"b").ok());
  EXPECT_FALSE(parse_idempotency_key("tab\there").ok());
}

TEST(IdempotencyKey, WrapperPassesThroughWhenNothingIsInstalled) {
  install_idempotency(nullptr);
  int runs = 0;
  auto handler = idempotent([&](Request&) {
    ++runs;
    return Response::no_content();
  });
  Request r;
  r.method = "POST";
  r.headers.emplace_back("idempotency-key", "k");
  handler(r);
  handler(r);
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace finchat::api
