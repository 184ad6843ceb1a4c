#include "llm/thread_pool.hpp"

namespace finchat::llm {

ThreadPool::ThreadPool(int n_threads) {
  for (int i = 1; i < n_threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_.store(true);
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::claim_and_run(uint32_t gen) {
  for (;;) {
    uint64_t w = work_.load();
    if (static_cast<uint32_t>(w >> 32) != gen) return;
    const int idx = static_cast<int>(w & 0xffffffffu);
    if (idx >= n_tasks_.load()) return;
    if (!work_.compare_exchange_weak(w, w + 1)) continue;
    // A claimed task keeps run() (and fn) alive until pending_ drops.
    (*fn_.load())(idx);
    pending_.fetch_sub(1);
  }
}

void ThreadPool::run(int n_tasks, const std::function<void(int)>& fn) {
  if (n_tasks <= 0) return;
  if (workers_.empty() || n_tasks == 1) {
    for (int i = 0; i < n_tasks; ++i) fn(i);
    return;
  }
  ++gen_;
  fn_.store(&fn);
  n_tasks_.store(n_tasks);
  pending_.store(n_tasks);
  work_.store(static_cast<uint64_t>(gen_) << 32);
  if (sleepers_.load() > 0) {
    { std::lock_guard<std::mutex> lock(mu_); }
    cv_.notify_all();
  }
  claim_and_run(gen_);
  for (int spins = 0; pending_.load() > 0; ++spins) {
    if (spins < 4000) {
      __builtin_ia32_pause();
    } else {
      std::this_thread::yield();
    }
  }
}

void ThreadPool::worker_loop() {
  uint32_t seen = 0;
  for (;;) {
    int spins = 0;
    while (static_cast<uint32_t>(work_.load() >> 32) == seen && !stop_.load()) {
      if (++spins < 20000) {
        __builtin_ia32_pause();
        continue;
      }
      std::unique_lock<std::mutex> lock(mu_);
      sleepers_.fetch_add(1);
      cv_.wait(lock,
               [&] { return static_cast<uint32_t>(work_.load() >> 32) != seen || stop_.load(); });
      sleepers_.fetch_sub(1);
      break;
    }
    if (stop_.load()) return;
    seen = static_cast<uint32_t>(work_.load() >> 32);
    claim_and_run(seen);
  }
}

}  // namespace finchat::llm
