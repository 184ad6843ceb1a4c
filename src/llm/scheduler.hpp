#pragma once
// Continuous batching: one worker thread decodes all active requests together each step
// (one weight pass per step), admits queued requests between steps, honours cancellation
// and keeps per-session KV caches for prompt-prefix reuse.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "llm/engine.hpp"
#include "llm/model.hpp"
#include "llm/thread_pool.hpp"

namespace finchat::llm {

class Tokenizer;

struct SchedulerOptions {
  int threads = 1;
  KvType kv_type = KvType::f16;
  int max_ctx = 2048;
  size_t kv_memory_limit = size_t{1} << 30;
  int max_batch = 8;
  int prefill_chunk = 256;
  size_t max_sessions = 64;
};

struct Job;

class Scheduler {
 public:
  Scheduler(std::shared_ptr<const Model> model, const Tokenizer& tok, SchedulerOptions opts);
  ~Scheduler();

  std::shared_ptr<Job> submit(std::vector<int> prompt, const GenerateRequest& req, TokenCallback cb,
                              std::shared_ptr<CancelToken> cancel);
  GenerateResult wait(const std::shared_ptr<Job>& job);

  // Exclusive use of the model, pool and workspace (embeddings).
  template <class Fn>
  void with_model(Fn&& fn) {
    std::lock_guard<std::mutex> lock(model_mu_);
    fn(pool_, ws_);
  }
  std::unique_ptr<KvSequence> new_sequence();
  const SchedulerOptions& options() const { return opts_; }
  size_t session_count();
  size_t kv_bytes_used() const { return budget_->used(); }
  // Largest number of sequences decoded in one step so far (observability, tests).
  int peak_batch() const { return peak_batch_.load(); }

 private:
  struct Session {
    std::unique_ptr<KvSequence> seq;
    std::vector<int> tokens;  // what seq holds
    uint64_t last_used = 0;
  };

  void loop();
  bool start(Job& job);
  void prefill_chunk(Job& job);
  void decode_step();
  void handle_token(Job& job, int token);
  void finish(Job& job, FinishReason reason, std::string error = {});
  void emit_text(Job& job, bool final_flush);
  Status reserve(KvSequence& seq, int n);
  bool evict_one_session();

  std::shared_ptr<const Model> model_;
  const Tokenizer& tok_;
  SchedulerOptions opts_;
  std::shared_ptr<KvBudget> budget_;
  ThreadPool pool_;
  Workspace ws_;
  std::mutex model_mu_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::vector<std::shared_ptr<Job>> active_;
  std::map<std::string, Session> sessions_;
  uint64_t clock_ = 0;
  bool stop_ = false;
  std::atomic<int> peak_batch_{0};
  std::thread worker_;
};

}  // namespace finchat::llm
