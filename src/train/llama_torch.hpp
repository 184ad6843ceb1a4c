#pragma once
// Llama-architecture transformer in libtorch, numerically matching finchat::llm::Model:
// RMSNorm, RoPE on adjacent pairs (2i, 2i+1), grouped-query attention, SwiGLU, tied output.
// Parameters are named after their GGUF tensors so export is a straight copy.
#include <torch/torch.h>

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

 private:
  torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& w) const;
  torch::Tensor rope(const torch::Tensor& x, const torch::Tensor& cos,
                     const torch::Tensor& sin) const;

  ModelShape shape_;
  torch::Tensor tok_embd_, out_norm_;
  struct Layer {
    torch::Tensor attn_norm, wq, wk, wv, wo, ffn_norm, gate, up, down;
  };
  std::vector<Layer> layers_;
  std::vector<std::pair<std::string, torch::Tensor>> named_;
};
TORCH_MODULE(LlamaTorch);

// Parameters that receive weight decay (matrices and embeddings, not norm gains).
bool decays(const std::string& gguf_name);

}  // namespace finchat::train
