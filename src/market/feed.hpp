#pragma once
// The feed interface: a source of ticks with start/stop and subscriber callbacks, plus a base
// class that runs pump(now) on a clock from a background thread.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "market/types.hpp"

namespace finchat::market {

class Feed {
 public:
  using TickCallback = std::function<void(const Tick&)>;
  virtual ~Feed() = default;

  virtual Status start() = 0;
  virtual void stop() = 0;
  virtual bool running() const = 0;
  virtual std::string source() const = 0;

  void subscribe(TickCallback cb);

 protected:
  void emit(const Tick& t);
  void emit_all(const std::vector<Tick>& ticks);

 private:
  std::mutex subscribers_mu_;
  std::vector<TickCallback> subscribers_;
};

// A feed driven by pump(now_ms): tests call pump() directly; start() runs it on a thread every
// `period_ms` of the given clock's time.
class ClockedFeed : public Feed {
 public:
  ClockedFeed(const Clock& clock, int64_t period_ms) : clock_(clock), period_ms_(period_ms) {}
  ~ClockedFeed() override;

  Status start() override;
  void stop() override;
  bool running() const override { return running_; }

  // Produces the ticks due up to now_ms and emits them; returns how many were emitted.
  std::size_t pump(int64_t now_ms);

 protected:
  virtual std::vector<Tick> produce(int64_t now_ms) = 0;

 private:
  void loop();

  const Clock& clock_;
  int64_t period_ms_;
  std::atomic<bool> running_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace finchat::market
