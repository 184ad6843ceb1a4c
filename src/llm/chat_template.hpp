#pragma once
// Chat prompt formats, detected from tokenizer.chat_template markers or a name.
#include <string>
#include <vector>

namespace finchat::llm {

enum class ChatFormat { chatml, llama3, llama2, zephyr, finchat };

struct ChatMessage {
  std::string role;  // system | user | assistant
  std::string content;
};

const char* chat_format_name(ChatFormat f);
// Looks for recognizable markers in a Jinja template; falls back to `name`
// ("chatml", "llama3", "llama2", "mistral", "zephyr", "finchat"), then finchat.
ChatFormat detect_chat_format(const std::string& jinja_template, const std::string& name = {});
// The prompt text (without BOS; the tokenizer adds it). Ends with the assistant cue
// when add_generation_prompt is true.
std::string apply_chat_template(ChatFormat f, const std::vector<ChatMessage>& messages,
                                bool add_generation_prompt = true);
// Strings that end an assistant turn in this format.
std::vector<std::string> chat_stop_strings(ChatFormat f);

}  // namespace finchat::llm
