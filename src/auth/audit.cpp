#include "auth/audit.hpp"

#include "core/ids.hpp"
#include "core/log.hpp"

namespace finchat::auth {

void AuditLog::record(const AuditEntry& entry) { record(*db_, entry); }

void AuditLog::record(store::Session& session, const AuditEntry& e) {
  int64_t now = clock_.now_ms();
  const std::string& request_id = log::current_request_id();
  auto r = session.exec(
      "INSERT INTO audit_log (id, at, event, actor, subject, ip, request_id, detail) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {new_uuid_v7(now), now, e.event, e.actor, e.subject, e.ip,
       request_id.empty() ? store::null() : store::Value(request_id),
       e.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  if (!r) {
    log::get("auth")->error("audit write failed for event {}: {}", e.event, r.error().message);
  }
}

}  // namespace finchat::auth
