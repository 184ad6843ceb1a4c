#pragma once
// Trainer configuration (YAML): model shape, optimisation schedule and data paths.
#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace finchat::train {

struct ModelShape {
  int dim = 64, n_layers = 2, n_heads = 4, n_kv_heads = 4, ff = 128, vocab = 512, ctx = 256;
  float rope_base = 10000.0f, rms_eps = 1e-5f;
  int head_dim() const { return dim / n_heads; }
  int kv_dim() const { return head_dim() * n_kv_heads; }
  Status validate() const;
};

// Low-rank adapters (LoRA): W x + (alpha / rank) * B A x, with A [rank, in] and B [out, rank].
struct LoraOptions {
  int rank = 0;  // 0: no adapters, every weight trains
  double alpha = 16.0;
  bool mlp = false;  // also adapt ffn_gate/ffn_up/ffn_down (attention q,k,v,o always)
};

struct TrainConfig {
  ModelShape model;
  std::string mode = "pretrain";  // pretrain | sft
  uint64_t seed = 1234;
  int steps = 100, batch = 8, seq_len = 128, grad_accum = 1;
  double lr = 1e-3, min_lr = 1e-4, weight_decay = 0.1, beta1 = 0.9, beta2 = 0.95, clip = 1.0;
  int warmup = 10, eval_every = 50, eval_batches = 8, ckpt_every = 50, log_every = 10;
  int threads = 2;
  std::string train_data, valid_data;  // token shard (.tok) or chat JSONL
  std::string tokenizer;               // GGUF holding tokenizer.ggml.* (vocab size comes from it)
  std::string out_dir = "train_out";
  std::string device = "auto";  // auto | cpu | cuda
  // Fine-tuning: start from these weights (checkpoint.pt or a GGUF of the same shape)
  // instead of a random init; with lora.rank > 0 only the adapters train.
  std::string init_from;
  LoraOptions lora;
};

Result<TrainConfig> load_train_config(const std::string& path);
Status validate_lora(const LoraOptions& o, const std::string& label);
Result<TrainConfig> parse_train_config(const std::string& yaml_text, const std::string& label);
// Learning rate at `step` (0-based): linear warmup then cosine decay to min_lr.
double lr_at(const TrainConfig& c, int step);

}  // namespace finchat::train
