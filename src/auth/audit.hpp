#pragma once
// Append-only security audit trail in audit_log. Writes never throw and never fail the
// caller: a lost audit row is logged loudly instead.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace finchat::auth {

namespace audit_event {
inline constexpr const char* kLoginSuccess = "login_success";
inline constexpr const char* kLoginFailure = "login_failure";
inline constexpr const char* kLoginLocked = "login_locked";
inline constexpr const char* kTokenReuse = "refresh_token_reuse";
inline constexpr const char* kTokenRevoked = "token_revoked";
inline constexpr const char* kRoleChanged = "role_changed";
inline constexpr const char* kKeyRotated = "signing_key_rotated";
inline constexpr const char* kAccessDenied = "access_denied";
inline constexpr const char* kUserCreated = "user_created";
inline constexpr const char* kUserDisabled = "user_disabled";
inline constexpr const char* kClientCreated = "client_created";
inline constexpr const char* kClientAuthFailure = "client_auth_failure";
}  // namespace audit_event

struct AuditEntry {
  std::string event;
  std::string actor;    // who acted: user id, client id, "cli", "system"
  std::string subject;  // what was acted on
  std::string ip;
  nlohmann::json detail = nlohmann::json::object();
};

class AuditLog {
 public:
  AuditLog(std::shared_ptr<store::Database> db, const Clock& clock)
      : db_(std::move(db)), clock_(clock) {}
  // Stamps the id, time and current request id.
  void record(const AuditEntry& entry);
  void record(store::Session& session, const AuditEntry& entry);

 private:
  std::shared_ptr<store::Database> db_;
  const Clock& clock_;
};

}  // namespace finchat::auth
