#include "llm/thread_pool.hpp"

#include <algorithm>

namespace finchat::llm {

namespace {

// work_ packs generation | task count | next index into one word, so a claim checks the
// index against the count of the same generation. (With the count in its own atomic, a
// worker late from the previous generation could pass the new count and claim a task twice.)
constexpr int kIndexBits = 20;
constexpr uint64_t kIndexMask = (uint64_t{1} << kIndexBits) - 1;
constexpr uint32_t kGenMask = (uint32_t{1} << (64 - 2 * kIndexBits)) - 1;
constexpr int kMaxTasks = static_cast<int>(kIndexMask);

uint32_t generation_of(uint64_t w) { return static_cast<uint32_t>(w >> (2 * kIndexBits)); }
int count_of(uint64_t w) { return static_cast<int>((w >> kIndexBits) & kIndexMask); }
int index_of(uint64_t w) { return static_cast<int>(w & kIndexMask); }

}  // namespace

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
    if (generation_of(w) != gen) return;
    const int idx = index_of(w);
    if (idx >= count_of(w)) return;
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
  if (n_tasks > kMaxTasks) {  // more than one word can count: run in rounds
    for (int base = 0; base < n_tasks; base += kMaxTasks) {
      const int count = std::min(kMaxTasks, n_tasks - base);
      run(count, [&](int i) { fn(base + i); });
    }
    return;
  }
  gen_ = (gen_ + 1) & kGenMask;
  fn_.store(&fn);
  pending_.store(n_tasks);
  work_.store(static_cast<uint64_t>(gen_) << (2 * kIndexBits) | static_cast<uint64_t>(n_tasks)
                                                                    << kIndexBits);
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
    while (generation_of(work_.load()) == seen && !stop_.load()) {
      if (++spins < 20000) {
        __builtin_ia32_pause();
        continue;
      }
      std::unique_lock<std::mutex> lock(mu_);
      sleepers_.fetch_add(1);
      cv_.wait(lock, [&] { return generation_of(work_.load()) != seen || stop_.load(); });
      sleepers_.fetch_sub(1);
      break;
    }
    if (stop_.load()) return;
    seen = generation_of(work_.load());
    claim_and_run(seen);
  }
}

}  // namespace finchat::llm
