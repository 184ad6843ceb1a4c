#include <gtest/gtest.h>

#include "kg/pattern.hpp"
#include "kg/test_util.hpp"

namespace finchat::kg {
namespace {

std::vector<std::string> column(const Graph& g, const PatternResult& r, size_t c = 0) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(g.node(row[c]).id);
  std::sort(out.begin(), out.end());
  return out;
}

class PatternTest : public ::testing::Test {
 protected:
  Graph g = testing::demo_finance_graph();
  Limits limits;
};

TEST_F(PatternTest, SameSectorPeers) {
  auto r = run_pattern(g, Json::parse(R"({
    "match": [{"var":"c","id":"company:NOVA"},
              {"from":"c","edge":"IN_SECTOR","to":"s"},
              {"from":"p","edge":"IN_SECTOR","to":"s"}, {"var":"p","type":"Company"}],
    "where": [{"ne":["p","c"]}], "return": ["p"], "limit": 50})"),
                       limits);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(column(g, *r), (std::vector<std::string>{"company:CLDX", "company:CRWV", "company:HALO",
                                                     "company:LUMO", "company:PXFG", "company:QBIT",
                                                     "company:VRNT"}));
  EXPECT_EQ(r->columns, std::vector<std::string>{"p"});
}

TEST_F(PatternTest, NameAnchorsTypesAndHasFilter) {
  auto r = run_pattern(g, Json::parse(R"({
    "match": [{"var":"c","name":"brickline"}, {"from":"o","edge":"OFFICER_OF","to":"c"},
              {"var":"o","type":"Person"}],
    "return": ["o"]})"),
                       limits);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(column(g, *r),
            (std::vector<std::string>{"person:grace-holloway", "person:samuel-achterberg"}));
  auto founded = run_pattern(g, Json::parse(R"({
    "match": [{"var":"x","type":"Industry"}, {"from":"c","edge":"IN_INDUSTRY","to":"x"}],
    "where": [{"has":["c","founded"]}], "return":["x"], "limit": 3})"),
                             limits);
  ASSERT_TRUE(founded);
  EXPECT_EQ(founded->rows.size(), 3u);
  EXPECT_TRUE(founded->truncated);
}

TEST_F(PatternTest, BothEndsBoundChecksTheEdge) {
  auto r = run_pattern(g, Json::parse(R"({
    "match": [{"var":"a","id":"company:NOVA"}, {"var":"b","id":"company:QBIT"},
              {"from":"a","edge":"COMPETES_WITH","to":"b"}]})"),
                       limits);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rows.size(), 1u);
  auto none = run_pattern(g, Json::parse(R"({
    "match": [{"var":"a","id":"company:NOVA"}, {"var":"b","id":"company:CRST"},
              {"from":"a","edge":"COMPETES_WITH","to":"b"}]})"),
                          limits);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->rows.empty());
}

TEST_F(PatternTest, RejectsBadQueriesWithClearMessages) {
  auto expect_invalid = [&](const char* text, const char* needle) {
    auto r = run_pattern(g, Json::parse(text), limits);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  };
  expect_invalid(R"({"match": []})", "non-empty");
  expect_invalid(R"({"match": [{"from":"a","edge":"NOPE","to":"b"}]})", "unknown edge type");
  expect_invalid(R"({"match": [{"from":"a","to":"b"}]})", "unconstrained");
  expect_invalid(R"({"match": [{"var":"a","type":"Company"}], "limit": 100000})", "limit");
  expect_invalid(R"({"match": [{"var":"a","id":"x"}], "where": [{"ne":["a","z"]}]})",
                 "two variables");
  expect_invalid(R"({"match": [{"var":"a","id":"x"}], "select": []})", "select");
}

TEST_F(PatternTest, TooBroadIsAnErrorNotAHang) {
  limits.max_nodes = 20;
  auto r = run_pattern(g, Json::parse(R"({
    "match": [{"var":"a","type":"Company"}, {"var":"b","type":"Company"},
              {"from":"a","edge":"*","to":"x"}, {"from":"b","edge":"*","to":"x"}]})"),
                       limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(r.error().message.find("too broad"), std::string::npos);
}

}  // namespace
}  // namespace finchat::kg
