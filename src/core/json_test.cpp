#include "core/json.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace finchat::json {
namespace {

TEST(JsonTest, ParseReportsPosition) {
  auto r = parse("{\"a\": }");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("byte"), std::string::npos);
  EXPECT_TRUE(parse("{\"a\": 1}").ok());
}

TEST(JsonTest, JsonLinesSkipsBlankLinesAndNamesTheBadLine) {
  const auto path =
      (std::filesystem::temp_directory_path() / "finchat_core_jsonl_test.jsonl").string();
  std::ofstream(path) << "{\"n\": 1}\n\n  \n{\"n\": 2}\n[3]\n{\"n\": 4}\n";
  std::vector<int> seen;
  std::vector<std::string> where;
  auto st = for_each_jsonl(path, [&](const Json& j, const std::string& w) {
    seen.push_back(j["n"].get<int>());
    where.push_back(w);
    return Status{};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, path + ":5: not a JSON object");
  EXPECT_EQ(seen, (std::vector<int>{1, 2}));  // stops at the bad line
  EXPECT_EQ(where.back(), path + ":4");
  // The callback's own error stops the reading too.
  int calls = 0;
  st = for_each_jsonl(path, [&](const Json&, const std::string& w) {
    ++calls;
    return Status(Error::invalid(w + ": rejected"));
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(st.error().message, path + ":1: rejected");
  std::filesystem::remove(path);
  EXPECT_EQ(
      for_each_jsonl(path, [](const Json&, const std::string&) { return Status{}; }).error().kind,
      ErrorKind::not_found);
}

TEST(JsonTest, ReaderFillsTypedFields) {
  auto j = Json::parse(R"({"name":"x","count":3,"ratio":0.5,"flag":true,"tags":["a"]})");
  std::string name;
  int64_t count = 0;
  double ratio = 0;
  bool flag = false;
  std::vector<std::string> tags;
  std::optional<std::string> note;
  auto st = ObjectReader(j)
                .field("name", name, true)
                .field("count", count, true, {0, 10})
                .field("ratio", ratio, true)
                .field("flag", flag, true)
                .field("tags", tags, false)
                .field("note", note)
                .finish();
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(name, "x");
  EXPECT_EQ(count, 3);
  EXPECT_EQ(tags.size(), 1u);
  EXPECT_FALSE(note.has_value());
}

TEST(JsonTest, UnknownFieldRejectedByName) {
  auto j = Json::parse(R"({"name":"x","role":"admin"})");
  std::string name;
  auto st = ObjectReader(j).field("name", name, true).finish();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "role");
}

TEST(JsonTest, MissingAndWrongTypeNamed) {
  auto j = Json::parse(R"({"count":"3"})");
  std::string name;
  int64_t count = 0;
  auto st = ObjectReader(j).field("count", count, true).field("name", name, true).finish();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "count");
  auto st2 = ObjectReader(Json::parse("{}")).field("name", name, true).finish();
  ASSERT_FALSE(st2.ok());
  EXPECT_EQ(st2.error().field, "name");
}

TEST(JsonTest, RulesEnforced) {
  auto j = Json::parse(R"({"kind":"zzz","n":50})");
  std::string kind;
  int64_t n = 0;
  auto st = ObjectReader(j).field("kind", kind, true, StringRule{0, 10, {"a", "b"}}).finish();
  EXPECT_FALSE(st.ok());
  auto st2 = ObjectReader(j).field("kind", kind, true).field("n", n, true, {0, 10}).finish();
  ASSERT_FALSE(st2.ok());
  EXPECT_EQ(st2.error().field, "n");
}

TEST(JsonTest, NonObjectRejected) {
  std::string s;
  EXPECT_FALSE(ObjectReader(Json::parse("[1,2]")).field("a", s, false).finish().ok());
}

}  // namespace
}  // namespace finchat::json
