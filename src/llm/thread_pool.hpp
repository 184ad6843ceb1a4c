#pragma once
// Fork-join pool for the forward pass. The caller joins in; tasks are claimed through one
// atomic word (generation | task count | next index), so the caller never waits for a worker that
// was not scheduled in time. Workers spin briefly between jobs, then sleep.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace finchat::llm {

class ThreadPool {
 public:
  explicit ThreadPool(int n_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }
  // Calls fn(i) for every i in [0, n_tasks); returns when all are done.
  void run(int n_tasks, const std::function<void(int)>& fn);

 private:
  void worker_loop();
  void claim_and_run(uint32_t gen);

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  // Claims and completions on separate cache lines: the caller polls pending_ while the
  // others claim through work_.
  alignas(64) std::atomic<uint64_t> work_{0};
  alignas(64) std::atomic<int> pending_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<const std::function<void(int)>*> fn_{nullptr};
  alignas(64) std::atomic<bool> stop_{false};
  uint32_t gen_ = 0;
};

}  // namespace finchat::llm
