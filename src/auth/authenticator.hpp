#pragma once
// Bearer-token authentication for the HTTP pipeline. The token comes from the Authorization
// header only (never the query string or cookies). The account behind a user token is
// re-checked against the database at most every few seconds, so disabling a user or changing
// a role takes effect well before the token expires.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/access_tokens.hpp"
#include "auth/audit.hpp"
#include "auth/users.hpp"
#include "http/pipeline.hpp"

namespace finchat::auth {

class BearerAuthenticator final : public http::Authenticator {
 public:
  BearerAuthenticator(std::shared_ptr<AccessTokens> tokens, std::shared_ptr<UserRepository> users,
                      std::shared_ptr<ClientRepository> clients, std::shared_ptr<AuditLog> audit,
                      const Clock& clock);

  Result<http::Principal> authenticate(const http::Request& request) override;
  void on_denied(const http::Request& request, const std::string& reason) override;

 private:
  struct AccountState {
    bool active = false;
    std::string role;
    int64_t checked_ms = 0;
  };
  Result<AccountState> account_state(const AccessClaims& claims);

  std::shared_ptr<AccessTokens> tokens_;
  std::shared_ptr<UserRepository> users_;
  std::shared_ptr<ClientRepository> clients_;
  std::shared_ptr<AuditLog> audit_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, AccountState> accounts_;
};

// The token in "Authorization: Bearer <token>", or an error.
Result<std::string> bearer_token(const http::Request& request);

}  // namespace finchat::auth
