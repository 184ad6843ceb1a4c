#include "app/llm_tool_chooser.hpp"

#include <gtest/gtest.h>

#include "llm/test_util.hpp"

namespace finchat::app {
namespace {

std::shared_ptr<llm::Engine> tiny_engine() {
  static auto engine = llm::testing::load_tiny_engine("tool_chooser.gguf");
  return engine;
}

chat::Turn turn_saying(std::string text) {
  chat::Turn t;
  t.user_id = "u1";
  t.conversation_id = "c1";
  t.text = std::move(text);
  return t;
}

TEST(LlmToolChooser, EvenAnUntrainedModelCanOnlyNameAnOfferedTool) {
  // Random weights choose arbitrarily, but the JSON-schema constraint must keep the call
  // well formed and inside the offered list.
  LlmToolChooser chooser([] { return tiny_engine(); });
  const auto tools = default_tool_specs();
  for (const char* text : {"what is NOVA at", "my card was declined", "hello"}) {
    auto call = chooser.choose(turn_saying(text), tools);
    ASSERT_TRUE(call) << text;
    bool offered = false;
    for (const auto& t : tools) offered = offered || t.name == call->tool;
    EXPECT_TRUE(offered) << call->tool;
  }
}

TEST(LlmToolChooser, DeclinesWithoutAModel) {
  LlmToolChooser chooser([] { return std::shared_ptr<llm::Engine>(); });
  EXPECT_FALSE(chooser.choose(turn_saying("what is NOVA at"), default_tool_specs()));
}

TEST(ToolChoiceMessages, ListTheToolsAndTheMessage) {
  auto messages = tool_choice_messages(turn_saying("price of NOVA?"), default_tool_specs());
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[0].content.find("- market_quote:"), std::string::npos);
  EXPECT_NE(messages[1].content.find("price of NOVA?"), std::string::npos);
}

}  // namespace
}  // namespace finchat::app
