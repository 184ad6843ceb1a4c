#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "kg/demo.hpp"
#include "kg/test_util.hpp"

namespace finchat::kg {
namespace {

TEST(DemoFinance, BuildsAValidGraph) {
  auto batch = build_finance_graph(testing::companies_file());
  ASSERT_TRUE(batch) << batch.error().message;
  const auto issues = validate_batch(*batch, Graph{});
  ASSERT_TRUE(issues.empty()) << issues[0].to_string();
  Graph g;
  ASSERT_TRUE(apply_batch(*batch, g));
  size_t companies = 0;
  g.for_each_node([&](NodeIndex, const Node& n) { companies += n.type == "Company"; });
  EXPECT_GE(companies, 30u);
  EXPECT_TRUE(g.find_edge("company:NOVA", "HAS_TICKER", "ticker:NOVA"));
  EXPECT_TRUE(g.find_edge("ticker:NOVA", "LISTED_ON", "exchange:NXE"));
  EXPECT_TRUE(g.find_edge("company:NOVA", "COMPETES_WITH", "company:QBIT"));
  EXPECT_TRUE(g.find_edge("person:maya-lindqvist", "OFFICER_OF", "company:NOVA"));
  EXPECT_TRUE(g.find_edge("industry:semiconductors", "IN_SECTOR", "sector:technology"));
  const Edge e = g.edge(*g.find_edge("company:NOVA", "IN_SECTOR", "sector:technology"));
  EXPECT_EQ(e.provenance.source, "demo_companies.json");
  EXPECT_EQ(e.provenance.as_of, "2026-11-01");
}

TEST(DemoFinance, MissingFileIsAnError) {
  auto r = build_finance_graph("/nonexistent/demo.json");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/nonexistent/demo.json"), std::string::npos);
}

TEST(FrontMatter, ParsesValuesAndLists) {
  auto fm =
      parse_front_matter("---\nid: a\ntitle: \"Hi: there\"\ntags: [x, 'y z']\n---\nBody\n", "a.md");
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->values["id"], "a");
  EXPECT_EQ(fm->values["title"], "Hi: there");
  EXPECT_EQ(fm->lists["tags"], (std::vector<std::string>{"x", "y z"}));
  EXPECT_EQ(fm->body, "Body\n");
  auto unclosed = parse_front_matter("---\nid: a\n", "b.md");
  ASSERT_FALSE(unclosed);
  EXPECT_NE(unclosed.error().message.find("b.md:2"), std::string::npos);
  auto bad = parse_front_matter("---\njust text\n---\n", "c.md");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("c.md:2"), std::string::npos);
  EXPECT_FALSE(parse_front_matter("no front matter", "d.md"));
}

TEST(DemoSupport, FixtureBuildsEveryNodeKind) {
  auto sg = build_support_graph(testing::testdata("kb_fixture"));
  ASSERT_TRUE(sg) << sg.error().message;
  Graph g;
  const auto issues = validate_batch(sg->batch, g);
  ASSERT_TRUE(issues.empty()) << issues[0].to_string();
  ASSERT_TRUE(apply_batch(sg->batch, g));
  std::map<std::string, int> kinds;
  g.for_each_node([&](NodeIndex, const Node& n) { ++kinds[n.type]; });
  for (const char* t : {"Product", "Feature", "Fee", "Article", "Issue", "Symptom",
                        "TroubleshootingStep", "Resolution", "Queue"}) {
    EXPECT_GT(kinds[t], 0) << t;
  }
  EXPECT_TRUE(g.find_edge("product:everyday-checking", "HAS_FEE", "fee:fee-overdraft"));
  EXPECT_TRUE(g.find_edge("fee:fee-overdraft", "DOCUMENTED_IN", "article:kb-overdraft"));
  EXPECT_TRUE(g.find_edge("article:kb-lumen", "ABOUT", "product:lumen"));
  EXPECT_TRUE(g.find_edge("issue:card-declined", "FIRST_STEP", "step:card-declined:check-frozen"));
  auto next =
      g.find_edge("step:card-declined:check-frozen", "NEXT_STEP", "step:card-declined:unfreeze");
  ASSERT_TRUE(next);
  EXPECT_EQ(g.edge(*next).properties["option"], "Yes");
  EXPECT_TRUE(
      g.find_edge("step:card-declined:unfreeze", "NEXT_STEP", "resolution:card-declined:unfreeze"));
  EXPECT_TRUE(g.find_edge("step:card-declined:escalate", "ESCALATES_TO", "queue:cards-tier2"));
  EXPECT_TRUE(g.find_edge("issue:card-declined", "DOCUMENTED_IN", "article:kb-card-declined"));
  // fee-wire-out cites an article that does not exist: tolerated, reported.
  ASSERT_EQ(sg->warnings.size(), 1u);
  EXPECT_NE(sg->warnings[0].message.find("kb-missing"), std::string::npos);
}

TEST(DemoSupport, BadFilesNameTheFile) {
  const auto dir = std::filesystem::temp_directory_path() / "kg_bad_kb";
  std::filesystem::create_directories(dir / "flows");
  { std::ofstream(dir / "flows" / "broken.json") << "{ not json"; }
  auto r = build_support_graph(dir.string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("broken.json"), std::string::npos);
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(build_support_graph((dir / "missing").string()));
}

TEST(DemoSupport, RealKnowledgeBaseLoadsWhenPresent) {
  const std::string kb = KG_KB_DIR;
  if (!std::filesystem::exists(kb)) GTEST_SKIP() << "no " << kb;
  auto support = build_support_graph(kb);
  ASSERT_TRUE(support) << support.error().message;
  for (const auto& w : support->warnings) std::cout << "[ warning ] " << w.to_string() << "\n";
  auto g = build_demo_graph(testing::companies_file(), kb);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_GT(g->node_count(), 100u);
  std::map<std::string, int> kinds;
  g->for_each_node([&](NodeIndex, const Node& n) { ++kinds[n.type]; });
  for (const auto& [type, n] : kinds) std::cout << "[ kb ] " << type << ": " << n << "\n";
  EXPECT_GT(kinds["Article"], 0);
}

}  // namespace
}  // namespace finchat::kg
