// POST /oauth/token and POST /oauth/revoke.
#include <algorithm>

#include "auth/service.hpp"
#include "core/log.hpp"

namespace finchat::auth {

namespace {

http::Response oauth_json(int status, const nlohmann::json& body) {
  http::Response r = http::Response::json(status, body);
  r.set_header("Cache-Control", "no-store");
  r.set_header("Pragma", "no-cache");
  return r;
}

http::Response oauth_failure(const Error& e) {
  if (e.field.empty()) {
    // Not an OAuth error: an internal failure, details stay in the log.
    log::get("auth")->error("token endpoint failure: {}", e.message);
    return oauth_json(e.kind == ErrorKind::unavailable ? 503 : 500,
                      {{"error", "server_error"}, {"error_description", "internal error"}});
  }
  int status = e.field == "invalid_client" ? 401 : 400;
  http::Response r = oauth_json(status, {{"error", e.field}, {"error_description", e.message}});
  if (status == 401) r.set_header("WWW-Authenticate", "Basic realm=\"finchat\"");
  return r;
}

http::Response too_many_attempts(int64_t retry_after_s, const std::string& why) {
  http::Response r = oauth_json(429, {{"error", "slow_down"}, {"error_description", why}});
  r.set_header("Retry-After", std::to_string(retry_after_s));
  return r;
}

// Requested scopes must be a subset of `allowed`; empty asks for all of them.
Result<std::string> grant_scope(const std::string& requested,
                                const std::vector<std::string>& allowed) {
  if (requested.empty()) return join_scopes(allowed);
  std::vector<std::string> wanted;
  for (const auto& s : split_scopes(requested)) {
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
      std::string shown = s.size() > 64 ? s.substr(0, 64) : s;
      return oauth_error("invalid_scope", "scope '" + shown + "' is not allowed");
    }
    wanted.push_back(s);
  }
  return join_scopes(wanted);
}

nlohmann::json token_body(const IssuedAccess& access, int64_t ttl_s, const std::string* refresh) {
  nlohmann::json body = {{"access_token", access.token},
                         {"token_type", "Bearer"},
                         {"expires_in", ttl_s},
                         {"scope", access.claims.scope}};
  if (refresh) body["refresh_token"] = *refresh;
  return body;
}

}  // namespace

Result<OAuthClient> AuthService::authenticate_client(const std::string& client_id,
                                                     const std::string& secret,
                                                     const std::string& ip) {
  auto client = clients_->find(client_id);
  if (!client) return client.error();
  bool ok = client->has_value() && !(*client)->disabled;
  if (ok && (*client)->public_client) {
    ok = secret.empty();  // a public client has no secret to present
  } else if (ok) {
    ok = !secret.empty() && crypto::password_verify((*client)->secret_hash, secret);
  } else {
    (void)crypto::password_verify(dummy_password_hash_, secret);  // same cost either way
  }
  if (!ok) {
    std::string shown = client_id.size() > 64 ? client_id.substr(0, 64) : client_id;
    audit_->record({audit_event::kClientAuthFailure, shown, shown, ip, {}});
    return oauth_error("invalid_client", "client authentication failed");
  }
  return **client;
}

http::Response AuthService::token_endpoint(const http::Request& request) {
  auto r = parse_token_request(request.header("content-type"), request.body,
                               request.header("authorization"));
  if (!r) return oauth_failure(r.error());
  auto client = authenticate_client(r->client_id, r->client_secret, request.remote_ip);
  if (!client) return oauth_failure(client.error());
  if (!client->allows_grant(r->grant_type)) {
    return oauth_failure(
        oauth_error("unauthorized_client", "this client may not use grant_type " + r->grant_type));
  }
  if (r->grant_type == "password") return password_grant(*r, *client, request.remote_ip);
  if (r->grant_type == "client_credentials") return client_credentials_grant(*r, *client);
  return refresh_grant(*r, *client, request.remote_ip);
}

http::Response AuthService::password_grant(const TokenRequest& r, const OAuthClient& client,
                                           const std::string& ip) {
  auto normalized = normalize_username(r.username);
  std::string account = normalized ? *normalized : r.username.substr(0, 64);
  ThrottleDecision gate = throttle_->check(account, ip);
  if (!gate.allowed) {
    return too_many_attempts(gate.retry_after_s, gate.account_locked
                                                     ? "too many failed logins for this account"
                                                     : "too many login attempts from this address");
  }
  auto user = users_->find_by_username(r.username);
  if (!user) return oauth_failure(user.error());
  bool known = user->has_value() && !(*user)->disabled;
  // Unknown and disabled users cost the same argon2 verification as real ones.
  bool ok =
      crypto::password_verify(known ? (*user)->password_hash : dummy_password_hash_, r.password) &&
      known;
  if (!ok) {
    bool locked = throttle_->record_failure(account);
    audit_->record({audit_event::kLoginFailure,
                    {},
                    account,
                    ip,
                    {{"client_id", client.client_id}, {"known_user", user->has_value()}}});
    if (locked) {
      audit_->record({audit_event::kLoginLocked, {}, account, ip, {}});
    }
    return oauth_failure(oauth_error("invalid_grant", "invalid username or password"));
  }
  const User& u = **user;
  auto scope = grant_scope(r.scope, scopes_for_role(u.role));
  if (!scope) return oauth_failure(scope.error());
  throttle_->record_success(account);
  auto access = tokens_->issue({u.id, client.client_id, *scope, u.role, u.username});
  if (!access) return oauth_failure(access.error());
  auto refresh = refresh_->issue({u.id, client.client_id, *scope, {}});
  if (!refresh) return oauth_failure(refresh.error());
  audit_->record({audit_event::kLoginSuccess, u.id, u.id, ip, {{"client_id", client.client_id}}});
  return oauth_json(200, token_body(*access, tokens_->ttl_s(), &refresh->token));
}

