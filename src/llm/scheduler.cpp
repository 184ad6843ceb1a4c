#include "llm/scheduler.hpp"

#include <algorithm>
#include <cstring>

#include "llm/tokenizer.hpp"

namespace finchat::llm {

struct Job {
  std::vector<int> prompt;
  GenerateRequest req;
  TokenCallback cb;
  std::shared_ptr<CancelToken> cancel;
  std::unique_ptr<Constraint> constraint;
  std::unique_ptr<Sampler> sampler;
  std::unique_ptr<KvSequence> seq;
  std::vector<int> fed;      // tokens whose K/V are in seq
  std::vector<int> history;  // prompt + generated (for penalties)
  int next_token = -1;
  size_t prefill_pos = 0;  // prompt tokens already in seq
  bool prefilling = true;
  std::string text;
  size_t emitted = 0;
  GenerateResult result;
  bool done = false;
  std::mutex mu;
  std::condition_variable cv;
};

Scheduler::Scheduler(std::shared_ptr<const Model> model, const Tokenizer& tok,
                     SchedulerOptions opts)
    : model_(std::move(model)),
      tok_(tok),
      opts_(opts),
      budget_(std::make_shared<KvBudget>(opts.kv_memory_limit)),
      pool_(std::max(1, opts.threads)) {
  worker_ = std::thread([this] { loop(); });
}

Scheduler::~Scheduler() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
  // Whatever is left never ran; release the waiters.
  for (auto& j : queue_) finish(*j, FinishReason::cancelled, "engine shut down");
  for (auto& j : active_) finish(*j, FinishReason::cancelled, "engine shut down");
}

std::unique_ptr<KvSequence> Scheduler::new_sequence() {
  const auto& c = model_->config();
  return std::make_unique<KvSequence>(c.n_layer, c.kv_dim(), opts_.max_ctx, opts_.kv_type, budget_);
}

size_t Scheduler::session_count() {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

std::shared_ptr<Job> Scheduler::submit(std::vector<int> prompt, const GenerateRequest& req,
                                       TokenCallback cb, std::shared_ptr<CancelToken> cancel) {
  auto job = std::make_shared<Job>();
  job->prompt = std::move(prompt);
  job->req = req;
  job->cb = std::move(cb);
  job->cancel = std::move(cancel);
  if (req.constraint) job->constraint = req.constraint->clone();
  job->sampler = std::make_unique<Sampler>(req.sampling);
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(job);
  }
  cv_.notify_all();
  return job;
}

GenerateResult Scheduler::wait(const std::shared_ptr<Job>& job) {
  std::unique_lock<std::mutex> lock(job->mu);
  job->cv.wait(lock, [&] { return job->done; });
  return job->result;
}

void Scheduler::loop() {
  for (;;) {
    std::vector<std::shared_ptr<Job>> admitted;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty() || !active_.empty(); });
      if (stop_) return;
      while (!queue_.empty() &&
             active_.size() + admitted.size() < static_cast<size_t>(opts_.max_batch)) {
        admitted.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    for (auto& job : admitted) {
      if (start(*job)) {
        std::lock_guard<std::mutex> lock(mu_);
        active_.push_back(job);
      }
    }
    decode_step();
  }
}

Status Scheduler::reserve(KvSequence& seq, int n) {
  for (;;) {
    auto st = seq.reserve(n);
    if (st || st.error().kind != ErrorKind::unavailable) return st;
    if (!evict_one_session()) return st;
  }
}

bool Scheduler::evict_one_session() {
  std::lock_guard<std::mutex> lock(mu_);
  if (sessions_.empty()) return false;
  auto lru = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
    return a.second.last_used < b.second.last_used;
  });
  sessions_.erase(lru);
  return true;
}

