#include "api/kg_routes.hpp"

#include <gtest/gtest.h>

#include "api/test_support.hpp"

#include "http/pipeline.hpp"
#include "kg/demo.hpp"
#include "store/migrations.hpp"

namespace finchat::api {
namespace {

using http::Request;
using Json = nlohmann::json;

struct AuditRow {
  std::string actor, event, subject;
};

struct KgRoutes : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    graph = std::make_shared<kg::KnowledgeService>(db);
    auto loaded = graph->load([] { return kg::build_finance_graph(KG_COMPANIES_FILE); });
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    KgDeps deps;
    deps.graph = graph;
    deps.caps.max_nodes = 500;
    deps.audit = [this](const Request& r, const std::string& event, const std::string& subject,
                        const Json&) {
      audits.push_back({r.principal->subject, event, subject});
    };
    auto router = std::make_shared<http::Router>();
    register_kg_routes(*router, deps);
    pipeline = testing::pipeline_for(router);
  }
  http::Response call(const std::string& method, const std::string& target, const std::string& who,
                      const std::string& body = {}) {
    auto request = testing::make_request(method, target, who, body);
    return pipeline->handle(request);
  }
  Json json_of(const http::Response& res) { return Json::parse(res.body); }

  std::shared_ptr<store::Database> db;
  std::shared_ptr<kg::KnowledgeService> graph;
  std::shared_ptr<http::Pipeline> pipeline;
  std::vector<AuditRow> audits;
};

TEST_F(KgRoutes, EntityHasPropertiesAndEdgesWithProvenance) {
  auto res = call("GET", "/v1/kg/entities/company:NOVA", "c-alice");
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = json_of(res);
  EXPECT_EQ(j["node"]["name"], "Novatek Systems Inc.");
  EXPECT_EQ(j["node"]["properties"]["founded"], 1998);
  ASSERT_FALSE(j["edges_out"].empty());
  EXPECT_EQ(j["edges_out"][0]["provenance"]["source"], "demo_companies.json");
  EXPECT_FALSE(j["edges_in"].empty());  // officers, peers
  EXPECT_EQ(call("GET", "/v1/kg/entities/company:NOPE", "c-alice").status, 404);
}

TEST_F(KgRoutes, ReadsNeedSignIn) {
  EXPECT_EQ(call("GET", "/v1/kg/entities/company:NOVA", "").status, 401);
  EXPECT_EQ(call("GET", "/v1/kg/entities?q=nova", "").status, 401);
  EXPECT_EQ(call("POST", "/v1/kg/query", "", R"({"op":"path","from":"a","to":"b"})").status, 401);
  EXPECT_EQ(call("POST", "/v1/kg/link", "", R"({"text":"Novatek"})").status, 401);
  EXPECT_EQ(call("GET", "/v1/kg/entities?q=nova", "a-agent").status, 200);
}

TEST_F(KgRoutes, SearchIsFuzzyAndFiltersByType) {
  auto res = call("GET", "/v1/kg/entities?q=qubitorn&type=Company&limit=3", "c-alice");
  ASSERT_EQ(res.status, 200) << res.body;
  auto items = json_of(res)["items"];
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["id"], "company:QBIT");
  EXPECT_EQ(call("GET", "/v1/kg/entities?q=x&type=Spaceship", "c-alice").status, 400);
  EXPECT_EQ(call("GET", "/v1/kg/entities?q=x&limit=5000", "c-alice").status, 400);
  EXPECT_EQ(call("GET", "/v1/kg/entities", "c-alice").status, 400);
}

TEST_F(KgRoutes, QueryRunsPatternsAndRejectsBroadQueriesWith400) {
  auto res = call("POST", "/v1/kg/query", "c-alice",
                  R"({"match":[{"var":"c","name":"Brickline"},
                      {"from":"o","edge":"OFFICER_OF","to":"c"}],"return":["o"]})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json_of(res)["rows"].size(), 2u);
  auto broad = call("POST", "/v1/kg/query", "c-alice",
                    R"({"op":"expand","seeds":["exchange:NXE"],"direction":"both","depth":4,
                        "limits":{"max_nodes":10}})");
  EXPECT_EQ(broad.status, 400);
  EXPECT_EQ(broad.header("content-type"), "application/problem+json");
  EXPECT_NE(broad.body.find("too broad"), std::string::npos) << broad.body;
  auto over_cap = call("POST", "/v1/kg/query", "c-alice",
                       R"({"op":"expand","seeds":["exchange:NXE"],"limits":{"max_nodes":100000}})");
  EXPECT_EQ(over_cap.status, 400);
  EXPECT_EQ(call("POST", "/v1/kg/query", "c-alice", "not json").status, 400);
}

