#pragma once
// Tokenizers built from GGUF metadata: SentencePiece-style ("llama") and byte-level BPE
// ("gpt2"), plus a streaming UTF-8 decoder for token-by-token output.
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "llm/gguf.hpp"

namespace finchat::llm {

enum class TokenType : int {
  normal = 1,
  unknown = 2,
  control = 3,
  user_defined = 4,
  unused = 5,
  byte = 6
};

struct Vocab {
  std::string model;  // "llama" or "gpt2"
  std::vector<std::string> tokens;
  std::vector<float> scores;
  std::vector<int> types;
  std::unordered_map<std::string, int> index;
  int bos = -1, eos = -1, unk = -1, pad = -1, eot = -1;
  bool add_bos = true, add_eos = false, add_space_prefix = true;
  std::vector<std::string> merges;  // gpt2 only, "left right" in priority order
  std::string pre = "default";      // gpt2 pre-tokenizer flavour ("llama-bpe" = Llama-3)
  int size() const { return static_cast<int>(tokens.size()); }
  bool is_control(int id) const;
  bool is_eog(int id) const { return id == eos || id == eot; }
};

// Reads the tokenizer.ggml.* keys.
Result<Vocab> vocab_from_gguf(const GgufFile& f);
// Writes them (used to build test and benchmark models).
void vocab_to_gguf(const Vocab& v, GgufWriter& w);

class Tokenizer {
 public:
  static Result<std::unique_ptr<Tokenizer>> create(Vocab vocab);
  virtual ~Tokenizer() = default;

  // parse_special: texts of control/user-defined tokens (e.g. "<|im_end|>") become those ids.
  std::vector<int> encode(std::string_view text, bool add_bos, bool parse_special) const;
  // Raw bytes a token stands for (control tokens give "").
  virtual std::string token_bytes(int id) const = 0;
  std::string decode(const std::vector<int>& ids) const;
  const Vocab& vocab() const { return vocab_; }

 protected:
  explicit Tokenizer(Vocab v) : vocab_(std::move(v)) {}
  virtual void encode_text(std::string_view text, bool at_start, std::vector<int>& out) const = 0;
  Vocab vocab_;

 private:
  std::vector<int> special_ids_;  // longest text first
  friend Result<std::unique_ptr<Tokenizer>> make_tokenizer(Vocab);
};

std::unique_ptr<Tokenizer> make_spm_tokenizer(Vocab v);
std::unique_ptr<Tokenizer> make_bpe_tokenizer(Vocab v);

// Holds back an incomplete UTF-8 sequence until its remaining bytes arrive.
class Utf8Stream {
 public:
  std::string push(std::string_view bytes);
  std::string flush();  // whatever is left (possibly invalid) at end of stream

 private:
  std::string pending_;
};

// Byte-level BPE pre-tokenizer split (GPT-2 pattern, or Llama-3's when llama3 is true).
std::vector<std::string_view> bpe_pre_tokenize(std::string_view text, bool llama3);

// Number of bytes of `s` that form complete UTF-8 sequences (prefix length).
size_t utf8_complete_prefix(std::string_view s);
// Decodes one code point at s[i]; returns its length (1 for invalid bytes).
int utf8_decode(std::string_view s, size_t i, uint32_t& cp);
void utf8_append(std::string& out, uint32_t cp);

}  // namespace finchat::llm
