#include "market/alert_monitor.hpp"

#include <set>

#include "core/log.hpp"
#include "core/metrics.hpp"

namespace finchat::market {

namespace {

metrics::Gauge& watched_gauge() {
  static auto& g =
      metrics::registry()
          .gauge("finchat_market_alerts_watched", "Active price alerts this replica evaluates")
          .get();
  return g;
}

nlohmann::json triggered_payload(const std::string& id, nlohmann::json event) {
  if (!event.is_object()) event = nlohmann::json::object();
  event["id"] = id;
  event["status"] = "triggered";
  return event;
}

}  // namespace

AlertMonitor::~AlertMonitor() { stop_refresh(); }

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

void AlertMonitor::set_peer_notifier(Notifier n) {
  std::lock_guard lock(mu_);
  peer_notifier_ = std::move(n);
}

void AlertMonitor::publish_size() { watched_gauge().set(static_cast<double>(engine_.size())); }

Status AlertMonitor::watch(const AlertRule& rule, const std::string& user_id) {
  // History is read before taking mu_: bar listeners run with mu_ and must never wait on us.
  auto history = state_->bars(rule.symbol, rule.interval, false);
  std::lock_guard lock(mu_);
  if (owners_.count(rule.id)) return {};  // a refresh got here first
  if (auto st = engine_.add(rule, history); !st) return st;
  owners_[rule.id] = user_id;
  publish_size();
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
  publish_size();
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
    if (!*marked) {  // deleted meanwhile, or another replica got there first
      notify_peer_fired(user, ev.rule_id);
      continue;
    }
    if (notifier_) notifier_(user, triggered_payload(ev.rule_id, to_json(ev)));
  }
  publish_size();
}

void AlertMonitor::notify_peer_fired(const std::string& user, const std::string& id) {
  if (!peer_notifier_) return;
  auto stored = store_->get(user, id);
  if (!stored || !*stored || (*stored)->status != "triggered") return;  // deleted, not fired
  peer_notifier_(user, triggered_payload(id, (*stored)->event));
}

Result<AlertMonitor::RefreshResult> AlertMonitor::refresh() {
  // Only alerts watched before the query may be dropped: one created here meanwhile is
  // active in the store even if the query did not see it.
  std::set<std::string> known;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, user] : owners_) known.insert(id);
  }
  auto active = store_->active();
  if (!active) return active.error();
  RefreshResult result;
  std::set<std::string> active_ids;
  for (const auto& a : *active) {
    active_ids.insert(a.id);
    if (known.count(a.id)) continue;
    if (auto st = watch(a.rule, a.user_id); !st) {
      log::get("market")->warn("alert {}: cannot watch: {}", a.id, st.error().message);
      continue;
    }
    ++result.added;
  }
  std::lock_guard lock(mu_);
  for (const auto& id : known) {
    if (active_ids.count(id)) continue;
    auto owner = owners_.find(id);
    if (owner == owners_.end()) continue;  // fired or removed here meanwhile
    const std::string user = owner->second;
    owners_.erase(owner);
    engine_.remove(id);
    ++result.dropped;
    notify_peer_fired(user, id);
  }
  publish_size();
  return result;
}

void AlertMonitor::start_refresh(std::chrono::milliseconds interval) {
  stop_refresh();
  {
    std::lock_guard lock(refresh_mu_);
    refresh_stop_ = false;
  }
  refresher_ = std::thread([this, interval] {
    std::unique_lock lock(refresh_mu_);
    while (!refresh_cv_.wait_for(lock, interval, [this] { return refresh_stop_; })) {
      lock.unlock();
      if (auto r = refresh(); !r) {
        log::get("market")->warn("alerts refresh failed: {}", r.error().message);
      } else if (r->added || r->dropped) {
        log::get("market")->info("alerts refresh: {} added, {} dropped", r->added, r->dropped);
      }
      lock.lock();
    }
  });
}

void AlertMonitor::stop_refresh() {
  {
    std::lock_guard lock(refresh_mu_);
    refresh_stop_ = true;
  }
  refresh_cv_.notify_all();
  if (refresher_.joinable()) refresher_.join();
}

}  // namespace finchat::market
