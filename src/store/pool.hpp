#pragma once
// A fixed-size pool of connections; callers block (bounded) until one is free.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.hpp"

namespace finchat::store {

template <class Conn>
class Pool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Conn>>()>;

  Pool(Factory factory, size_t size) : factory_(std::move(factory)), capacity_(size) {}

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease() {
      if (pool_ && conn_) pool_->release(std::move(conn_));
    }
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    // Drops a broken connection instead of returning it to the pool.
    void discard() {
      conn_.reset();
      if (pool_) pool_->forget();
    }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  Result<Lease> acquire(std::chrono::milliseconds wait = std::chrono::seconds(10)) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, wait, [&] { return !idle_.empty() || created_ < capacity_; })) {
      return Error{ErrorKind::unavailable, "database connection pool exhausted", {}};
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++created_;
    lock.unlock();
    auto made = factory_();
    if (!made) {
      forget();
      return made.error();
    }
    return Lease(this, std::move(made.value()));
  }

  // Closes every idle connection: after one was found broken (the server restarted) the
  // others are stale too, and handing them out one by one would fail each caller once.
  void discard_idle() {
    std::vector<std::unique_ptr<Conn>> stale;
    {
      std::lock_guard lock(mu_);
      stale.swap(idle_);
      created_ -= stale.size();
    }
    cv_.notify_all();
  }

 private:
  void release(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }
  void forget() {
    {
      std::lock_guard lock(mu_);
      --created_;
    }
    cv_.notify_one();
  }

  Factory factory_;
  size_t capacity_;
  size_t created_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
};

}  // namespace finchat::store
