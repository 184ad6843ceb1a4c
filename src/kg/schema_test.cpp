#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kg/schema.hpp"

namespace finchat::kg {
namespace {

TEST(Schema, DefaultDeclaresEveryRequiredType) {
  const Schema& s = *default_schema();
  for (const char* t : {"Company", "Ticker", "Sector", "Industry", "Exchange", "Person", "Index",
                        "FinancialMetric", "Product", "Feature", "Fee", "Issue", "Symptom",
                        "TroubleshootingStep", "Resolution", "Article", "Policy", "Queue"}) {
    EXPECT_TRUE(s.node_type(t)) << t;
  }
  for (const char* t :
       {"COMPETES_WITH", "IN_SECTOR", "IN_INDUSTRY", "HAS_TICKER", "LISTED_ON", "OFFICER_OF",
        "CONSTITUENT_OF", "HAS_FEE", "HAS_FEATURE", "DOCUMENTED_IN", "HAS_SYMPTOM", "FIRST_STEP",
        "NEXT_STEP", "RESOLVED_BY", "ESCALATES_TO", "ABOUT", "APPLIES_TO", "RELATED_TO"}) {
    EXPECT_TRUE(s.edge_type(t)) << t;
  }
  EXPECT_EQ(s.node_type_def(*s.node_type("Company")).domain, "finance");
  EXPECT_EQ(s.node_type_def(*s.node_type("Product")).domain, "support");
}

TEST(Schema, CompiledDefaultMatchesTheFile) {
  std::ifstream in(std::string(KG_SOURCE_DIR) + "/schema.json");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(Json::parse(text.str()), Json::parse(default_schema_text()));
}

TEST(Schema, ChecksPairsAndRequiredProperties) {
  const Schema& s = *default_schema();
  EXPECT_EQ(s.check_edge("IN_SECTOR", "Company", "Sector", Json::object()), "");
  EXPECT_NE(s.check_edge("IN_SECTOR", "Sector", "Company", Json::object()), "");
  EXPECT_NE(s.check_edge("NO_SUCH", "Company", "Sector", Json::object()), "");
  EXPECT_NE(s.check_edge("OFFICER_OF", "Person", "Company", Json::object()).find("title"),
            std::string::npos);
  EXPECT_EQ(s.check_edge("OFFICER_OF", "Person", "Company", {{"title", "CEO"}}), "");
  EXPECT_EQ(s.check_edge("RELATED_TO", "Fee", "Company", Json::object()), "");  // "*" pairs
  EXPECT_NE(s.check_node("Ticker", Json::object()).find("symbol"), std::string::npos);
  EXPECT_NE(s.check_node("Planet", Json::object()), "");
}

TEST(Schema, RejectsMalformedDocuments) {
  EXPECT_FALSE(Schema::from_text("not json"));
  EXPECT_FALSE(Schema::from_text(R"({"node_types": {}})"));
  auto bad_pair = Schema::from_text(
      R"({"node_types": {"A": {}}, "edge_types": {"E": {"pairs": [["A", "B"]]}}})");
  ASSERT_FALSE(bad_pair);
  EXPECT_NE(bad_pair.error().message.find("'B'"), std::string::npos);
  EXPECT_TRUE(Schema::from_text(
      R"({"node_types": {"A": {}}, "edge_types": {"E": {"pairs": [["A", "A"]]}}})"));
}

}  // namespace
}  // namespace finchat::kg
