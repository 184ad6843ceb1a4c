#include "train/train_config.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace finchat::train {

Status ModelShape::validate() const {
  if (dim <= 0 || n_layers <= 0 || n_heads <= 0 || n_kv_heads <= 0 || ff <= 0 || vocab <= 0 ||
      ctx <= 0) {
    return Error::invalid("model sizes must be positive", "model");
  }
  if (dim % n_heads != 0)
    return Error::invalid("dim must be divisible by n_heads", "model.n_heads");
  if (n_heads % n_kv_heads != 0) {
    return Error::invalid("n_heads must be divisible by n_kv_heads", "model.n_kv_heads");
  }
  if (head_dim() % 2 != 0) return Error::invalid("head dimension must be even", "model.dim");
  return {};
}

namespace {
template <class T>
void read(const YAML::Node& n, const char* key, T& out) {
  if (n && n[key]) out = n[key].as<T>();
}
}  // namespace

Status validate_lora(const LoraOptions& o, const std::string& label) {
  if (o.rank < 0) return Error::invalid(label + ": lora_rank must be >= 0", "train.lora_rank");
  if (o.rank > 0 && !(o.alpha > 0)) {
    return Error::invalid(label + ": lora_alpha must be positive", "train.lora_alpha");
  }
  return {};
}

Result<TrainConfig> parse_train_config(const std::string& text, const std::string& label) {
  TrainConfig c;
  try {
    YAML::Node root = YAML::Load(text);
    const YAML::Node m = root["model"];
    read(m, "dim", c.model.dim);
    read(m, "n_layers", c.model.n_layers);
    read(m, "n_heads", c.model.n_heads);
    c.model.n_kv_heads = c.model.n_heads;
    read(m, "n_kv_heads", c.model.n_kv_heads);
    read(m, "ff", c.model.ff);
    read(m, "vocab", c.model.vocab);
    read(m, "ctx", c.model.ctx);
    read(m, "rope_base", c.model.rope_base);
    read(m, "rms_eps", c.model.rms_eps);
    const YAML::Node t = root["train"];
    read(t, "mode", c.mode);
    read(t, "seed", c.seed);
    read(t, "steps", c.steps);
    read(t, "batch", c.batch);
    read(t, "seq_len", c.seq_len);
    read(t, "grad_accum", c.grad_accum);
    read(t, "lr", c.lr);
    read(t, "min_lr", c.min_lr);
    read(t, "weight_decay", c.weight_decay);
    read(t, "beta1", c.beta1);
    read(t, "beta2", c.beta2);
    read(t, "clip", c.clip);
    read(t, "warmup", c.warmup);
    read(t, "eval_every", c.eval_every);
    read(t, "eval_batches", c.eval_batches);
    read(t, "ckpt_every", c.ckpt_every);
    read(t, "log_every", c.log_every);
    read(t, "threads", c.threads);
    read(t, "device", c.device);
    read(t, "init_from", c.init_from);
    read(t, "lora_rank", c.lora.rank);
    read(t, "lora_alpha", c.lora.alpha);
    read(t, "lora_mlp", c.lora.mlp);
    const YAML::Node d = root["data"];
    read(d, "train", c.train_data);
    read(d, "valid", c.valid_data);
    read(d, "tokenizer", c.tokenizer);
    read(root, "out_dir", c.out_dir);
  } catch (const YAML::Exception& e) {
    return Error::invalid(label + ": " + e.what(), "yaml");
  }
  if (c.mode != "pretrain" && c.mode != "sft") {
    return Error::invalid(label + ": train.mode must be pretrain or sft", "train.mode");
  }
  if (c.steps <= 0 || c.batch <= 0 || c.seq_len <= 1 || c.grad_accum <= 0 || c.threads <= 0) {
    return Error::invalid(label + ": steps, batch, seq_len, grad_accum, threads must be positive",
                          "train");
  }
  if (auto s = validate_lora(c.lora, label); !s) return s.error();
  if (c.seq_len > c.model.ctx)
    return Error::invalid(label + ": seq_len > model.ctx", "train.seq_len");
  if (auto s = c.model.validate(); !s) return s.error();
  return c;
}

Result<TrainConfig> load_train_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::not_found("cannot open config " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_train_config(ss.str(), path);
}

double lr_at(const TrainConfig& c, int step) {
  if (step < c.warmup) return c.lr * (step + 1) / static_cast<double>(c.warmup);
  const double span = std::max(1, c.steps - c.warmup);
  const double p = std::min(1.0, (step - c.warmup) / span);
  return c.min_lr + 0.5 * (c.lr - c.min_lr) * (1.0 + std::cos(M_PI * p));
}

}  // namespace finchat::train
