#include "app/llm_tool_chooser.hpp"

#include <gtest/gtest.h>

#include "llm/test_util.hpp"

namespace finchat::app {
namespace {

std::shared_ptr<llm::Engine> tiny_engine() {
  static std::shared_ptr<llm::Engine> engine = [] {
    auto path = llm::testing::write_tiny("tool_chooser.gguf", llm::testing::tiny_spec());
    llm::EngineOptions opts;
    opts.threads = 1;
    auto e = llm::Engine::load(path, opts);
    EXPECT_TRUE(e.ok());
    return e ? std::shared_ptr<llm::Engine>(std::move(*e)) : nullptr;
  }();
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
