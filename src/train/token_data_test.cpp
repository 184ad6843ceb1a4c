#include "train/token_data.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "llm/model_builder.hpp"

namespace finchat::train {
namespace {

std::string tmp(const std::string& name) {
  auto d =
      std::filesystem::temp_directory_path() / ("finchat_tokdata_" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return (d / name).string();
}

// The simple SPM vocab plus the finchat control texts as user-defined tokens.
std::unique_ptr<llm::Tokenizer> chat_tokenizer() {
  llm::Vocab v = llm::make_simple_spm_vocab(1200);
  for (const char* s :
       {"<|finchat:user|>", "<|finchat:assistant|>", "<|finchat:system|>", "<|end|>"}) {
    v.index.emplace(s, v.size());
    v.tokens.push_back(s);
    v.scores.push_back(0);
    v.types.push_back(static_cast<int>(llm::TokenType::user_defined));
  }
  return std::move(llm::Tokenizer::create(std::move(v)).value());
}

TEST(TokenData, ChatLossCoversOnlyAssistantReplies) {
  auto tok = chat_tokenizer();
  auto ex = encode_chat(*tok,
                        {{"user", "what is the rate"},
                         {"assistant", "the rate is low"},
                         {"user", "thanks"},
                         {"assistant", "you are welcome"}},
                        0);
  ASSERT_TRUE(ex.ok());
  ASSERT_EQ(ex->tokens.size(), ex->loss.size());
  std::string scored;
  for (size_t i = 0; i < ex->tokens.size(); ++i) {
    if (ex->loss[i]) scored += tok->token_bytes(ex->tokens[i]);
  }
  // Reply text plus its closing <|end|> (control tokens decode to ""), never the user text.
  EXPECT_NE(scored.find("the rate is low"), std::string::npos) << scored;
  EXPECT_NE(scored.find("you are welcome"), std::string::npos) << scored;
  EXPECT_EQ(scored.find("what is"), std::string::npos) << scored;
  EXPECT_EQ(scored.find("thanks"), std::string::npos) << scored;
  const int end_id = tok->vocab().index.at("<|end|>");
  int scored_ends = 0;
  for (size_t i = 0; i < ex->tokens.size(); ++i)
    scored_ends += ex->loss[i] && ex->tokens[i] == end_id;
  EXPECT_EQ(scored_ends, 2);  // the model learns to stop after each reply
}

TEST(TokenData, ChatJsonlErrorsNameTheLine) {
  const std::string p = tmp("bad.jsonl");
  std::ofstream(p)
      << "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n{\"messages\": 3}\n";
  auto r = read_chat_jsonl(p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("bad.jsonl:2"), std::string::npos);
}

TEST(TokenData, ShardRoundTripAndWindows) {
  std::vector<int> ids;
  ids.reserve(1000);
  for (int i = 0; i < 1000; ++i) ids.push_back((i * 37) % 4000);
  const std::string p = tmp("a.tok");
  ASSERT_TRUE(write_token_shard(p, ids).ok());
  auto back = read_token_shard(p);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, ids);
  EXPECT_FALSE(write_token_shard(p, {70000}).ok());
  auto w = windows_from_stream(ids, 101);
  ASSERT_EQ(w.size(), 9u);  // stride 100
  EXPECT_EQ(w[1].tokens.front(), ids[100]);
  EXPECT_EQ(w[0].loss[0], 0);
  EXPECT_EQ(w[0].loss[1], 1);
}

TEST(TokenData, CursorIsDeterministicAndSeekable) {
  ExampleCursor a(50, 7, true), b(50, 7, true);
  std::vector<size_t> first;
  std::set<size_t> epoch0;
  for (int i = 0; i < 80; ++i) {
    size_t x = a.next();
    first.push_back(x);
    if (i < 50) epoch0.insert(x);
  }
  EXPECT_EQ(epoch0.size(), 50u);  // a permutation per epoch
  for (int i = 0; i < 80; ++i) EXPECT_EQ(b.next(), first[i]);
  ExampleCursor c(50, 7, true);
  c.seek(1, 10);
  EXPECT_EQ(c.next(), first[60]);
}

}  // namespace
}  // namespace finchat::train
