#include "market/feed.hpp"

#include <chrono>

namespace finchat::market {

void Feed::subscribe(TickCallback cb) {
  std::lock_guard lock(subscribers_mu_);
  subscribers_.push_back(std::move(cb));
}

void Feed::emit(const Tick& t) {
  std::vector<TickCallback> subs;
  {
    std::lock_guard lock(subscribers_mu_);
    subs = subscribers_;
  }
  for (const auto& cb : subs) cb(t);
}

void Feed::emit_all(const std::vector<Tick>& ticks) {
  for (const Tick& t : ticks) emit(t);
}

ClockedFeed::~ClockedFeed() { stop(); }

Status ClockedFeed::start() {
  if (period_ms_ <= 0) return Error::invalid("feed period must be positive", "period_ms");
  bool expected = false;
  if (!running_.compare_exchange_strong(expected, true)) {
    return Error::conflict("feed already running");
  }
  thread_ = std::thread([this] { loop(); });
  return {};
}

void ClockedFeed::stop() {
  {
    std::lock_guard lock(mu_);
    running_ = false;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t ClockedFeed::pump(int64_t now_ms) {
  auto ticks = produce(now_ms);
  emit_all(ticks);
  return ticks.size();
}

void ClockedFeed::loop() {
  std::unique_lock lock(mu_);
  while (running_) {
    lock.unlock();
    pump(clock_.now_ms());
    lock.lock();
    cv_.wait_for(lock, std::chrono::milliseconds(period_ms_), [this] { return !running_; });
  }
}

}  // namespace finchat::market
