#pragma once
// A clock that tests can inject: production uses SystemClock, tests ManualClock.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace finchat {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch())
        .count();
  }
  int64_t now_s() const { return now_ms() / 1000; }
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
  static const SystemClock& instance() {
    static const SystemClock clock;
    return clock;
  }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 1'700'000'000'000) : ms_(start_ms) {}
  TimePoint now() const override {
    return TimePoint(std::chrono::milliseconds(ms_.load()));
  }
  void advance(std::chrono::milliseconds d) { ms_ += d.count(); }
  void set_ms(int64_t ms) { ms_ = ms; }

 private:
  std::atomic<int64_t> ms_;
};

// ISO-8601 UTC with milliseconds, e.g. 2026-11-25T16:39:31.123Z.
std::string format_iso8601(int64_t epoch_ms);

}  // namespace finchat
