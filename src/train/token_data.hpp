#pragma once
// Tokenized training examples: pretraining windows cut from a token shard, or chat
// conversations whose loss mask covers only assistant turns. No libtorch here.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "llm/tokenizer.hpp"

namespace finchat::train {

struct TokenExample {
  std::vector<int> tokens;
  std::vector<uint8_t> loss;  // loss[i] = 1: predicting tokens[i] counts (i >= 1)
};

// Loads the tokenizer stored in a GGUF file's tokenizer.ggml.* metadata.
Result<std::unique_ptr<llm::Tokenizer>> load_tokenizer(const std::string& gguf_path);

// Token shard: little-endian uint16 ids (vocab < 65536), no header.
Status write_token_shard(const std::string& path, const std::vector<int>& ids);
Result<std::vector<int>> read_token_shard(const std::string& path);
// Encodes a text file, one document per line (BOS before each, EOS after).
Result<std::vector<int>> encode_text_file(const llm::Tokenizer& tok, const std::string& path);
// Consecutive windows of window_len tokens (stride window_len - 1), all tokens scored.
std::vector<TokenExample> windows_from_stream(const std::vector<int>& ids, int window_len);

// One conversation in the finchat chat format; loss only on assistant replies (content and
// the closing <|end|>). Fails if a message has no role/content.
struct ChatTurn {
  std::string role, content;
};
// The "messages" array of a JSONL record ({"role": .., "content": ..} each); errors name `where`.
Result<std::vector<ChatTurn>> read_messages(const nlohmann::json& record, const std::string& where);
Result<TokenExample> encode_chat(const llm::Tokenizer& tok, const std::vector<ChatTurn>& turns,
                                 int max_len);
// JSONL lines {"messages":[{"role":..,"content":..},..]}; bad lines fail with file:line.
Result<std::vector<std::vector<ChatTurn>>> read_chat_jsonl(const std::string& path);
Result<std::vector<TokenExample>> load_chat_examples(const llm::Tokenizer& tok,
                                                     const std::string& path, int max_len);

// Deterministic epoch-shuffled order over examples; its position can be saved and restored.
class ExampleCursor {
 public:
  ExampleCursor(size_t n_examples, uint64_t seed, bool shuffle)
      : n_(n_examples), seed_(seed), shuffle_(shuffle) {}
  size_t next();  // index of the next example
  int64_t epoch() const { return epoch_; }
  int64_t offset() const { return offset_; }
  void seek(int64_t epoch, int64_t offset);

 private:
  void build_order();
  size_t n_;
  uint64_t seed_;
  bool shuffle_;
  int64_t epoch_ = 0, offset_ = 0;
  std::vector<size_t> order_;
};

}  // namespace finchat::train
