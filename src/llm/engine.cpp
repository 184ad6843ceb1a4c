#include "llm/engine.hpp"

#include <cmath>
#include <thread>

#include "llm/gguf.hpp"
#include "llm/model.hpp"
#include "llm/scheduler.hpp"
#include "llm/tokenizer.hpp"

namespace finchat::llm {

const char* finish_reason_name(FinishReason r) {
  switch (r) {
    case FinishReason::stop: return "stop";
    case FinishReason::length: return "length";
    case FinishReason::cancelled: return "cancelled";
    case FinishReason::error: return "error";
  }
  return "error";
}

Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::load(const std::string& path, EngineOptions opts) {
  auto file = GgufFile::open(path);
  if (!file) return file.error();
  auto model = Model::load(*file);
  if (!model) return model.error();
  auto vocab = vocab_from_gguf(**file);
  if (!vocab) return vocab.error();
  if (vocab->size() < (*model)->config().n_vocab) {
    return Error::invalid("model " + path + ": tokenizer has fewer tokens than the embedding",
                          "tokenizer.ggml.tokens");
  }
  auto tok = Tokenizer::create(std::move(vocab).value());
  if (!tok) return tok.error();

  std::unique_ptr<Engine> e(new Engine());
  e->file_ = *file;
  e->model_ = *model;
  e->tokenizer_ = std::move(tok).value();
  const auto& c = e->model_->config();
  SchedulerOptions so;
  so.threads = opts.threads > 0
                   ? opts.threads
                   : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  so.kv_type = opts.kv_type;
  so.max_ctx = opts.max_ctx > 0 ? opts.max_ctx : std::min(c.n_ctx_train, 4096);
  so.kv_memory_limit = opts.kv_memory_limit;
  so.max_batch = std::max(1, opts.max_batch);
  so.prefill_chunk = std::max(1, opts.prefill_chunk);
  e->scheduler_ = std::make_unique<Scheduler>(e->model_, *e->tokenizer_, so);

  const GgufFile& f = **file;
  auto& info = e->info_;
  info.architecture = c.arch;
  info.name = f.get_string_or("general.name", "");
  info.n_vocab = c.n_vocab;
  info.n_embd = c.n_embd;
  info.n_layer = c.n_layer;
  info.n_head = c.n_head;
  info.n_head_kv = c.n_head_kv;
  info.n_ff = c.n_ff;
  info.n_ctx = so.max_ctx;
  for (const auto& t : f.tensors()) {
    info.n_params += t.n_elements;
    info.weight_bytes += t.n_bytes;
  }
  for (const auto& k : f.key_order()) info.metadata[k] = f.find(k)->to_display();
  e->chat_format_ = detect_chat_format(f.get_string_or("tokenizer.chat_template", ""),
                                       f.get_string_or("finchat.chat_format", ""));
  info.chat_format = chat_format_name(e->chat_format_);
  return e;
}

std::vector<int> Engine::tokenize(std::string_view text, bool add_bos, bool parse_special) const {
  return tokenizer_->encode(text, add_bos, parse_special);
}

std::string Engine::detokenize(const std::vector<int>& tokens) const {
  return tokenizer_->decode(tokens);
}

std::string Engine::apply_chat(const std::vector<ChatMessage>& messages,
                               bool add_generation_prompt) const {
  return apply_chat_template(chat_format_, messages, add_generation_prompt);
}

Result<GenerateResult> Engine::generate(const GenerateRequest& req, const TokenCallback& on_text,
                                        std::shared_ptr<CancelToken> cancel) {
  if (req.max_tokens <= 0) return Error::invalid("max_tokens must be positive", "max_tokens");
  auto prompt = tokenizer_->encode(req.prompt, req.add_bos && tokenizer_->vocab().add_bos, true);
  if (prompt.empty()) return Error::invalid("prompt is empty", "prompt");
  if (static_cast<int>(prompt.size()) >= scheduler_->options().max_ctx) {
    return Error::invalid("prompt has " + std::to_string(prompt.size()) + " tokens; context is " +
                              std::to_string(scheduler_->options().max_ctx),
                          "prompt");
  }
  auto job = scheduler_->submit(std::move(prompt), req, on_text, std::move(cancel));
  GenerateResult r = scheduler_->wait(job);
  if (r.finish == FinishReason::error) return Error::internal("generation failed: " + r.error);
  return r;
}

Result<std::vector<float>> Engine::embed(std::string_view text) {
  if (text.empty()) return Error::invalid("text is empty", "text");
  auto tokens = tokenizer_->encode(text, tokenizer_->vocab().add_bos, false);
  if (static_cast<int>(tokens.size()) > scheduler_->options().max_ctx) {
    return Error::invalid("text longer than the context", "text");
  }
  auto seq = scheduler_->new_sequence();
  if (auto st = seq->reserve(static_cast<int>(tokens.size())); !st) return st.error();
  const int d = model_->config().n_embd;
  std::vector<float> out(d, 0.0f);
  std::vector<BatchRow> rows;
  for (size_t i = 0; i < tokens.size(); ++i)
    rows.push_back({tokens[i], static_cast<int>(i), seq.get(), false});
  scheduler_->with_model([&](ThreadPool& pool, Workspace& ws) {
    model_->forward(rows, ws, pool, /*keep_hidden=*/true);
    for (size_t r = 0; r < rows.size(); ++r) {
      for (int i = 0; i < d; ++i) out[i] += ws.hidden[r * d + i];
    }
  });
  double norm = 0;
  for (float& v : out) {
    v /= static_cast<float>(rows.size());
    norm += static_cast<double>(v) * v;
  }
  norm = std::sqrt(norm);
  if (norm > 0) {
    for (float& v : out) v = static_cast<float>(v / norm);
  }
  return out;
}

}  // namespace finchat::llm
