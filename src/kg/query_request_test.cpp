#include "kg/query_request.hpp"

#include <gtest/gtest.h>

#include "kg/test_util.hpp"

namespace finchat::kg {
namespace {

Result<Json> run(const Graph& g, const char* text, QueryCaps caps = {}) {
  return run_query_request(g, Json::parse(text), caps);
}

TEST(QueryRequest, PatternFindsSectorPeers) {
  Graph g = testing::demo_finance_graph();
  auto r = run(g, R"({"match":[{"var":"c","id":"company:NOVA"},
      {"from":"c","edge":"IN_SECTOR","to":"s"},{"from":"p","edge":"IN_SECTOR","to":"s"},
      {"var":"p","type":"Company"}],"where":[{"ne":["p","c"]}],"return":["p"],
      "limits":{"max_nodes":500}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)["op"], "match");
  ASSERT_EQ((*r)["rows"].size(), 7u);  // QBIT, CLDX, VRNT, LUMO, HALO, CRWV, PXFG
  for (const auto& row : (*r)["rows"]) EXPECT_EQ(row["p"]["type"], "Company");
}

TEST(QueryRequest, NeighboursCarryEdgeProvenance) {
  Graph g = testing::demo_finance_graph();
  auto r = run(g, R"({"op":"neighbours","id":"company:NOVA","edge_types":["COMPETES_WITH"]})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ((*r)["items"].size(), 2u);
  EXPECT_EQ((*r)["items"][0]["edge"]["provenance"]["source"], "demo_companies.json");
}

TEST(QueryRequest, PathAndSubgraph) {
  Graph g = testing::small_graph();
  auto p = run(g, R"({"op":"path","from":"person:p","to":"company:B"})");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ((*p)["hops"], 2);
  auto s = run(g, R"({"op":"subgraph","ids":["company:A"],"radius":1})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ((*s)["nodes"].size(), 4u);  // A, B, tech, p
}

TEST(QueryRequest, TooBroadIsInvalidArgumentNotATruncatedAnswer) {
  Graph g = testing::demo_finance_graph();
  auto r = run(g, R"({"op":"expand","seeds":["sector:technology"],"direction":"both","depth":3,
                      "limits":{"max_nodes":5}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  auto t = run(g, R"({"op":"expand","seeds":["sector:technology"],"direction":"both","depth":3,
                      "truncate":true,"limits":{"max_nodes":5}})");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE((*t)["truncated"].get<bool>());
  EXPECT_LE((*t)["nodes"].size(), 5u);
}

TEST(QueryRequest, LimitsAboveCapsAndBadFieldsAreRejected) {
  Graph g = testing::small_graph();
  QueryCaps caps;
  caps.max_nodes = 100;
  for (const char* q : {R"({"op":"expand","seeds":["company:A"],"limits":{"max_nodes":101}})",
                        R"({"op":"expand","seeds":["company:A"],"limits":{"time_ms":999999}})",
                        R"({"op":"expand","seeds":["company:A"],"limits":{"rows":1}})",
                        R"({"op":"expand","seeds":[]})", R"({"op":"fly"})", R"({})", R"([1])",
                        R"({"op":"neighbours","id":"company:A","direction":"up"})",
                        R"({"op":"path","from":"company:A"})"}) {
    auto r = run_query_request(g, Json::parse(q), caps);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument) << q;
  }
  EXPECT_EQ(run(g, R"({"op":"neighbours","id":"company:nope"})").error().kind,
            ErrorKind::not_found);
}

}  // namespace
}  // namespace finchat::kg
