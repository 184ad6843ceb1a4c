#include "app/lazy_skill.hpp"

#include "core/log.hpp"

namespace finchat::app {

LazySkill::LazySkill(std::string name, Builder builder) : name_(std::move(name)) {
  builder_thread_ = std::thread([this, builder = std::move(builder)] {
    auto built = builder();
    std::lock_guard lock(mu_);
    if (built) {
      ready_ = built.value();
      log::get("app")->info("skill {} ready", name_);
    } else {
      failure_ = built.error().message;
      log::get("app")->error("skill {} failed to load: {}", name_, failure_);
    }
  });
}

LazySkill::~LazySkill() {
  if (builder_thread_.joinable()) builder_thread_.join();
}

void LazySkill::wait() const {
  // Used by tests and the CLI; the server never waits.
  while (not_ready() && failure_.empty())
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

std::optional<std::string> LazySkill::not_ready() const {
  std::lock_guard lock(mu_);
  if (ready_) return std::nullopt;
  return failure_.empty() ? name_ + " is still loading" : name_ + " failed: " + failure_;
}

Result<chat::SkillResult> LazySkill::run(chat::Turn& turn) {
  std::shared_ptr<chat::Skill> skill;
  {
    std::lock_guard lock(mu_);
    skill = ready_;
  }
  if (skill) return skill->run(turn);
  chat::SkillResult r;
  r.text =
      "I'm still loading our help-centre articles — please ask again in a moment, or I can "
      "connect you with a specialist.";
  r.suggestions = {"Talk to a human"};
  return r;
}

}  // namespace finchat::app
