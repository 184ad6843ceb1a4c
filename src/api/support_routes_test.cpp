#include "api/support_routes.hpp"

#include <gtest/gtest.h>

#include "api/test_support.hpp"

#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "store/migrations.hpp"

namespace finchat::api {
namespace {


struct SupportRoutes : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    auto cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    deps.tickets = std::make_shared<support::TicketStore>(db, cipher, clock);
    deps.desk = std::make_shared<support::SupportDesk>(db, cipher, clock);
    deps.clock = &clock;
    ASSERT_TRUE(deps.desk->upsert_agent({"a-fraud", "F", {"fraud"}, 5}).ok());
    ASSERT_TRUE(deps.desk->upsert_agent({"a-brok", "B", {"brokerage"}, 5}).ok());
    rebuild();
  }
  // Re-registers the routes after a test changed `deps`.
  void rebuild() {
    auto router = std::make_shared<http::Router>();
    register_support_routes(*router, deps);
    pipeline = testing::pipeline_for(router);
  }
  http::Response call(const std::string& method, const std::string& target, const std::string& who,
                      const std::string& body = {}) {
    auto request = testing::make_request(method, target, who, body);
    return pipeline->handle(request);
  }
  std::string create(const std::string& who, const std::string& category = "fraud_dispute") {
    auto res = call("POST", "/v1/support/tickets", who,
                    R"({"summary":"someone used my card","category":")" + category + "\"}");
    EXPECT_EQ(res.status, 201) << res.body;
    return nlohmann::json::parse(res.body).value("id", "");
  }
  SupportDeps deps;
  ManualClock clock{1'800'000'000'000};
  std::shared_ptr<store::Database> db;
  std::shared_ptr<http::Pipeline> pipeline;
};

TEST_F(SupportRoutes, CustomerSeesOnlyOwnTickets) {
  auto id = create("c-alice");
  EXPECT_EQ(call("GET", "/v1/support/tickets/" + id, "c-alice").status, 200);
  EXPECT_EQ(call("GET", "/v1/support/tickets/" + id, "c-bob").status, 404);
  auto list = nlohmann::json::parse(call("GET", "/v1/support/tickets", "c-bob").body);
  EXPECT_TRUE(list["items"].empty());
  EXPECT_EQ(call("POST", "/v1/support/tickets/" + id + "/escalate", "c-bob").status, 404);
  EXPECT_EQ(
      call("POST", "/v1/support/tickets/" + id + "/reply", "c-bob", R"({"body":"hi"})").status,
      404);
  EXPECT_EQ(call("POST", "/v1/support/tickets/" + id + "/claim", "c-alice").status, 403);
  EXPECT_EQ(call("POST", "/v1/support/tickets/" + id + "/resolve", "c-alice").status, 403);
  EXPECT_EQ(call("GET", "/v1/support/queues", "c-alice").status, 403);
  EXPECT_EQ(call("POST", "/v1/support/classify", "c-alice", R"({"text":"x"})").status, 403);
}

TEST_F(SupportRoutes, AgentOutsideQueueGetsNotFoundEverywhere) {
  auto id = create("c-alice");  // fraud queue
  const std::string base = "/v1/support/tickets/" + id;
  EXPECT_EQ(call("GET", base, "a-brok").status, 404);
  EXPECT_EQ(call("POST", base + "/claim", "a-brok").status, 404);
  EXPECT_EQ(call("POST", base + "/reply", "a-brok", R"({"body":"hi"})").status, 404);
  EXPECT_EQ(call("POST", base + "/reply", "a-brok", R"({"body":"n","internal":true})").status, 404);
  EXPECT_EQ(call("POST", base + "/resolve", "a-brok").status, 404);
  EXPECT_EQ(call("POST", base + "/escalate", "a-brok").status, 404);
  auto list = nlohmann::json::parse(call("GET", "/v1/support/tickets", "a-brok").body);
  EXPECT_TRUE(list["items"].empty());
  EXPECT_EQ(call("GET", base, "a-fraud").status, 200);
  EXPECT_EQ(call("GET", base, "root").status, 200);
}

TEST_F(SupportRoutes, AgentLifecycleAndIllegalTransitions) {
  auto id = create("c-alice");
  const std::string base = "/v1/support/tickets/" + id;
  EXPECT_EQ(call("POST", base + "/escalate", "c-alice").status, 409) << "already escalated";
  EXPECT_EQ(call("POST", base + "/claim", "a-fraud").status, 200);
  EXPECT_EQ(call("POST", base + "/claim", "a-fraud").status, 409);
  EXPECT_EQ(call("POST", base + "/reply", "a-fraud", R"({"body":"card blocked"})").status, 200);
  EXPECT_EQ(
      call("POST", base + "/reply", "a-fraud", R"({"body":"SIM swap?","internal":true})").status,
      200);
  EXPECT_EQ(call("POST", base + "/reply", "c-alice", R"({"body":"thanks"})").status, 200);
  auto seen_by_customer = call("GET", base, "c-alice").body;
  EXPECT_EQ(seen_by_customer.find("SIM swap"), std::string::npos) << "notes are internal";
  EXPECT_NE(call("GET", base, "a-fraud").body.find("SIM swap"), std::string::npos);
  EXPECT_EQ(call("POST", base + "/resolve", "a-fraud").status, 200);
  EXPECT_EQ(call("POST", base + "/resolve", "a-fraud").status, 409);
  EXPECT_EQ(call("POST", base + "/claim", "a-fraud").status, 409);
  EXPECT_EQ(call("POST", base + "/reply", "c-alice", R"({"body":"again"})").status, 409);
}

