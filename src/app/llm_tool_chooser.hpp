#pragma once
// The model side of tool choice: asks the configured language model for a tool call,
// constrained by the engine's JSON-schema decoding so the output always parses.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chat/engine.hpp"
#include "chat/tool_choice.hpp"
#include "llm/engine.hpp"

namespace finchat::app {

// The skills finchat offers as tools, with the descriptions the model reads.
std::vector<chat::ToolSpec> default_tool_specs();

// Prompt for one choice, exposed for tests.
std::vector<llm::ChatMessage> tool_choice_messages(const chat::Turn& turn,
                                                   const std::vector<chat::ToolSpec>& tools);

class LlmToolChooser : public chat::ToolChooser {
 public:
  using EngineSource = std::function<std::shared_ptr<llm::Engine>()>;
  explicit LlmToolChooser(EngineSource engine) : engine_(std::move(engine)) {}

  std::optional<chat::ToolCall> choose(const chat::Turn& turn,
                                       const std::vector<chat::ToolSpec>& tools) override;

 private:
  EngineSource engine_;
};

}  // namespace finchat::app
