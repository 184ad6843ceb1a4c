#include "auth/authenticator.hpp"

#include <algorithm>

namespace finchat::auth {

namespace {
constexpr int64_t kAccountRecheckMs = 5'000;
constexpr size_t kMaxAccounts = 50'000;
}  // namespace

Result<std::string> bearer_token(const http::Request& request) {
  std::string h = request.header("authorization");
  if (h.empty()) return Error::unauthenticated("missing bearer token");
  if (h.size() < 7 || !std::equal(h.begin(), h.begin() + 7, "bearer ", [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      })) {
    return Error::unauthenticated("Authorization must use the Bearer scheme");
  }
  std::string token = h.substr(7);
  while (!token.empty() && token.front() == ' ') token.erase(token.begin());
  if (token.empty()) return Error::unauthenticated("missing bearer token");
  return token;
}

BearerAuthenticator::BearerAuthenticator(std::shared_ptr<AccessTokens> tokens,
                                         std::shared_ptr<UserRepository> users,
                                         std::shared_ptr<ClientRepository> clients,
                                         std::shared_ptr<AuditLog> audit, const Clock& clock)
    : tokens_(std::move(tokens)),
      users_(std::move(users)),
      clients_(std::move(clients)),
      audit_(std::move(audit)),
      clock_(clock) {}

Result<BearerAuthenticator::AccountState> BearerAuthenticator::account_state(
    const AccessClaims& c) {
  int64_t now = clock_.now_ms();
  bool service = c.role == "service";
  std::string key = (service ? "c:" : "u:") + c.sub;
  {
    std::lock_guard lock(mu_);
    auto it = accounts_.find(key);
    if (it != accounts_.end() && now - it->second.checked_ms < kAccountRecheckMs) return it->second;
  }
  AccountState s;
  s.checked_ms = now;
  if (service) {
    auto client = clients_->find(c.sub);
    if (!client) return client.error();
    s.active = client->has_value() && !(*client)->disabled && !(*client)->public_client;
    s.role = "service";
  } else {
    auto user = users_->find_by_id(c.sub);
    if (!user) return user.error();
    s.active = user->has_value() && !(*user)->disabled;
    if (s.active) s.role = (*user)->role;
  }
  std::lock_guard lock(mu_);
  if (accounts_.size() >= kMaxAccounts) accounts_.clear();
  accounts_[key] = s;
  return s;
}

Result<http::Principal> BearerAuthenticator::authenticate(const http::Request& request) {
  auto token = bearer_token(request);
  if (!token) return token.error();
  auto claims = tokens_->verify(*token);
  if (!claims) return claims.error();
  auto account = account_state(*claims);
  if (!account) return Error::unavailable("cannot check the account right now");
  if (!account->active) return Error::unauthenticated("account is disabled");
  http::Principal p;
  p.subject = claims->sub;
  p.username = claims->username;
  p.role = account->role;  // the current role, not the one frozen into the token
  p.scopes = split_scopes(claims->scope);
  p.client_id = claims->client_id;
  p.token_id = claims->jti;
  p.service = claims->role == "service";
  return p;
}

void BearerAuthenticator::on_denied(const http::Request& request, const std::string& reason) {
  AuditEntry e;
  e.event = audit_event::kAccessDenied;
  e.ip = request.remote_ip;
  e.subject = request.method + " " + request.path;
  if (auto token = bearer_token(request)) {
    if (auto claims = tokens_->verify(*token)) e.actor = claims->sub;
  }
  e.detail = {{"reason", reason}, {"route", request.route}};
  audit_->record(e);
}

}  // namespace finchat::auth