http::Response AuthService::client_credentials_grant(const TokenRequest& r,
                                                     const OAuthClient& client) {
  auto scope = grant_scope(r.scope, client.scopes);
  if (!scope) return oauth_failure(scope.error());
  auto access = tokens_->issue({client.client_id, client.client_id, *scope, "service", {}});
  if (!access) return oauth_failure(access.error());
  // RFC 6749 §4.4.3: no refresh token; the client can simply authenticate again.
  return oauth_json(200, token_body(*access, tokens_->ttl_s(), nullptr));
}

http::Response AuthService::refresh_grant(const TokenRequest& r, const OAuthClient& client,
                                          const std::string& ip) {
  auto rotation = refresh_->rotate(r.refresh_token, client.client_id);
  if (!rotation) return oauth_failure(rotation.error());
  switch (rotation->outcome) {
    case RefreshOutcome::ok: break;
    case RefreshOutcome::reused:
      audit_->record({audit_event::kTokenReuse,
                      rotation->grant.user_id,
                      rotation->grant.user_id,
                      ip,
                      {{"family_id", rotation->grant.family_id}, {"client_id", client.client_id}}});
      log::get("auth")->warn("refresh token reuse detected; family {} revoked",
                             rotation->grant.family_id);
      return oauth_failure(oauth_error("invalid_grant", "refresh token was already used"));
    case RefreshOutcome::expired:
      return oauth_failure(oauth_error("invalid_grant", "refresh token expired"));
    case RefreshOutcome::revoked:
      return oauth_failure(oauth_error("invalid_grant", "refresh token revoked"));
    case RefreshOutcome::invalid:
      return oauth_failure(oauth_error("invalid_grant", "invalid refresh token"));
  }
  const RefreshGrant& g = rotation->grant;
  auto user = users_->find_by_id(g.user_id);
  if (!user) return oauth_failure(user.error());
  if (!user->has_value() || (*user)->disabled) {
    (void)refresh_->revoke_family(g.family_id);
    return oauth_failure(oauth_error("invalid_grant", "account is disabled"));
  }
  // A refresh may narrow the scope (RFC 6749 §6); the family keeps the original grant.
  auto scope = grant_scope(r.scope, split_scopes(g.scope));
  if (!scope) return oauth_failure(scope.error());
  const User& u = **user;
  auto access = tokens_->issue({u.id, client.client_id, *scope, u.role, u.username});
  if (!access) return oauth_failure(access.error());
  return oauth_json(200, token_body(*access, tokens_->ttl_s(), &rotation->next.token));
}

http::Response AuthService::revoke_endpoint(const http::Request& request) {
  auto r = parse_revoke_request(request.header("content-type"), request.body,
                                request.header("authorization"));
  if (!r) return oauth_failure(r.error());
  auto client = authenticate_client(r->client_id, r->client_secret, request.remote_ip);
  if (!client) return oauth_failure(client.error());
  http::Response ok = oauth_json(200, nlohmann::json::object());
  // Refresh tokens are "<uuid>.<secret>"; JWTs have two dots. Try the likely kind first.
  if (std::count(r->token.begin(), r->token.end(), '.') == 1) {
    auto grant = refresh_->revoke(r->token, client->client_id);
    if (!grant) return oauth_failure(grant.error());
    if (grant->has_value()) {
      audit_->record({audit_event::kTokenRevoked,
                      client->client_id,
                      (*grant)->user_id,
                      request.remote_ip,
                      {{"kind", "refresh"}, {"family_id", (*grant)->family_id}}});
    }
    return ok;
  }
  auto claims = tokens_->verify_signature_and_claims(r->token);
  // Unknown, expired or foreign tokens: nothing to do, and RFC 7009 answers 200 regardless.
  if (!claims || claims->client_id != client->client_id) return ok;
  if (auto st = tokens_->revoke(*claims); !st) return oauth_failure(st.error());
  audit_->record({audit_event::kTokenRevoked,
                  client->client_id,
                  claims->sub,
                  request.remote_ip,
                  {{"kind", "access"}, {"jti", claims->jti}}});
  return ok;
}

}  // namespace finchat::auth
