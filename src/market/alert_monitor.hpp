#pragma once
// Live evaluation of stored alerts: loads the active alerts of every user, evaluates them on
// each closed bar of the MarketState, marks a fired alert triggered (once, also across
// replicas sharing the database) and hands the event to the notifier (the owner's SSE streams).
// Replicas share the database: refresh() (periodically, start_refresh) picks up alerts created
// on other replicas and drops those deleted or fired elsewhere. Every replica evaluates every
// alert, and the conditional UPDATE in mark_triggered lets exactly one of them fire it; the
// others hand the stored event to the peer notifier, for their own SSE clients only.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "market/alert_store.hpp"
#include "market/alerts.hpp"
#include "market/market_state.hpp"

namespace finchat::market {

class AlertMonitor : public std::enable_shared_from_this<AlertMonitor> {
 public:
  using Notifier = std::function<void(const std::string& user_id, const nlohmann::json& alert)>;

  AlertMonitor(std::shared_ptr<AlertStore> store, std::shared_ptr<MarketState> state)
      : store_(std::move(store)), state_(std::move(state)) {}
  ~AlertMonitor();

  // Loads the active alerts and subscribes to the state's closed bars.
  Status start();
  // The winner's notifier: the owner's SSE streams and conversation (called once per alert).
  void set_notifier(Notifier n);
  // Told when another replica fired an alert this one watched: its local SSE streams only.
  void set_peer_notifier(Notifier n);

  struct RefreshResult {
    std::size_t added = 0;    // created elsewhere, now watched here
    std::size_t dropped = 0;  // deleted or fired elsewhere
  };
  // Syncs the watched alerts with the store's active ones.
  Result<RefreshResult> refresh();
  // Runs refresh() every `interval` on a background thread until stop_refresh().
  void start_refresh(std::chrono::milliseconds interval);
  void stop_refresh();

  Result<StoredAlert> create(const std::string& user_id, AlertRule rule);
  Result<bool> remove(const std::string& user_id, const std::string& id);
  AlertStore& store() { return *store_; }
  std::size_t watching() const;

  void on_bar(const ClosedBar& closed);

 private:
  Status watch(const AlertRule& rule, const std::string& user_id);
  // Called with mu_ held, for an alert that left the engine because another replica fired it.
  void notify_peer_fired(const std::string& user, const std::string& id);
  void publish_size();

  std::shared_ptr<AlertStore> store_;
  std::shared_ptr<MarketState> state_;
  mutable std::mutex mu_;
  AlertEngine engine_;
  std::map<std::string, std::string> owners_;  // alert id -> user id
  Notifier notifier_;
  Notifier peer_notifier_;

  std::mutex refresh_mu_;
  std::condition_variable refresh_cv_;
  bool refresh_stop_ = false;
  std::thread refresher_;
};

}  // namespace finchat::market
