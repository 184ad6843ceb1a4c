#pragma once
// Model-chosen tools: when a capable model is configured, it may pick the skill (tool) for
// a turn by writing a JSON call constrained to a schema built from the tool list. The call
// is validated here; anything invalid leaves the decision to the router.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace finchat::chat {

struct Turn;

// One tool the model may call: a skill name, what it is for, and which of the shared
// argument slots it reads.
struct ToolSpec {
  std::string name;
  std::string description;
  std::vector<std::string> arguments;  // subset of tool_argument_names()
};

struct ToolCall {
  std::string tool;
  nlohmann::json arguments = nlohmann::json::object();
};

// The argument slots every tool draws from: symbols (tickers or company names), a period
// ("last quarter", "YTD"), an indicator name and a free-text topic.
const std::vector<std::string>& tool_argument_names();

// JSON schema of a call: {"tool": one of the names, "symbols": [...], "period": "...",
// "indicator": "...", "topic": "..."}; only "tool" is required.
nlohmann::json tool_call_schema(const std::vector<ToolSpec>& tools);

// Parses and validates generated text against the tool list; nullopt when it is not a
// call to a known tool with well-typed arguments.
std::optional<ToolCall> parse_tool_call(const std::string& generated,
                                        const std::vector<ToolSpec>& tools);

// The tool list as the prompt shows it, one tool per line.
std::string describe_tools(const std::vector<ToolSpec>& tools);

class ToolChooser {
 public:
  virtual ~ToolChooser() = default;
  // nullopt: no choice (model unavailable, invalid output); the router decides.
  virtual std::optional<ToolCall> choose(const Turn& turn, const std::vector<ToolSpec>& tools) = 0;
};

}  // namespace finchat::chat