bool Scheduler::start(Job& job) {
  if (job.cancel && job.cancel->cancelled()) {
    finish(job, FinishReason::cancelled);
    return false;
  }
  // Prefix reuse: only ever from the cache entry of this request's own session key.
  size_t reuse = 0;
  if (!job.req.session_key.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(job.req.session_key);
    if (it != sessions_.end()) {
      const auto& cached = it->second.tokens;
      while (reuse < cached.size() && reuse < job.prompt.size() &&
             cached[reuse] == job.prompt[reuse])
        ++reuse;
      if (reuse == job.prompt.size() && reuse > 0) --reuse;  // recompute the last token for logits
      job.seq = std::move(it->second.seq);
      job.fed.assign(job.prompt.begin(), job.prompt.begin() + static_cast<std::ptrdiff_t>(reuse));
      sessions_.erase(it);
    }
  }
  if (!job.seq) {
    job.seq = new_sequence();
    reuse = 0;
  }
  job.seq->truncate(static_cast<int>(reuse));
  job.result.prompt_tokens = static_cast<int>(job.prompt.size());
  job.result.reused_tokens = static_cast<int>(reuse);
  job.history = job.prompt;
  if (job.prompt.empty()) {
    finish(job, FinishReason::error, "empty prompt");
    return false;
  }
  if (auto st = reserve(*job.seq, static_cast<int>(job.prompt.size())); !st) {
    finish(job, FinishReason::error, st.error().message);
    return false;
  }
  job.prefill_pos = reuse;
  return true;
}

// One chunk of a prompt; the last chunk also samples the first token.
void Scheduler::prefill_chunk(Job& job) {
  const size_t p = job.prefill_pos;
  const size_t end = std::min(job.prompt.size(), p + static_cast<size_t>(opts_.prefill_chunk));
  std::vector<BatchRow> rows;
  for (size_t i = p; i < end; ++i) {
    rows.push_back({job.prompt[i], static_cast<int>(i), job.seq.get(), i + 1 == job.prompt.size()});
  }
  std::vector<float> logits;
  {
    std::lock_guard<std::mutex> lock(model_mu_);
    model_->forward(rows, ws_, pool_);
    logits.swap(ws_.logits);
  }
  job.prefill_pos = end;
  if (end < job.prompt.size()) return;
  job.prefilling = false;
  job.fed = job.prompt;
  std::vector<uint8_t> mask;
  if (job.constraint) mask = constraint_mask(*job.constraint, tok_);
  int token = job.sampler->sample(logits, job.history, job.constraint ? &mask : nullptr);
  handle_token(job, token);
}

