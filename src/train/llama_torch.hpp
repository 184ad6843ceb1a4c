#pragma once
// Llama-architecture transformer in libtorch, numerically matching finchat::llm::Model:
// RMSNorm, RoPE on adjacent pairs (2i, 2i+1), grouped-query attention, SwiGLU, tied output.
// Parameters are named after their GGUF tensors so export is a straight copy.
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "train/train_config.hpp"

namespace finchat::train {

class LlamaTorchImpl : public torch::nn::Module {
 public:
  explicit LlamaTorchImpl(const ModelShape& shape);
  // tokens [B, T] (int64) -> logits [B, T, vocab].
  torch::Tensor forward(const torch::Tensor& tokens);
  // Normal(0, 0.02) matrices (output projections scaled by 1/sqrt(2 * layers)), unit norms.
  void init_weights(uint64_t seed);
  const ModelShape& shape() const { return shape_; }
  // Parameters in GGUF order with their GGUF names.
  std::vector<std::pair<std::string, torch::Tensor>> gguf_tensors();
  int64_t n_params();

  // Adds adapters (A ~ N(0, 1/rank), B = 0, so the model is unchanged) and freezes every
  // base weight: only adapter tensors require gradients afterwards.
  void add_lora(const LoraOptions& o, uint64_t seed);
  bool has_lora() const { return lora_.rank > 0; }
  const LoraOptions& lora() const { return lora_; }
  // Adapter tensors named "<base tensor>.lora_a" / ".lora_b" (e.g. blk.0.attn_q.weight.lora_a).
  std::vector<std::pair<std::string, torch::Tensor>> lora_tensors();
  // Folds the adapters into the base weights (W += alpha/rank * B A) and removes them, so
  // gguf_tensors() is a plain Llama the engine serves.
  void merge_lora();
  // What the optimizer updates: adapters under LoRA, else every parameter.
  std::vector<std::pair<std::string, torch::Tensor>> trainable_tensors();

 private:
  struct Adapter {
    std::string target;  // GGUF name of the adapted weight
    torch::Tensor a, b;
  };
  torch::Tensor project(const torch::Tensor& x, const torch::Tensor& w, const Adapter* ad) const;

  torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& w) const;
  torch::Tensor rope(const torch::Tensor& x, const torch::Tensor& cos,
                     const torch::Tensor& sin) const;

  ModelShape shape_;
  torch::Tensor tok_embd_, out_norm_;
  struct Layer {
    torch::Tensor attn_norm, wq, wk, wv, wo, ffn_norm, gate, up, down;
    std::string prefix;  // "blk.<l>."
  };
  const Adapter* adapter(const Layer& l, const char* weight) const;
  std::vector<Layer> layers_;
  std::vector<std::pair<std::string, torch::Tensor>> named_;
  LoraOptions lora_;
  std::vector<Adapter> adapters_;             // may be empty
  std::map<std::string, size_t> adapter_of_;  // target GGUF name -> index in adapters_
};
TORCH_MODULE(LlamaTorch);

// Parameters that receive weight decay (matrices and embeddings, not norm gains).
bool decays(const std::string& gguf_name);

}  // namespace finchat::train
