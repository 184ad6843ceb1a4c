#pragma once
// Training loop: AdamW (decoupled decay), warmup + cosine LR, clipping, accumulation,
// periodic validation, metrics JSONL and checkpoints that resume exactly.
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "train/llama_torch.hpp"
#include "train/token_data.hpp"
#include "train/train_config.hpp"

namespace finchat::train {

struct TrainSummary {
  int steps_done = 0;
  double first_loss = 0, last_loss = 0, valid_loss = 0, seconds = 0, tokens_per_s = 0;
  int64_t n_params = 0;
};

struct TrainOptions {
  bool resume = false;  // continue from out_dir/checkpoint.pt when it exists
  int stop_after = -1;  // stop (after checkpointing) once this step count is reached
  bool quiet = false;
};

torch::Device pick_device(const std::string& want);
// torch intra-op threads and, when libtorch uses OpenBLAS, OpenBLAS's own thread count.
void set_cpu_threads(int threads);
// Batch of examples, right-padded: inputs/targets [B, T] int64, mask [B, T] float.
struct Batch {
  torch::Tensor inputs, targets, mask;
  int64_t n_tokens = 0;
};
Batch make_batch(const std::vector<const TokenExample*>& ex, int max_len, torch::Device dev);
// Sum of masked token cross-entropy and the token count.
std::pair<torch::Tensor, int64_t> masked_loss_sum(LlamaTorch& model, const Batch& b);
// Mean loss per scored token over the first `max_batches` batches of `data` (in order).
double evaluate_loss(LlamaTorch& model, const std::vector<TokenExample>& data, int batch,
                     int seq_len, int max_batches, torch::Device dev);

Result<TrainSummary> run_training(const TrainConfig& cfg, const std::vector<TokenExample>& train,
                                  const std::vector<TokenExample>& valid, const TrainOptions& opt);

// Model weights only (for export/eval), from out_dir/checkpoint.pt.
// With lora.rank > 0 the checkpoint must hold adapters of that shape (a LoRA run's).
Result<LlamaTorch> load_model_checkpoint(const std::string& path, const ModelShape& shape,
                                         const LoraOptions& lora = {});
std::string checkpoint_path(const TrainConfig& cfg);

// Loads train/valid examples as the config describes (shards or chat JSONL).
Status load_config_data(TrainConfig& cfg, std::vector<TokenExample>& train,
                        std::vector<TokenExample>& valid);

}  // namespace finchat::train
