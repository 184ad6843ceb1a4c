#include "kg/lookups.hpp"

#include <gtest/gtest.h>

#include "kg/test_util.hpp"

namespace finchat::kg {
namespace {

std::vector<std::string> objects(const std::vector<GraphFact>& facts) {
  std::vector<std::string> out;
  out.reserve(facts.size());
  for (const auto& f : facts) out.push_back(f.object);
  return out;
}

TEST(Lookups, TickerAndCompanyResolveBothWays) {
  Graph g = testing::demo_finance_graph();
  EXPECT_EQ(company_for_ticker(g, "NOVA"), "company:NOVA");
  EXPECT_EQ(company_for_ticker(g, "nova"), "company:NOVA");
  EXPECT_FALSE(company_for_ticker(g, "ZZZZ").has_value());
  EXPECT_EQ(ticker_of(g, "company:BRKL"), "BRKL");
  EXPECT_EQ(ticker_of(g, "company:NOPE"), "");
}

TEST(Lookups, PeersPreferCompetesWithInBothDirections) {
  Graph g = testing::demo_finance_graph();
  auto peers = company_peers(g, "company:NOVA");
  auto ids = objects(peers);
  EXPECT_EQ(ids, (std::vector<std::string>{"company:QBIT", "company:LUMO"}));
  for (const auto& p : peers) {
    EXPECT_EQ(p.relation, "COMPETES_WITH");
    EXPECT_EQ(p.provenance.source, "demo_companies.json");
  }
}

TEST(Lookups, PeersFallBackToSectorWhenAloneInIndustry) {
  Graph g = testing::demo_finance_graph();
  // Corvale lists no competitors and is the only health-care provider.
  auto peers = company_peers(g, "company:CRVL");
  ASSERT_FALSE(peers.empty());
  for (const auto& p : peers) {
    EXPECT_EQ(p.relation, "SAME_SECTOR");
    EXPECT_NE(p.object, "company:CRVL");
  }
  auto ids = objects(peers);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "company:MDXA"), ids.end());
  EXPECT_EQ(company_peers(g, "company:CRVL", 1).size(), 1u);
}

TEST(Lookups, PeersFallBackToIndustry) {
  Graph g = testing::small_graph();
  (void)g.upsert_node(Node{"industry:chips", "Industry", "Chips", {}, Json::object()});
  (void)g.upsert_edge(Edge{"company:B", "industry:chips", "IN_INDUSTRY", {}, {}});
  (void)g.upsert_edge(Edge{"company:C", "industry:chips", "IN_INDUSTRY", {}, {}});
  auto peers = company_peers(g, "company:C");
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0].object, "company:B");
  EXPECT_EQ(peers[0].relation, "SAME_INDUSTRY");
}

TEST(Lookups, ClassificationAndOfficers) {
  Graph g = testing::demo_finance_graph();
  auto cls = company_classification(g, "company:NOVA");
  ASSERT_EQ(cls.size(), 2u);
  EXPECT_EQ(cls[0].object, "sector:technology");
  EXPECT_EQ(cls[0].object_name, "Technology");
  EXPECT_EQ(cls[1].object, "industry:semiconductors");
  auto officers = company_officers(g, "company:NOVA");
  ASSERT_EQ(officers.size(), 2u);
  EXPECT_EQ(officers[0].object_name, "Maya Lindqvist");
  EXPECT_EQ(officers[0].properties["title"], "CEO");
  EXPECT_EQ(officers[0].edge, "person:maya-lindqvist OFFICER_OF company:NOVA");
  EXPECT_EQ(officers[1].properties["title"], "CFO");
}

TEST(Lookups, ProductFeesCarryAmountsAndArticles) {
  auto g = build_demo_graph(testing::companies_file(), testing::testdata("kb_fixture"));
  ASSERT_TRUE(g.ok()) << g.error().message;
  auto fees = product_fees(*g, "product:everyday-checking");
  ASSERT_EQ(fees.size(), 2u);
  for (const auto& f : fees) {
    EXPECT_EQ(f.fee.relation, "HAS_FEE");
    EXPECT_TRUE(f.fee.properties.contains("amount"));
    ASSERT_EQ(f.articles.size(), 1u) << f.fee.object;
    EXPECT_EQ(f.articles[0].object.rfind("article:", 0), 0u);
  }
  EXPECT_TRUE(product_fees(*g, "product:nothing").empty());
}

TEST(Lookups, SearchRanksExactThenPrefixThenTypos) {
  Graph g = testing::demo_finance_graph();
  auto hits = search_entities(g, "Novatek", "", 5);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(g.node(hits[0].node).id, "company:NOVA");
  EXPECT_DOUBLE_EQ(hits[0].score, 1.0);  // alias
  auto typo = search_entities(g, "Qubitorn", "Company", 5);
  ASSERT_FALSE(typo.empty());
  EXPECT_EQ(g.node(typo[0].node).id, "company:QBIT");
  EXPECT_LT(typo[0].score, 0.9);
  auto sectors = search_entities(g, "tech", "Sector", 5);
  ASSERT_FALSE(sectors.empty());
  for (const auto& h : sectors) EXPECT_EQ(g.node(h.node).type, "Sector");
  EXPECT_TRUE(search_entities(g, "zzzzzz", "", 5).empty());
  EXPECT_EQ(search_entities(g, "a", "", 3).size(), 3u);
}

}  // namespace
}  // namespace finchat::kg