void Scheduler::decode_step() {
  std::vector<std::shared_ptr<Job>> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch = active_;
  }
  if (batch.empty()) return;
  // At most one prompt chunk per step (oldest first), so running streams keep flowing
  // while a long prompt is ingested.
  for (auto& job : batch) {
    if (job->prefilling && !(job->cancel && job->cancel->cancelled())) {
      prefill_chunk(*job);
      break;
    }
  }
  std::vector<std::shared_ptr<Job>> running;
  for (auto& job : batch) {
    if (job->done) continue;
    if (job->cancel && job->cancel->cancelled()) {
      finish(*job, FinishReason::cancelled);
      continue;
    }
    if (job->prefilling) continue;
    if (auto st = reserve(*job->seq, static_cast<int>(job->fed.size()) + 1); !st) {
      finish(*job,
             st.error().kind == ErrorKind::invalid_argument ? FinishReason::length
                                                            : FinishReason::error,
             st.error().message);
      continue;
    }
    running.push_back(job);
  }
  if (!running.empty()) {
    std::vector<BatchRow> rows;
    rows.reserve(running.size());
    for (auto& job : running) {
      rows.push_back({job->next_token, static_cast<int>(job->fed.size()), job->seq.get(), true});
    }
    peak_batch_.store(std::max(peak_batch_.load(), static_cast<int>(rows.size())));
    std::vector<float> logits;
    {
      std::lock_guard<std::mutex> lock(model_mu_);
      model_->forward(rows, ws_, pool_);
      logits.swap(ws_.logits);
    }
    const size_t nv = static_cast<size_t>(model_->config().n_vocab);
    std::vector<float> mine(nv);
    for (size_t i = 0; i < running.size(); ++i) {
      Job& job = *running[i];
      job.fed.push_back(job.next_token);
      std::memcpy(mine.data(), logits.data() + i * nv, nv * sizeof(float));
      std::vector<uint8_t> mask;
      if (job.constraint) mask = constraint_mask(*job.constraint, tok_);
      int token = job.sampler->sample(mine, job.history, job.constraint ? &mask : nullptr);
      handle_token(job, token);
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  active_.erase(
      std::remove_if(active_.begin(), active_.end(), [](const auto& j) { return j->done; }),
      active_.end());
}

void Scheduler::handle_token(Job& job, int token) {
  if (token < 0 || tok_.vocab().is_eog(token)) {
    finish(job, FinishReason::stop);
    return;
  }
  job.result.tokens.push_back(token);
  job.history.push_back(token);
  std::string piece = tok_.token_bytes(token);
  job.text += piece;
  if (job.constraint) job.constraint->accept(piece);
  // Stop strings: cut the text at the earliest match.
  size_t longest = 0;
  for (const auto& s : job.req.stop) longest = std::max(longest, s.size());
  if (longest > 0) {
    size_t from = job.emitted > longest ? job.emitted - longest : 0;
    size_t cut = std::string::npos;
    for (const auto& s : job.req.stop) {
      if (s.empty()) continue;
      size_t at = job.text.find(s, from);
      if (at != std::string::npos) cut = std::min(cut, at);
    }
    if (cut != std::string::npos) {
      job.text.resize(std::max(cut, job.emitted));
      finish(job, FinishReason::stop);
      return;
    }
  }
  if (job.constraint && job.constraint->complete() && !job.constraint->can_continue()) {
    finish(job, FinishReason::stop);
    return;
  }
  if (static_cast<int>(job.result.tokens.size()) >= job.req.max_tokens) {
    finish(job, FinishReason::length);
    return;
  }
  if (static_cast<int>(job.fed.size()) + 1 >= opts_.max_ctx) {
    finish(job, FinishReason::length);
    return;
  }
  job.next_token = token;
  emit_text(job, false);
}

void Scheduler::emit_text(Job& job, bool final_flush) {
  size_t safe = job.text.size();
  if (!final_flush) {
    // Hold back a tail that could still become a stop string, and incomplete UTF-8.
    size_t hold = 0;
    for (const auto& s : job.req.stop) {
      for (size_t k = std::min(s.size() - (s.empty() ? 0 : 1), job.text.size()); k > hold; --k) {
        if (job.text.compare(job.text.size() - k, k, s, 0, k) == 0) {
          hold = k;
          break;
        }
      }
    }
    safe = utf8_complete_prefix(std::string_view(job.text).substr(0, job.text.size() - hold));
  }
  if (safe > job.emitted) {
    if (job.cb) job.cb(std::string_view(job.text).substr(job.emitted, safe - job.emitted));
    job.emitted = safe;
  }
}

void Scheduler::finish(Job& job, FinishReason reason, std::string error) {
  if (job.done) return;
  emit_text(job, true);
  job.result.text = job.text;
  job.result.finish = reason;
  job.result.error = std::move(error);
  // Keep the cache for the session's next turn.
  if (job.seq && !job.req.session_key.empty() && reason != FinishReason::error) {
    std::lock_guard<std::mutex> lock(mu_);
    Session s;
    job.seq->truncate(static_cast<int>(job.fed.size()));
    s.seq = std::move(job.seq);
    s.tokens = job.fed;
    s.last_used = ++clock_;
    sessions_[job.req.session_key] = std::move(s);
    while (sessions_.size() > opts_.max_sessions) {
      auto lru = std::min_element(
          sessions_.begin(), sessions_.end(),
          [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; });
      sessions_.erase(lru);
    }
  }
  job.seq.reset();
  {
    std::lock_guard<std::mutex> lock(job.mu);
    job.done = true;
  }
  job.cv.notify_all();
}

}  // namespace finchat::llm
