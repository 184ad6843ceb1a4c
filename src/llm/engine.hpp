#pragma once
// Public API of finchat's LLM inference engine (CPU, Llama-family GGUF models).
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "llm/chat_template.hpp"
#include "llm/grammar/constraint.hpp"
#include "llm/kv_cache.hpp"
#include "llm/sampler.hpp"

namespace finchat::llm {

class Model;
class Tokenizer;
class Scheduler;
class GgufFile;

struct EngineOptions {
  int threads = 0;  // 0 = hardware concurrency
  KvType kv_type = KvType::f16;
  int max_ctx = 0;  // 0 = the model's training context (capped at 4096)
  size_t kv_memory_limit = size_t{1} << 30;
  int max_batch = 8;        // sequences decoded together per step
  int prefill_chunk = 256;  // prompt tokens per step; smaller keeps other streams smoother
};

struct ModelInfo {
  std::string architecture, name, chat_format;
  int n_vocab = 0, n_embd = 0, n_layer = 0, n_head = 0, n_head_kv = 0, n_ff = 0, n_ctx = 0;
  size_t n_params = 0, weight_bytes = 0;
  std::map<std::string, std::string> metadata;  // printable metadata (arrays abbreviated)
};

// Thread-safe cancellation flag shared between a caller and a running request.
class CancelToken {
 public:
  void cancel() { flag_.store(true); }
  bool cancelled() const { return flag_.load(); }

 private:
  std::atomic<bool> flag_{false};
};

struct GenerateRequest {
  std::string prompt;  // raw prompt text (special-token texts are recognised)
  SamplingParams sampling;
  int max_tokens = 256;
  std::vector<std::string> stop;  // generation stops before any of these
  // Reuse the KV cache of the previous request with the same key (never across keys).
  std::string session_key;
  std::shared_ptr<const Constraint> constraint;  // optional (choices / JSON schema)
  bool add_bos = true;
};

enum class FinishReason { stop, length, cancelled, error };
const char* finish_reason_name(FinishReason r);

struct GenerateResult {
  std::string text;
  std::vector<int> tokens;
  int prompt_tokens = 0;
  int reused_tokens = 0;  // prompt tokens served from the session cache
  FinishReason finish = FinishReason::stop;
  std::string error;
};

// Receives text as it becomes final (complete UTF-8, never part of a stop string).
using TokenCallback = std::function<void(std::string_view text)>;

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> load(const std::string& path, EngineOptions opts = {});
  ~Engine();

  const ModelInfo& info() const { return info_; }
  std::vector<int> tokenize(std::string_view text, bool add_bos = true,
                            bool parse_special = true) const;
  std::string detokenize(const std::vector<int>& tokens) const;
  std::string apply_chat(const std::vector<ChatMessage>& messages,
                         bool add_generation_prompt = true) const;
  ChatFormat chat_format() const { return chat_format_; }

  // Blocks until done; runs concurrently with other callers' requests (continuous batching).
  Result<GenerateResult> generate(const GenerateRequest& req, const TokenCallback& on_text = {},
                                  std::shared_ptr<CancelToken> cancel = nullptr);
  // Mean-pooled, L2-normalized final hidden states.
  Result<std::vector<float>> embed(std::string_view text);

  const Model& model() const { return *model_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  Scheduler& scheduler() { return *scheduler_; }

 private:
  Engine() = default;
  std::shared_ptr<GgufFile> file_;
  std::shared_ptr<Model> model_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<Scheduler> scheduler_;
  ModelInfo info_;
  ChatFormat chat_format_ = ChatFormat::finchat;
};

}  // namespace finchat::llm
