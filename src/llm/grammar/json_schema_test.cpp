#include "llm/grammar/json_schema.hpp"

#include <gtest/gtest.h>

namespace finchat::llm {
namespace {

std::shared_ptr<const SchemaNode> schema(const char* text) {
  auto s = compile_json_schema(nlohmann::json::parse(text));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return *s;
}

bool accepts(const std::shared_ptr<const SchemaNode>& s, const std::string& text,
             bool want_complete = true) {
  auto c = make_json_constraint(s);
  if (!c->accept(text)) return false;
  return !want_complete || c->complete();
}

const char* kTrade = R"({"type":"object","properties":{
  "ticker":{"type":"string","maxLength":5},
  "action":{"enum":["buy","sell","hold"]},
  "qty":{"type":"integer"},
  "price":{"type":"number"},
  "urgent":{"type":"boolean"},
  "tags":{"type":"array","items":{"type":"string"},"maxItems":2}},
  "required":["ticker","action"]})";

TEST(JsonSchema, AcceptsValidDocuments) {
  auto s = schema(kTrade);
  EXPECT_TRUE(accepts(s, R"({"ticker":"AAPL","action":"buy"})"));
  EXPECT_TRUE(accepts(s, R"({"action": "sell", "ticker": "MSFT", "qty": -12, "price": 3.5e2})"));
  EXPECT_TRUE(accepts(s, R"( {"ticker":"X","action":"hold","urgent":false,"tags":["a", "b\"c"]})"));
  EXPECT_TRUE(accepts(s, R"({"ticker":"\u00e9","action":"buy","price":0.25})"));
}

TEST(JsonSchema, RejectsInvalidPrefixes) {
  auto s = schema(kTrade);
  EXPECT_FALSE(accepts(s, R"({"ticker":"AAPL"})"));           // missing required
  EXPECT_FALSE(accepts(s, R"({"bogus":1})", false));          // unknown key
  EXPECT_FALSE(accepts(s, R"({"ticker":"TOOLONG")", false));  // maxLength
  EXPECT_FALSE(accepts(s, R"({"action":"buyx")", false));     // not an enum value
  EXPECT_FALSE(accepts(s, R"({"qty":1.5)", false));           // integer
  EXPECT_FALSE(accepts(s, R"({"qty":01)", false));            // leading zero
  EXPECT_FALSE(accepts(s, R"({"urgent":yes)", false));
  EXPECT_FALSE(accepts(s, R"({"tags":["a","b","c"])", false));            // maxItems
  EXPECT_FALSE(accepts(s, R"({"ticker":"A","ticker":"B")", false));       // duplicate key
  EXPECT_FALSE(accepts(s, R"({"ticker":"A","action":"buy"} x)", false));  // trailing text
  EXPECT_FALSE(accepts(s, R"({  "ticker")", false));                      // too much whitespace
  EXPECT_FALSE(accepts(s, "{\"ticker\":\"\xc3\"", false));                // cut UTF-8 sequence
  EXPECT_FALSE(accepts(s, "{\"ticker\":\"\xed\xa0\x80", false));          // surrogate
  EXPECT_TRUE(accepts(s, "{\"ticker\":\"\xc3\xa9\",\"action\":\"buy\"}"));
  // Prefixes of valid documents are accepted but not complete.
  EXPECT_TRUE(accepts(s, R"({"tick)", false));
  EXPECT_FALSE(accepts(s, R"({"tick)", true));
}

TEST(JsonSchema, TopLevelScalarsAndCompletion) {
  auto num = schema(R"({"type":"number"})");
  auto c = make_json_constraint(num);
  EXPECT_TRUE(c->accept("-1"));
  EXPECT_TRUE(c->complete());
  EXPECT_TRUE(c->can_continue());
  EXPECT_TRUE(c->accept(".5"));
  EXPECT_TRUE(c->complete());
  auto e = make_json_constraint(schema(R"({"enum":["a","ab"]})"));
  EXPECT_TRUE(e->accept("\"a"));
  EXPECT_FALSE(e->complete());
  EXPECT_TRUE(e->accept("\""));
  EXPECT_TRUE(e->complete());
  EXPECT_FALSE(e->can_continue());
}

TEST(JsonSchema, CompileErrorsNameThePath) {
  auto bad = compile_json_schema(
      nlohmann::json::parse(R"({"type":"object","properties":{"x":{"type":"date"}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "$.x");
  EXPECT_FALSE(compile_json_schema(nlohmann::json::parse(R"({"type":"array"})")).ok());
  EXPECT_FALSE(
      compile_json_schema(nlohmann::json::parse(R"({"type":"object","required":["y"]})")).ok());
}

TEST(JsonSchema, ValidatorChecksDocuments) {
  auto s = schema(kTrade);
  EXPECT_TRUE(
      json_matches_schema(nlohmann::json::parse(R"({"ticker":"A","action":"buy","qty":3})"), *s));
  EXPECT_FALSE(
      json_matches_schema(nlohmann::json::parse(R"({"ticker":"A","action":"short"})"), *s));
  EXPECT_FALSE(
      json_matches_schema(nlohmann::json::parse(R"({"ticker":"A","action":"buy","qty":3.5})"), *s));
}

TEST(ChoiceConstraint, AcceptsOnlyListedChoices) {
  auto c = make_choice_constraint({"buy", "sell", "hold"});
  EXPECT_TRUE(c->clone()->accept("se"));
  EXPECT_FALSE(c->clone()->accept("sx"));
  auto d = c->clone();
  ASSERT_TRUE(d->accept("hold"));
  EXPECT_TRUE(d->complete());
  EXPECT_FALSE(d->can_continue());
  EXPECT_FALSE(d->accept("s"));
}

}  // namespace
}  // namespace finchat::llm
