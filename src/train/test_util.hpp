#pragma once
// Shared by the trainer tests: a ~100k-parameter config and a learnable token stream.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "train/trainer.hpp"

namespace finchat::train::testing {

// A fresh, empty folder per test process and name.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() /
           ("finchat_train_test_" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

inline TrainConfig tiny_config(const std::filesystem::path& dir) {
  TrainConfig c;
  c.model.dim = 64;
  c.model.n_layers = 2;
  c.model.n_heads = 4;
  c.model.n_kv_heads = 2;  // exercises grouped-query attention
  c.model.ff = 128;
  c.model.vocab = 512;
  c.model.ctx = 64;
  c.seq_len = 32;
  c.batch = 8;
  c.steps = 300;
  c.lr = 3e-3;
  c.min_lr = 3e-4;
  c.warmup = 20;
  c.eval_every = 100;
  c.eval_batches = 2;
  c.ckpt_every = 1000;
  c.log_every = 1000;
  c.threads = 1;
  c.device = "cpu";
  c.out_dir = dir.string();
  return c;
}

// A learnable stream: each token is a fixed function of the previous one; `mult` picks it.
inline std::vector<int> patterned_stream(size_t n, int mult = 7) {
  std::vector<int> ids(n);
  ids[0] = 5;
  for (size_t i = 1; i < n; ++i) ids[i] = 3 + (ids[i - 1] * mult + 11) % 97;
  return ids;
}

}  // namespace finchat::train::testing
