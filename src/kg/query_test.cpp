#include <gtest/gtest.h>

#include "kg/query.hpp"
#include "kg/test_util.hpp"

namespace finchat::kg {
namespace {

std::vector<std::string> ids(const Graph& g, const std::vector<NodeIndex>& nodes) {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (NodeIndex n : nodes) out.push_back(g.node(n).id);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Neighbours, ByTypeAndDirection) {
  Graph g = testing::small_graph();
  auto in = neighbours(g, "sector:tech", {{"IN_SECTOR"}, Direction::in, {}});
  ASSERT_TRUE(in);
  ASSERT_EQ(in->size(), 2u);
  auto out = neighbours(g, "company:A", {{}, Direction::out, {}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->size(), 2u);
  auto officers = neighbours(g, "company:A", {{}, Direction::in, {"Person"}});
  ASSERT_TRUE(officers);
  ASSERT_EQ(officers->size(), 1u);
  EXPECT_EQ(g.node((*officers)[0].node).id, "person:p");
  auto unknown = neighbours(g, "company:Z", {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
  auto bad_type = neighbours(g, "company:A", {{"NOPE"}, Direction::out, {}});
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(bad_type.error().kind, ErrorKind::invalid_argument);
}

TEST(Expand, KHopsRespectDepthAndLimits) {
  Graph g = testing::small_graph();
  ExpandOptions opts;
  opts.filter.direction = Direction::both;
  opts.limits.max_depth = 1;
  auto one = expand(g, std::vector<std::string>{"company:B"}, opts);
  ASSERT_TRUE(one);
  EXPECT_EQ(ids(g, one->nodes),
            (std::vector<std::string>{"company:A", "company:B", "sector:tech"}));
  opts.limits.max_depth = 2;
  auto two = expand(g, std::vector<std::string>{"company:B"}, opts);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->nodes.size(), 4u);  // + person:p
  EXPECT_FALSE(two->truncated);
  opts.limits.max_nodes = 2;
  auto cut = expand(g, std::vector<std::string>{"company:B"}, opts);
  ASSERT_TRUE(cut);
  EXPECT_TRUE(cut->truncated);
  EXPECT_EQ(cut->nodes.size(), 2u);
  opts.truncate = false;
  auto strict = expand(g, std::vector<std::string>{"company:B"}, opts);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(strict.error().message.find("too broad"), std::string::npos);
}

TEST(Expand, RejectsLimitsBeyondTheCaps) {
  Graph g = testing::small_graph();
  ExpandOptions opts;
  opts.limits.max_nodes = kMaxNodesCap + 1;
  EXPECT_FALSE(expand(g, std::vector<std::string>{"company:A"}, opts));
  opts.limits = Limits{};
  opts.limits.max_depth = kMaxDepthCap + 1;
  EXPECT_FALSE(expand(g, std::vector<std::string>{"company:A"}, opts));
  opts.limits = Limits{};
  opts.limits.time_budget = std::chrono::milliseconds(0);
  auto r = expand(g, std::vector<std::string>{"company:A"}, opts);
  ASSERT_FALSE(r);
  EXPECT_EQ(http_status(r.error().kind), 400);
}

TEST(ShortestPath, FindsFewestHopsWithFilters) {
  Graph g = testing::small_graph();
  Limits limits;
  auto p = shortest_path(g, "person:p", "company:B", {{}, Direction::both, {}}, limits);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->edges.size(), 2u);  // p -> A -> B
  // Only via sectors: A is a Company so Person -> ... is blocked.
  auto blocked =
      shortest_path(g, "person:p", "company:B", {{}, Direction::both, {"Sector"}}, limits);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().kind, ErrorKind::not_found);
  auto via_sector =
      shortest_path(g, "company:A", "company:B", {{"IN_SECTOR"}, Direction::both, {}}, limits);
  ASSERT_TRUE(via_sector);
  ASSERT_EQ(via_sector->nodes.size(), 3u);
  EXPECT_EQ(g.node(via_sector->nodes[1]).id, "sector:tech");
  auto none = shortest_path(g, "company:A", "company:C", {{}, Direction::both, {}}, limits);
  EXPECT_FALSE(none);
  auto self = shortest_path(g, "company:A", "company:A", {}, limits);
  ASSERT_TRUE(self);
  EXPECT_EQ(self->nodes.size(), 1u);
  Json j = path_to_json(g, *via_sector);
  EXPECT_EQ(j["hops"], 2);
}

TEST(ShortestPath, FailsCleanlyWhenTooBroad) {
  Graph g;
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(g.upsert_node(Node{"c" + std::to_string(i), "Company", "C", {}, Json::object()}));
    if (i > 0) {
      ASSERT_TRUE(g.upsert_edge(
          Edge{"c" + std::to_string(i - 1), "c" + std::to_string(i), "COMPETES_WITH", {}, {}}));
    }
  }
  Limits limits;
  limits.max_nodes = 100;
  limits.max_depth = kMaxDepthCap;
  auto r = shortest_path(g, "c0", "c499", {}, limits);
  ASSERT_FALSE(r);  // depth 8 cannot reach; not_found
  limits.max_nodes = 3;
  auto broad = shortest_path(g, "c0", "c5", {}, limits);
  ASSERT_FALSE(broad);
  EXPECT_EQ(broad.error().kind, ErrorKind::invalid_argument);
}

TEST(Subgraph, IncludesEdgesAmongMembers) {
  Graph g = testing::small_graph();
  ExpandOptions opts;
  opts.filter.direction = Direction::both;
  auto sub = subgraph_around(g, {"company:A", "company:B"}, 1, opts);
  ASSERT_TRUE(sub);
  EXPECT_EQ(ids(g, sub->nodes),
            (std::vector<std::string>{"company:A", "company:B", "person:p", "sector:tech"}));
  EXPECT_EQ(sub->edges.size(), 4u);
  Json j = subgraph_to_json(g, *sub);
  EXPECT_EQ(j["nodes"].size(), 4u);
  EXPECT_EQ(j["truncated"], false);
}

}  // namespace
}  // namespace finchat::kg
