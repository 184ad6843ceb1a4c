#pragma once
// Llama-family transformer over GGUF weights, table-driven by general.architecture.
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "llm/gguf.hpp"
#include "llm/kernels.hpp"
#include "llm/kv_cache.hpp"
#include "llm/matmul.hpp"
#include "llm/packed.hpp"
#include "llm/thread_pool.hpp"

namespace finchat::llm {

// What differs between supported architectures.
struct ArchSpec {
  const char* name;
  bool qkv_bias;   // qwen2: attn_q/k/v carry bias vectors
  bool rope_neox;  // rotate (i, i + d/2) instead of adjacent pairs (2i, 2i+1)
};
const ArchSpec* find_arch(const std::string& name);

struct ModelConfig {
  std::string arch;
  int n_vocab = 0, n_embd = 0, n_layer = 0, n_head = 0, n_head_kv = 0, n_ff = 0;
  int head_dim = 0, n_ctx_train = 0;
  float rms_eps = 1e-5f, rope_base = 10000.0f;
  bool tied_output = false, qkv_bias = false, rope_neox = false;
  int kv_dim() const { return head_dim * n_head_kv; }
};

struct LayerWeights {
  std::vector<float> attn_norm, ffn_norm, bq, bk, bv;
  Weight wq, wk, wv, wo, gate, up, down;
};

// One row of a forward batch: a token at a position of a sequence.
struct BatchRow {
  int token = 0;
  int pos = 0;
  KvSequence* seq = nullptr;
  bool want_logits = false;
};

// Reused buffers so decode steps do not allocate.
struct Workspace {
  std::vector<float> x, xn, q, k, v, att, ffa, ffb, logits, hidden, tmp;
  std::vector<uint8_t> act;
};

class Model {
 public:
  static Result<std::shared_ptr<Model>> load(const std::shared_ptr<GgufFile>& file);
  const ModelConfig& config() const { return cfg_; }
  const GgufFile& file() const { return *file_; }
  // Bytes of weights one decode token reads (for bandwidth estimates).
  size_t weight_bytes_per_token() const;

  // Runs the rows. K/V for every row is written at row.pos (the caller reserved capacity);
  // each row attends to positions [0, pos] of its sequence. Logits for rows with
  // want_logits land in ws.logits (in row order), and with `keep_hidden` the normalized
  // final hidden state of every row lands in ws.hidden.
  void forward(const std::vector<BatchRow>& rows, Workspace& ws, ThreadPool& pool,
               bool keep_hidden = false) const;

  void set_kernels(const KernelTable* k) { kernels_ = k; }
  const KernelTable& kernels() const { return *kernels_; }

 private:
  Model() = default;
  void attention(const std::vector<BatchRow>& rows, int layer, Workspace& ws,
                 ThreadPool& pool) const;
  void embed_rows(const std::vector<BatchRow>& rows, float* out) const;
  // Gives Q4_0/Q8_0 matrices whose rows come in whole groups of 16 a packed copy when the
  // CPU's kernel table has packed kernels (packed.hpp).
  void pack_weights();

  std::shared_ptr<GgufFile> file_;
  ModelConfig cfg_;
  Weight tok_embd_, output_;
  std::vector<float> output_norm_;
  std::vector<LayerWeights> layers_;
  std::vector<float> rope_inv_freq_;
  std::vector<AlignedBytes> packed_;  // storage behind Weight::packed
  const KernelTable* kernels_ = &best_kernels();
};

}  // namespace finchat::llm
