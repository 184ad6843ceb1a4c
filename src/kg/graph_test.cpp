#include <gtest/gtest.h>

#include "kg/graph.hpp"
#include "kg/test_util.hpp"

namespace finchat::kg {
namespace {

TEST(Graph, UpsertAndFind) {
  Graph g = testing::small_graph();
  EXPECT_EQ(g.node_count(), 6u);
  EXPECT_EQ(g.edge_count(), 5u);
  ASSERT_NE(g.find("company:A"), nullptr);
  EXPECT_EQ(g.find("company:A")->name, "Alpha Widgets");
  EXPECT_EQ(g.find("nope"), nullptr);
  // Same id replaces.
  ASSERT_TRUE(g.upsert_node(Node{"company:A", "Company", "Alpha Two", {"A2"}, Json::object()}));
  EXPECT_EQ(g.node_count(), 6u);
  EXPECT_EQ(g.find("company:A")->name, "Alpha Two");
  EXPECT_FALSE(g.upsert_node(Node{"x", "Planet", "X", {}, Json::object()}));
}

TEST(Graph, EdgesAreUniqueByEndpointsAndTypeAndKeepAttributes) {
  Graph g = testing::small_graph();
  Edge e{"person:p", "company:A", "OFFICER_OF", {{"title", "Chair"}}, {"file.csv", "2026-01-01"}};
  ASSERT_TRUE(g.upsert_edge(e));
  EXPECT_EQ(g.edge_count(), 5u);
  auto idx = g.find_edge("person:p", "OFFICER_OF", "company:A");
  ASSERT_TRUE(idx);
  Edge back = g.edge(*idx);
  EXPECT_EQ(back.properties["title"], "Chair");
  EXPECT_EQ(back.provenance.source, "file.csv");
  EXPECT_EQ(back.provenance.as_of, "2026-01-01");
  auto missing = g.upsert_edge(Edge{"person:p", "company:Z", "OFFICER_OF", {}, {}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

TEST(Graph, HopsFollowDirectionAndType) {
  Graph g = testing::small_graph();
  const NodeIndex tech = *g.index_of("sector:tech");
  std::vector<std::string> seen;
  auto collect = [&](const Hop& hop) {
    seen.push_back(g.node(hop.other).id);
    return true;
  };
  g.for_each_hop(tech, Direction::in, std::nullopt, collect);
  EXPECT_EQ(seen, (std::vector<std::string>{"company:A", "company:B"}));
  seen.clear();
  g.for_each_hop(tech, Direction::out, std::nullopt, collect);
  EXPECT_TRUE(seen.empty());
  seen.clear();
  const NodeIndex a = *g.index_of("company:A");
  g.for_each_hop(a, Direction::both, g.schema().edge_type("IN_SECTOR"), collect);
  EXPECT_EQ(seen, (std::vector<std::string>{"sector:tech"}));
}

TEST(Graph, RemoveNodeDropsItsEdges) {
  Graph g = testing::small_graph();
  EXPECT_TRUE(g.remove_node("company:A"));
  EXPECT_FALSE(g.remove_node("company:A"));
  EXPECT_EQ(g.node_count(), 5u);
  EXPECT_EQ(g.edge_count(), 2u);
  EXPECT_TRUE(g.in_edges(*g.index_of("sector:tech")).size() == 1);
  EXPECT_TRUE(g.out_edges(*g.index_of("person:p")).empty());
  EXPECT_TRUE(g.remove_edge("company:C", "IN_SECTOR", "sector:energy"));
  EXPECT_FALSE(g.remove_edge("company:C", "IN_SECTOR", "sector:energy"));
  EXPECT_EQ(g.edge_count(), 1u);
  // Freed slots are reused without corrupting adjacency.
  ASSERT_TRUE(g.upsert_edge(Edge{"company:C", "sector:tech", "IN_SECTOR", {}, {}}));
  EXPECT_EQ(g.in_edges(*g.index_of("sector:tech")).size(), 2u);
}

}  // namespace
}  // namespace finchat::kg
