#include "market/alert_monitor.hpp"

#include "core/log.hpp"

namespace finchat::market {

Status AlertMonitor::start() {
  auto active = store_->active();
  if (!active) return active.error();
  for (const auto& a : *active) {
    if (auto st = watch(a.rule, a.user_id); !st) return st;
  }
  std::weak_ptr<AlertMonitor> self = weak_from_this();
  state_->on_bar([self](const ClosedBar& c) {
    if (auto m = self.lock()) m->on_bar(c);
  });
  return {};
}

void AlertMonitor::set_notifier(Notifier n) {
  std::lock_guard lock(mu_);
  notifier_ = std::move(n);
}

Status AlertMonitor::watch(const AlertRule& rule, const std::string& user_id) {
  // History is read before taking mu_: bar listeners run with mu_ and must never wait on us.
  auto history = state_->bars(rule.symbol, rule.interval, false);
  std::lock_guard lock(mu_);
  if (auto st = engine_.add(rule, history); !st) return st;
  owners_[rule.id] = user_id;
  return {};
}

Result<StoredAlert> AlertMonitor::create(const std::string& user_id, AlertRule rule) {
  auto stored = store_->create(user_id, std::move(rule));
  if (!stored) return stored.error();
  if (auto st = watch(stored->rule, user_id); !st) {
    (void)store_->remove(user_id, stored->id);
    return st.error();
  }
  return stored;
}

Result<bool> AlertMonitor::remove(const std::string& user_id, const std::string& id) {
  auto removed = store_->remove(user_id, id);
  if (!removed || !*removed) return removed;
  std::lock_guard lock(mu_);
  engine_.remove(id);
  owners_.erase(id);
  return true;
}

std::size_t AlertMonitor::watching() const {
  std::lock_guard lock(mu_);
  return engine_.size();
}

void AlertMonitor::on_bar(const ClosedBar& closed) {
  std::lock_guard lock(mu_);
  if (engine_.size() == 0) return;
  for (const AlertEvent& ev : engine_.on_bar(closed.symbol, closed.interval, closed.bar)) {
    engine_.remove(ev.rule_id);  // one-shot: a triggered alert is done
    auto owner = owners_.find(ev.rule_id);
    if (owner == owners_.end()) continue;
    const std::string user = owner->second;
    owners_.erase(owner);
    auto marked = store_->mark_triggered(ev.rule_id, ev);
    if (!marked) {
      log::get("market")->warn("alert {}: cannot mark triggered: {}", ev.rule_id,
                               marked.error().message);
      continue;
    }
    if (!*marked) continue;  // deleted meanwhile, or another replica got there first
    if (notifier_) {
      nlohmann::json payload = to_json(ev);
      payload["id"] = ev.rule_id;
      payload["status"] = "triggered";
      notifier_(user, payload);
    }
  }
}

}  // namespace finchat::market
