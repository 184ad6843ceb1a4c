#pragma once
// Writes random-weight Llama GGUF models (tests, benchmarks) with a simple SPM vocab.
#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "llm/gguf.hpp"
#include "llm/tokenizer.hpp"

namespace finchat::llm {

struct RandomModelSpec {
  std::string arch = "llama";
  int n_embd = 64, n_layer = 2, n_head = 4, n_head_kv = 4, n_ff = 128, n_vocab = 512;
  int n_ctx = 2048;
  bool tied = true;
  TensorType type = TensorType::f32;  // type of the 2-D weight matrices
  uint64_t seed = 1;
  float rope_base = 10000.0f, rms_eps = 1e-5f;
  float embd_std = 1.0f;      // token embedding scale; small values give flatter logits
  std::string chat_template;  // written as tokenizer.chat_template when set
};

// <unk>, <s>, </s>, the 256 <0xXX> byte tokens, then pieces built from letters/words.
Vocab make_simple_spm_vocab(int n_vocab);
// "15M" (dim 288, 6 layers, 6 heads, ff 768) or "110M" (768, 12, 12, 2048); vocab 32000, tied.
Result<RandomModelSpec> named_shape(const std::string& name);

GgufWriter build_random_model(const RandomModelSpec& spec, const Vocab& vocab);
Status write_random_model(const RandomModelSpec& spec, const std::string& path);

}  // namespace finchat::llm
