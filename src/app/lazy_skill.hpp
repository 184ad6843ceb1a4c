#pragma once
// A skill whose real implementation is built in the background (fitting the help-centre
// retriever takes a while), so the server can listen at once. Until it is ready the
// skill says so politely, and the readiness probe reports it.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "chat/engine.hpp"

namespace finchat::app {

class LazySkill final : public chat::Skill {
 public:
  using Builder = std::function<Result<std::shared_ptr<chat::Skill>>()>;

  LazySkill(std::string name, Builder builder);
  ~LazySkill() override;
  std::string name() const override { return name_; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;
  // Empty when ready; else why not.
  std::optional<std::string> not_ready() const;
  void wait() const;
  // The built skill, or null while loading (or after a failure).
  std::shared_ptr<chat::Skill> ready() const {
    std::lock_guard lock(mu_);
    return ready_;
  }

 private:
  std::string name_;
  mutable std::mutex mu_;
  std::shared_ptr<chat::Skill> ready_;
  std::string failure_;
  std::thread builder_thread_;
};

// A value built once in the background (a trained model), with the same readiness wording
// as LazySkill ("<name> is still loading" until ready).
template <typename T>
class Background {
 public:
  using Builder = std::function<Result<std::shared_ptr<const T>>()>;

  Background(std::string name, Builder builder) : name_(std::move(name)) {
    thread_ = std::thread([this, builder = std::move(builder)] {
      auto built = builder();
      std::lock_guard lock(mu_);
      if (built) {
        value_ = built.value();
      } else {
        failure_ = built.error().message;
      }
    });
  }
  ~Background() {
    if (thread_.joinable()) thread_.join();
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  std::shared_ptr<const T> get() const {
    std::lock_guard lock(mu_);
    return value_;
  }
  std::optional<std::string> not_ready() const {
    std::lock_guard lock(mu_);
    if (value_) return std::nullopt;
    return failure_.empty() ? name_ + " is still loading" : name_ + " failed: " + failure_;
  }
  // Only "still loading": for optional models whose failure is logged and leaves the
  // server usable (it should not hold readiness forever).
  std::optional<std::string> loading() const {
    std::lock_guard lock(mu_);
    if (value_ || !failure_.empty()) return std::nullopt;
    return name_ + " is still loading";
  }
  // Tests and the CLI only; the server never waits.
  void wait() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::string name_;
  mutable std::mutex mu_;
  std::shared_ptr<const T> value_;
  std::string failure_;
  std::thread thread_;
};

}  // namespace finchat::app
