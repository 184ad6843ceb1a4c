#include "support/flows.hpp"

#include <gtest/gtest.h>

namespace finchat::support {
namespace {

const std::string kFlowsDir = std::string(FINCHAT_SOURCE_DIR) + "/data/kb/flows";

FlowLibrary library() {
  auto lib = FlowLibrary::load_dir(kFlowsDir);
  EXPECT_TRUE(lib.ok()) << lib.error().message;
  return lib.ok() ? std::move(lib.value()) : FlowLibrary{};
}

TEST(Flows, BundledFlowsAreValid) {
  auto lib = library();
  EXPECT_EQ(lib.flows().size(), 5u);
  EXPECT_NE(lib.find("flow-card-declined"), nullptr);
}

TEST(Flows, ValidationNamesFileAndStep) {
  const char* bad_next = R"({"id":"f","title":"t","start":"a","steps":[
      {"id":"a","kind":"question","text":"?","options":[{"label":"x","next":"zz"}]}]})";
  auto r = parse_flow(bad_next, "f.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("f.json: step 'a'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("zz"), std::string::npos);

  const char* bad_start = R"({"id":"f","title":"t","start":"q","steps":[
      {"id":"a","kind":"resolution","text":"done"}]})";
  EXPECT_FALSE(parse_flow(bad_start, "f.json").ok());
  const char* no_handoff = R"({"id":"f","title":"t","start":"a","steps":[
      {"id":"a","kind":"handoff","text":"h"}]})";
  EXPECT_FALSE(parse_flow(no_handoff, "f.json").ok());
  const char* dup = R"({"id":"f","title":"t","start":"a","steps":[
      {"id":"a","kind":"resolution","text":"d"},{"id":"a","kind":"resolution","text":"d"}]})";
  EXPECT_FALSE(parse_flow(dup, "f.json").ok());
  EXPECT_FALSE(parse_flow("[]", "f.json").ok());
  EXPECT_FALSE(parse_flow("{not json", "f.json").ok());
}

TEST(Flows, MatchBySymptoms) {
  auto lib = library();
  EXPECT_EQ(lib.match_flow("Hi, my card declined at the supermarket"), "flow-card-declined");
  EXPECT_EQ(lib.match_flow("I forgot password and now I'm locked out"), "flow-cannot-log-in");
  EXPECT_EQ(lib.match_flow("the app keeps closing on my phone"), "flow-app-crashes");
  EXPECT_FALSE(lib.match_flow("what is the mortgage rate today").has_value());
}

TEST(FlowRunnerTest, WalksToResolution) {
  auto lib = library();
  FlowRunner runner(lib);
  auto t = runner.start("flow-card-declined");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->step_id, "cd-which-card");
  EXPECT_EQ(t->options.size(), 2u);
  t = runner.answer(t->state, "1");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->step_id, "cd-frozen");
  // State survives a round trip through text, as it would in the conversation store.
  auto stored = nlohmann::json::parse(t->state.dump());
  t = runner.answer(stored, "it is FROZEN");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind, FlowTurn::Kind::resolution);
  EXPECT_EQ(t->step_id, "cd-res-unfreeze");
  auto done = runner.answer(t->state, "ok");
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().kind, ErrorKind::conflict);
}

TEST(FlowRunnerTest, HandoffCarriesCategoryAndStepsTried) {
  auto lib = library();
  FlowRunner runner(lib);
  auto t = runner.start("flow-card-declined");
  for (const char* a : {"Northwind Visa Debit", "Neither", "did not make that purchase"}) {
    ASSERT_TRUE(t.ok());
    t = runner.answer(t->state, a);
  }
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind, FlowTurn::Kind::handoff);
  EXPECT_EQ(t->handoff_category, "fraud_dispute");
  EXPECT_EQ(t->handoff_priority, "urgent");
  EXPECT_EQ(t->steps_tried, (std::vector<std::string>{"cd-which-card", "cd-frozen", "cd-alert"}));
}

TEST(FlowRunnerTest, UnclearAnswerRepeatsStepAndBadStateIsRejected) {
  auto lib = library();
  FlowRunner runner(lib);
  auto t = runner.start("flow-card-declined");
  ASSERT_TRUE(t.ok());
  auto again = runner.answer(t->state, "banana");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->understood);
  EXPECT_EQ(again->step_id, "cd-which-card");
  EXPECT_FALSE(runner.answer(nlohmann::json::array(), "1").ok());
  EXPECT_FALSE(runner
                   .answer({{"flow_id", "x"},
                            {"step", "a"},
                            {"tried", nlohmann::json::array()},
                            {"answers", nlohmann::json::array()}},
                           "1")
                   .ok());
  EXPECT_FALSE(runner.start("nope").ok());
}

}  // namespace
}  // namespace finchat::support
