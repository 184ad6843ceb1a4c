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

 private:
  std::string name_;
  mutable std::mutex mu_;
  std::shared_ptr<chat::Skill> ready_;
  std::string failure_;
  std::thread builder_thread_;
};

}  // namespace finchat::app