TEST_F(KgRoutes, LinkReturnsSpansAndScoredCandidates) {
  auto res = call("POST", "/v1/kg/link", "c-alice",
                  R"({"text":"How is Novatek doing against $QBIT?","context":"market"})");
  ASSERT_EQ(res.status, 200) << res.body;
  auto m = json_of(res)["mentions"];
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0]["text"], "Novatek");
  EXPECT_EQ(m[0]["begin"], 7);
  EXPECT_EQ(m[0]["candidates"][0]["id"], "company:NOVA");
  EXPECT_GT(m[0]["candidates"][0]["score"].get<double>(), 0.5);
  EXPECT_EQ(m[1]["candidates"][0]["id"], "company:QBIT");
  EXPECT_EQ(call("POST", "/v1/kg/link", "c-alice", R"({"text":""})").status, 400);
  EXPECT_EQ(call("POST", "/v1/kg/link", "c-alice", R"({"text":"x","context":"mars"})").status, 400);
}

TEST_F(KgRoutes, WritesAreAdminOnlyAndAudited) {
  const std::string node = R"({"id":"company:ZED","type":"Company","name":"Zedcorp Holdings"})";
  EXPECT_EQ(call("POST", "/v1/kg/nodes", "c-alice", node).status, 403);
  EXPECT_EQ(call("POST", "/v1/kg/nodes", "a-agent", node).status, 403);
  EXPECT_EQ(call("POST", "/v1/kg/nodes", "", node).status, 401);
  EXPECT_EQ(call("DELETE", "/v1/kg/nodes/company:NOVA", "c-alice").status, 403);
  EXPECT_TRUE(audits.empty());

  auto created = call("POST", "/v1/kg/nodes", "root", node);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(call("POST", "/v1/kg/nodes", "root", node).status, 200);  // idempotent update
  auto edge = call("POST", "/v1/kg/edges", "root",
                   R"({"from":"company:ZED","type":"COMPETES_WITH","to":"company:NOVA"})");
  ASSERT_EQ(edge.status, 201) << edge.body;
  EXPECT_EQ(json_of(edge)["provenance"]["source"], "admin:root");
  // The index and the linker follow the write at once.
  auto linked = json_of(call("POST", "/v1/kg/link", "c-alice", R"({"text":"Zedcorp Holdings"})"));
  ASSERT_EQ(linked["mentions"].size(), 1u);
  EXPECT_EQ(linked["mentions"][0]["candidates"][0]["id"], "company:ZED");

  EXPECT_EQ(call("DELETE", "/v1/kg/nodes/company:ZED", "root").status, 204);
  EXPECT_EQ(call("GET", "/v1/kg/entities/company:ZED", "c-alice").status, 404);
  EXPECT_EQ(call("DELETE", "/v1/kg/nodes/company:ZED", "root").status, 404);
  ASSERT_EQ(audits.size(), 4u);
  EXPECT_EQ(audits[0].event, "kg_node_upserted");
  EXPECT_EQ(audits[0].actor, "root");
  EXPECT_EQ(audits[2].event, "kg_edge_upserted");
  EXPECT_EQ(audits[3].event, "kg_node_deleted");
  EXPECT_EQ(audits[3].subject, "company:ZED");
}

TEST_F(KgRoutes, InvalidWritesAre400AndChangeNothing) {
  EXPECT_EQ(
      call("POST", "/v1/kg/nodes", "root", R"({"id":"x:1","type":"Spaceship","name":"X"})").status,
      400);
  EXPECT_EQ(call("POST", "/v1/kg/edges", "root",
                 R"({"from":"company:NOVA","type":"OFFICER_OF","to":"company:QBIT"})")
                .status,
            400);
  EXPECT_EQ(call("POST", "/v1/kg/edges", "root",
                 R"({"from":"company:NOVA","type":"COMPETES_WITH","to":"company:NOPE"})")
                .status,
            400);
  EXPECT_EQ(call("GET", "/v1/kg/entities/x:1", "c-alice").status, 404);
  EXPECT_TRUE(audits.empty());
}

}  // namespace
}  // namespace finchat::api
