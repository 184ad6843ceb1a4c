#include "chat/tool_choice.hpp"

#include <algorithm>

namespace finchat::chat {
namespace {

constexpr size_t kMaxSymbols = 4;
constexpr size_t kMaxArgumentChars = 40;

const ToolSpec* find_tool(const std::vector<ToolSpec>& tools, const std::string& name) {
  auto it =
      std::find_if(tools.begin(), tools.end(), [&](const ToolSpec& t) { return t.name == name; });
  return it == tools.end() ? nullptr : &*it;
}

bool short_string(const nlohmann::json& v) {
  return v.is_string() && !v.get<std::string>().empty() &&
         v.get<std::string>().size() <= kMaxArgumentChars;
}

// Keeps only the arguments the tool reads, each well typed; drops the rest.
nlohmann::json accepted_arguments(const nlohmann::json& doc, const ToolSpec& tool) {
  nlohmann::json args = nlohmann::json::object();
  for (const auto& name : tool.arguments) {
    auto it = doc.find(name);
    if (it == doc.end()) continue;
    if (name == "symbols") {
      if (!it->is_array()) continue;
      nlohmann::json symbols = nlohmann::json::array();
      for (const auto& s : *it) {
        if (short_string(s) && symbols.size() < kMaxSymbols) symbols.push_back(s);
      }
      if (!symbols.empty()) args[name] = symbols;
    } else if (short_string(*it)) {
      args[name] = *it;
    }
  }
  return args;
}

}  // namespace

const std::vector<std::string>& tool_argument_names() {
  static const std::vector<std::string> names = {"symbols", "period", "indicator", "topic"};
  return names;
}

nlohmann::json tool_call_schema(const std::vector<ToolSpec>& tools) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& t : tools) names.push_back(t.name);
  auto text = [] { return nlohmann::json{{"type", "string"}, {"maxLength", kMaxArgumentChars}}; };
  return {{"type", "object"},
          {"properties",
           {{"tool", {{"type", "string"}, {"enum", names}}},
            {"symbols", {{"type", "array"}, {"items", text()}, {"maxItems", kMaxSymbols}}},
            {"period", text()},
            {"indicator", text()},
            {"topic", text()}}},
          {"required", {"tool"}}};
}

std::optional<ToolCall> parse_tool_call(const std::string& generated,
                                        const std::vector<ToolSpec>& tools) {
  auto doc = nlohmann::json::parse(generated, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  auto name = doc.find("tool");
  if (name == doc.end() || !name->is_string()) return std::nullopt;
  const ToolSpec* tool = find_tool(tools, name->get<std::string>());
  if (tool == nullptr) return std::nullopt;
  return ToolCall{tool->name, accepted_arguments(doc, *tool)};
}

std::string describe_tools(const std::vector<ToolSpec>& tools) {
  std::string out;
  for (const auto& t : tools) {
    out += "- " + t.name + ": " + t.description;
    if (!t.arguments.empty()) {
      out += " (arguments:";
      for (const auto& a : t.arguments) out += " " + a;
      out += ")";
    }
    out += "\n";
  }
  return out;
}

}  // namespace finchat::chat
