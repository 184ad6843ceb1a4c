#include "app/llm_tool_chooser.hpp"

#include "chat/history.hpp"
#include "core/log.hpp"
#include "llm/grammar/json_schema.hpp"

namespace finchat::app {
namespace {

constexpr int kMaxCallTokens = 96;
constexpr size_t kMaxContextChars = 400;

constexpr const char* kInstruction =
    "You route a bank customer's message to one tool. Answer with one JSON object: "
    "{\"tool\": name, and the arguments the tool reads}. Tools:\n";

}  // namespace

std::vector<chat::ToolSpec> default_tool_specs() {
  return {
      {"market_quote", "latest price and daily change of a stock", {"symbols"}},
      {"market_analysis",
       "technical indicators of a stock (RSI, MACD, moving averages)",
       {"symbols", "indicator", "period"}},
      {"market_trends", "how the whole market and its sectors are moving", {"period"}},
      {"company",
       "a company's reported financials, growth, margins and ratios",
       {"symbols", "period", "topic"}},
      {"kg", "relations between companies, sectors, products and fees", {"symbols", "topic"}},
      {"documents", "summaries of the customer's uploaded documents", {"topic"}},
      {"portfolio", "portfolio suggestions after a risk questionnaire", {"topic"}},
      {"faq", "answers from the bank's help centre about accounts, cards and fees", {"topic"}},
      {"troubleshoot", "guided steps for a problem (card declined, cannot log in)", {"topic"}},
      {"escalation", "hand the conversation to a human agent", {"topic"}},
      {"smalltalk", "greetings and thanks", {}},
      {"out_of_scope", "anything a bank assistant should not answer", {}},
  };
}

std::vector<llm::ChatMessage> tool_choice_messages(const chat::Turn& turn,
                                                   const std::vector<chat::ToolSpec>& tools) {
  std::string context = chat::history_context(turn.state);
  if (context.size() > kMaxContextChars)
    context = context.substr(context.size() - kMaxContextChars);
  std::string user =
      (context.empty() ? "" : "CONVERSATION SO FAR:\n" + context + "\n") + "MESSAGE:\n" + turn.text;
  return {{"system", kInstruction + chat::describe_tools(tools)}, {"user", std::move(user)}};
}

std::optional<chat::ToolCall> LlmToolChooser::choose(const chat::Turn& turn,
                                                     const std::vector<chat::ToolSpec>& tools) {
  auto engine = engine_ ? engine_() : nullptr;
  if (!engine || tools.empty()) return std::nullopt;
  auto schema = llm::compile_json_schema(chat::tool_call_schema(tools));
  if (!schema) {
    log::get("chat")->warn("tool-call schema rejected: {}", schema.error().message);
    return std::nullopt;
  }
  llm::GenerateRequest req;
  req.prompt = engine->apply_chat(tool_choice_messages(turn, tools), true);
  req.sampling.temperature = 0.0f;  // the same message routes the same way
  req.max_tokens = kMaxCallTokens;
  req.constraint = llm::make_json_constraint(*schema);
  auto result = engine->generate(req);
  if (!result || result->finish != llm::FinishReason::stop) return std::nullopt;
  return chat::parse_tool_call(result->text, tools);
}

}  // namespace finchat::app
