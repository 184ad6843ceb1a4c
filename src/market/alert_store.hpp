#pragma once
// Per-user price alerts in the database (table market_alerts, migration 0200_market.sql).
// Every read and delete is scoped by owner, so another user's alert is simply not found.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "market/alerts.hpp"
#include "store/database.hpp"

namespace finchat::market {

struct StoredAlert {
  std::string id;
  std::string user_id;
  AlertRule rule;
  std::string status;    // "active" | "triggered"
  nlohmann::json event;  // null until triggered
  int64_t created_at = 0;
  std::optional<int64_t> triggered_at;
};
nlohmann::json to_json(const StoredAlert& a);

class AlertStore {
 public:
  AlertStore(std::shared_ptr<store::Database> db, const Clock& clock = SystemClock::instance())
      : db_(std::move(db)), clock_(clock) {}

  // Stores `rule` (its id is generated here) as an active alert of `user_id`.
  Result<StoredAlert> create(const std::string& user_id, AlertRule rule);
  Result<std::vector<StoredAlert>> list(const std::string& user_id);
  Result<std::optional<StoredAlert>> get(const std::string& user_id, const std::string& id);
  Result<bool> remove(const std::string& user_id, const std::string& id);
  Result<std::vector<StoredAlert>> active();
  // Marks an active alert triggered; false when it was already triggered or deleted.
  Result<bool> mark_triggered(const std::string& id, const AlertEvent& event);

 private:
  std::shared_ptr<store::Database> db_;
  const Clock& clock_;
};

}  // namespace finchat::market
