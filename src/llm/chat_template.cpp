#include "llm/chat_template.hpp"

namespace finchat::llm {

const char* chat_format_name(ChatFormat f) {
  switch (f) {
    case ChatFormat::chatml: return "chatml";
    case ChatFormat::llama3: return "llama3";
    case ChatFormat::llama2: return "llama2";
    case ChatFormat::zephyr: return "zephyr";
    case ChatFormat::finchat: return "finchat";
  }
  return "finchat";
}

ChatFormat detect_chat_format(const std::string& t, const std::string& name) {
  auto has = [&](const char* s) { return t.find(s) != std::string::npos; };
  if (has("<|im_start|>")) return ChatFormat::chatml;
  if (has("<|start_header_id|>")) return ChatFormat::llama3;
  if (has("<|finchat:")) return ChatFormat::finchat;
  if (has("<|user|>") && has("<|assistant|>")) return ChatFormat::zephyr;
  if (has("[INST]")) return ChatFormat::llama2;
  if (name == "chatml") return ChatFormat::chatml;
  if (name == "llama3") return ChatFormat::llama3;
  if (name == "llama2" || name == "mistral") return ChatFormat::llama2;
  if (name == "zephyr") return ChatFormat::zephyr;
  return ChatFormat::finchat;
}

namespace {

std::string chatml(const std::vector<ChatMessage>& ms, bool gen) {
  std::string out;
  for (const auto& m : ms) out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
  if (gen) out += "<|im_start|>assistant\n";
  return out;
}

std::string llama3(const std::vector<ChatMessage>& ms, bool gen) {
  std::string out;
  for (const auto& m : ms) {
    out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + m.content + "<|eot_id|>";
  }
  if (gen) out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
  return out;
}

// [INST] format: the system prompt is folded into the first user turn.
std::string llama2(const std::vector<ChatMessage>& ms, bool) {
  std::string out, system;
  bool first_user = true;
  for (const auto& m : ms) {
    if (m.role == "system") {
      system = m.content;
    } else if (m.role == "user") {
      std::string content = m.content;
      if (first_user && !system.empty()) {
        content.insert(0, "<<SYS>>\n" + system + "\n<</SYS>>\n\n");
      }
      if (!first_user) out += "<s>";
      out += "[INST] ";
      out += content;
      out += " [/INST]";
      first_user = false;
    } else {
      out += " " + m.content + "</s>";
    }
  }
  return out;
}

std::string zephyr(const std::vector<ChatMessage>& ms, bool gen) {
  std::string out;
  for (const auto& m : ms) out += "<|" + m.role + "|>\n" + m.content + "</s>\n";
  if (gen) out += "<|assistant|>\n";
  return out;
}

std::string finchat_format(const std::vector<ChatMessage>& ms, bool gen) {
  std::string out;
  for (const auto& m : ms) out += "<|finchat:" + m.role + "|>\n" + m.content + "\n<|end|>\n";
  if (gen) out += "<|finchat:assistant|>\n";
  return out;
}

}  // namespace

std::string apply_chat_template(ChatFormat f, const std::vector<ChatMessage>& ms, bool gen) {
  switch (f) {
    case ChatFormat::chatml: return chatml(ms, gen);
    case ChatFormat::llama3: return llama3(ms, gen);
    case ChatFormat::llama2: return llama2(ms, gen);
    case ChatFormat::zephyr: return zephyr(ms, gen);
    case ChatFormat::finchat: return finchat_format(ms, gen);
  }
  return finchat_format(ms, gen);
}

std::vector<std::string> chat_stop_strings(ChatFormat f) {
  switch (f) {
    case ChatFormat::chatml: return {"<|im_end|>", "<|im_start|>"};
    case ChatFormat::llama3: return {"<|eot_id|>", "<|start_header_id|>"};
    case ChatFormat::llama2: return {"</s>", "[INST]"};
    case ChatFormat::zephyr: return {"</s>", "<|user|>"};
    case ChatFormat::finchat: return {"<|end|>", "<|finchat:"};
  }
  return {};
}

}  // namespace finchat::llm
