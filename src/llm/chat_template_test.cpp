#include "llm/chat_template.hpp"

#include <gtest/gtest.h>

namespace finchat::llm {
namespace {

const std::vector<ChatMessage> kChat = {
    {"system", "Be brief."}, {"user", "Hi"}, {"assistant", "Hello"}, {"user", "EPS?"}};

TEST(ChatTemplate, DetectsFormatsFromJinjaMarkers) {
  EXPECT_EQ(detect_chat_format("{% for m in messages %}<|im_start|>{{m.role}}"),
            ChatFormat::chatml);
  EXPECT_EQ(detect_chat_format("{{ '<|start_header_id|>' + role }}"), ChatFormat::llama3);
  EXPECT_EQ(detect_chat_format("{{ bos_token + '[INST] ' + content }}"), ChatFormat::llama2);
  EXPECT_EQ(detect_chat_format("<|user|>\n{{ content }}</s><|assistant|>"), ChatFormat::zephyr);
  EXPECT_EQ(detect_chat_format("", "mistral"), ChatFormat::llama2);
  EXPECT_EQ(detect_chat_format("", ""), ChatFormat::finchat);
}

TEST(ChatTemplate, FormatsChatml) {
  EXPECT_EQ(apply_chat_template(ChatFormat::chatml, {{"user", "Hi"}}),
            "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
}

TEST(ChatTemplate, FormatsLlama3) {
  EXPECT_EQ(apply_chat_template(ChatFormat::llama3, {{"user", "Hi"}}),
            "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n");
}

TEST(ChatTemplate, FormatsLlama2WithSystemFolded) {
  EXPECT_EQ(apply_chat_template(ChatFormat::llama2, kChat),
            "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello</s><s>[INST] EPS? [/INST]");
}

TEST(ChatTemplate, FormatsZephyrAndFinchat) {
  EXPECT_EQ(apply_chat_template(ChatFormat::zephyr, {{"user", "Hi"}}),
            "<|user|>\nHi</s>\n<|assistant|>\n");
  EXPECT_EQ(apply_chat_template(ChatFormat::finchat, {{"user", "Hi"}}),
            "<|finchat:user|>\nHi\n<|end|>\n<|finchat:assistant|>\n");
  EXPECT_EQ(detect_chat_format(apply_chat_template(ChatFormat::finchat, kChat)),
            ChatFormat::finchat);
  EXPECT_FALSE(chat_stop_strings(ChatFormat::finchat).empty());
}

}  // namespace
}  // namespace finchat::llm