TEST_F(SupportRoutes, StrictValidation) {
  auto id = create("c-alice");
  const std::string base = "/v1/support/tickets/" + id;
  EXPECT_EQ(call("POST", "/v1/support/tickets", "c-alice", R"({"summary":""})").status, 400);
  EXPECT_EQ(
      call("POST", "/v1/support/tickets", "c-alice", R"({"summary":"x","customer_id":"c-bob"})")
          .status,
      400)
      << "unknown field (mass assignment)";
  EXPECT_EQ(
      call("POST", "/v1/support/tickets", "c-alice", R"({"summary":"x","category":"zz"})").status,
      400);
  EXPECT_EQ(call("POST", "/v1/support/tickets", "c-alice", "not json").status, 400);
  EXPECT_EQ(call("POST", base + "/reply", "c-alice", R"({"body":"x","internal":true})").status,
            400);
  EXPECT_EQ(call("POST", base + "/reply", "c-alice", R"({"text":"x"})").status, 400);
  EXPECT_EQ(call("POST", base + "/claim", "a-fraud", R"({"force":true})").status, 400);
  EXPECT_EQ(call("POST", "/v1/support/classify", "a-fraud", R"({"text":"x"})").status, 503)
      << "no model in this fixture";
}

TEST_F(SupportRoutes, QueuesWithSlaStatus) {
  create("c-alice");
  create("c-bob", "trading_order");
  clock.advance(std::chrono::hours(5));  // normal priority: 4 h SLA, now breached
  auto mine = nlohmann::json::parse(call("GET", "/v1/support/queues", "a-fraud").body);
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["queue"], "fraud");
  EXPECT_EQ(mine["items"][0]["open"], 1);
  EXPECT_EQ(mine["items"][0]["breached"], 1);
  auto all = nlohmann::json::parse(call("GET", "/v1/support/queues", "root").body);
  EXPECT_EQ(all["items"].size(), 2u);
}

std::string field_of(const http::Response& res) {
  auto j = nlohmann::json::parse(res.body);
  return j.contains("errors") ? j["errors"][0].value("field", "") : "";
}

TEST_F(SupportRoutes, FaqSearchValidatesAndAnswersEveryRole) {
  std::string seen_query;
  size_t seen_k = 0;
  deps.faq_search = [&](const std::string& q, size_t k) -> Result<nlohmann::json> {
    seen_query = q;
    seen_k = k;
    return nlohmann::json{{"query", q},
                          {"confidence", 0.8},
                          {"decision", "answer"},
                          {"results", nlohmann::json::array({{{"faq_id", "faq-0001"}}})}};
  };
  rebuild();
  for (std::string who : {"c-alice", "a-fraud", "root"}) {
    auto res = call("GET", "/v1/support/faq/search?q=wire%20fee&k=3", who);
    ASSERT_EQ(res.status, 200) << who << res.body;
    EXPECT_EQ(nlohmann::json::parse(res.body)["decision"], "answer");
  }
  EXPECT_EQ(seen_query, "wire fee");
  EXPECT_EQ(seen_k, 3u);
  call("GET", "/v1/support/faq/search?q=pin", "c-alice");
  EXPECT_EQ(seen_k, 5u);  // default
  auto no_q = call("GET", "/v1/support/faq/search?k=3", "c-alice");
  EXPECT_EQ(no_q.status, 400);
  EXPECT_EQ(field_of(no_q), "q");
  EXPECT_EQ(field_of(call("GET", "/v1/support/faq/search?q=%20", "c-alice")), "q");
  for (std::string k : {"0", "21", "abc", "-1", ""}) {
    auto bad = call("GET", "/v1/support/faq/search?q=pin&k=" + k, "c-alice");
    EXPECT_EQ(bad.status, 400) << k;
    EXPECT_EQ(field_of(bad), "k") << k;
  }
}

TEST_F(SupportRoutes, FaqSearchAndClassifyWhileLoadingAre503WithRetryAfter) {
  auto search = call("GET", "/v1/support/faq/search?q=pin", "c-alice");
  EXPECT_EQ(search.status, 503);  // no index at all
  deps.faq_search = [](const std::string&, size_t) -> Result<nlohmann::json> {
    return Error::unavailable("loading");
  };
  deps.classifier = [] { return std::shared_ptr<const support::TicketClassifier>(); };
  rebuild();
  search = call("GET", "/v1/support/faq/search?q=pin", "c-alice");
  EXPECT_EQ(search.status, 503);
  EXPECT_EQ(search.header("Retry-After"), "5");
  auto classify = call("POST", "/v1/support/classify", "a-fraud", R"({"text":"card stolen"})");
  EXPECT_EQ(classify.status, 503) << classify.body;
  EXPECT_EQ(classify.header("Retry-After"), "5");
  // Tickets still open while the model loads, with lexicon sentiment.
  auto created = call("POST", "/v1/support/tickets", "c-alice",
                      R"({"summary":"this is ridiculous, the worst bank ever"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(nlohmann::json::parse(created.body)["sentiment"], "negative");
}

}  // namespace
}  // namespace finchat::api
