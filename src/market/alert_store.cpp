#include "market/alert_store.hpp"

#include "core/ids.hpp"

namespace finchat::market {

namespace {

constexpr const char* kColumns = "id, user_id, spec, status, event, created_at, triggered_at";

Result<StoredAlert> from_row(const store::Row& row) {
  StoredAlert a;
  a.id = row.str("id");
  a.user_id = row.str("user_id");
  auto rule = parse_alert_rule(row.str("spec"));
  if (!rule) return Error::internal("stored alert " + a.id + ": " + rule.error().message);
  a.rule = std::move(*rule);
  a.status = row.str("status");
  if (!row.is_null("event")) {
    a.event = nlohmann::json::parse(row.str("event"), nullptr, false);
    if (a.event.is_discarded()) a.event = nullptr;
  }
  a.created_at = row.i64("created_at");
  if (!row.is_null("triggered_at")) a.triggered_at = row.i64("triggered_at");
  return a;
}

Result<std::vector<StoredAlert>> from_rows(const store::Rows& rows) {
  std::vector<StoredAlert> out;
  for (const auto& row : rows) {
    auto a = from_row(row);
    if (!a) return a.error();
    out.push_back(std::move(*a));
  }
  return out;
}

}  // namespace

nlohmann::json to_json(const StoredAlert& a) {
  nlohmann::json j = to_json(a.rule);
  j["status"] = a.status;
  j["created_at"] = format_iso8601(a.created_at);
  j["triggered_at"] = a.triggered_at ? nlohmann::json(format_iso8601(*a.triggered_at)) : nullptr;
  j["event"] = a.event;
  return j;
}

Result<StoredAlert> AlertStore::create(const std::string& user_id, AlertRule rule) {
  const int64_t now = clock_.now_ms();
  rule.id = new_uuid_v7(now);
  auto done = db_->exec(
      "INSERT INTO market_alerts (id, user_id, symbol, spec, status, created_at) "
      "VALUES ($1, $2, $3, $4, 'active', $5)",
      {rule.id, user_id, rule.symbol, to_json(rule).dump(), now});
  if (!done) return done.error();
  StoredAlert a;
  a.id = rule.id;
  a.user_id = user_id;
  a.rule = std::move(rule);
  a.status = "active";
  a.created_at = now;
  return a;
}

Result<std::vector<StoredAlert>> AlertStore::list(const std::string& user_id) {
  auto rows = db_->query(std::string("SELECT ") + kColumns +
                             " FROM market_alerts WHERE user_id = $1 ORDER BY created_at, id",
                         {user_id});
  if (!rows) return rows.error();
  return from_rows(*rows);
}

Result<std::optional<StoredAlert>> AlertStore::get(const std::string& user_id,
                                                   const std::string& id) {
  auto row = db_->query_one(
      std::string("SELECT ") + kColumns + " FROM market_alerts WHERE id = $1 AND user_id = $2",
      {id, user_id});
  if (!row) return row.error();
  if (!*row) return std::optional<StoredAlert>{};
  auto a = from_row(**row);
  if (!a) return a.error();
  return std::optional<StoredAlert>(std::move(*a));
}

Result<bool> AlertStore::remove(const std::string& user_id, const std::string& id) {
  auto n = db_->exec("DELETE FROM market_alerts WHERE id = $1 AND user_id = $2", {id, user_id});
  if (!n) return n.error();
  return *n > 0;
}

Result<std::vector<StoredAlert>> AlertStore::active() {
  auto rows = db_->query(std::string("SELECT ") + kColumns +
                         " FROM market_alerts WHERE status = 'active' ORDER BY created_at, id");
  if (!rows) return rows.error();
  return from_rows(*rows);
}

Result<bool> AlertStore::mark_triggered(const std::string& id, const AlertEvent& event) {
  auto n = db_->exec(
      "UPDATE market_alerts SET status = 'triggered', event = $2, triggered_at = $3 "
      "WHERE id = $1 AND status = 'active'",
      {id, to_json(event).dump(), clock_.now_ms()});
  if (!n) return n.error();
  return *n > 0;
}

}  // namespace finchat::market
