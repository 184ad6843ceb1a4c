#pragma once
// Live evaluation of stored alerts: loads the active alerts of every user, evaluates them on
// each closed bar of the MarketState, marks a fired alert triggered (once, also across
// replicas sharing the database) and hands the event to the notifier (the owner's SSE streams).
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "market/alert_store.hpp"
#include "market/alerts.hpp"
#include "market/market_state.hpp"

namespace finchat::market {

class AlertMonitor : public std::enable_shared_from_this<AlertMonitor> {
 public:
  using Notifier = std::function<void(const std::string& user_id, const nlohmann::json& alert)>;

  AlertMonitor(std::shared_ptr<AlertStore> store, std::shared_ptr<MarketState> state)
      : store_(std::move(store)), state_(std::move(state)) {}

  // Loads the active alerts and subscribes to the state's closed bars.
  Status start();
  void set_notifier(Notifier n);

  Result<StoredAlert> create(const std::string& user_id, AlertRule rule);
  Result<bool> remove(const std::string& user_id, const std::string& id);
  AlertStore& store() { return *store_; }
  std::size_t watching() const;

  void on_bar(const ClosedBar& closed);

 private:
  Status watch(const AlertRule& rule, const std::string& user_id);

  std::shared_ptr<AlertStore> store_;
  std::shared_ptr<MarketState> state_;
  mutable std::mutex mu_;
  AlertEngine engine_;
  std::map<std::string, std::string> owners_;  // alert id -> user id
  Notifier notifier_;
};

}  // namespace finchat::market
