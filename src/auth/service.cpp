#include "auth/service.hpp"

#include "auth/authenticator.hpp"
#include "auth/rate_limiter.hpp"
#include "core/log.hpp"
#include "store/migrations.hpp"

namespace finchat::auth {

std::vector<std::string> scopes_for_role(const std::string& role) {
  if (role == "admin") return {"chat:write", "market:read", "support:write", "admin"};
  if (role == "agent") return {"chat:write", "market:read", "support:write"};
  return {"chat:write", "market:read"};
}

AuthService::AuthService(std::shared_ptr<store::Database> db,
                         std::shared_ptr<store::FieldCipher> cipher, const Config& config,
                         const Clock& clock, AuthOptions options)
    : db_(std::move(db)),
      cipher_(std::move(cipher)),
      config_(config),
      clock_(clock),
      options_(options) {}

Result<std::shared_ptr<AuthService>> AuthService::create(std::shared_ptr<store::Database> db,
                                                         std::shared_ptr<store::FieldCipher> cipher,
                                                         const Config& config, const Clock& clock) {
  return create(std::move(db), std::move(cipher), config, clock, AuthOptions{});
}

Result<std::shared_ptr<AuthService>> AuthService::create(std::shared_ptr<store::Database> db,
                                                         std::shared_ptr<store::FieldCipher> cipher,
                                                         const Config& config, const Clock& clock,
                                                         AuthOptions options) {
  if (!db || !cipher) return Error::invalid("auth needs a database and a field cipher");
  if (config.security.access_token_ttl_s <= 0 || config.security.refresh_token_ttl_s <= 0) {
    return Error::invalid("token lifetimes must be positive", "security.access_token_ttl_s");
  }
  std::shared_ptr<AuthService> s(
      new AuthService(std::move(db), std::move(cipher), config, clock, options));
  if (auto st = s->init(); !st) return st.error();
  return s;
}

Status AuthService::init() {
  crypto::init();
  if (auto m = store::migrate(*db_); !m) return m.error();
  const auto& sec = config_.security;
  users_ = std::make_shared<UserRepository>(db_, cipher_, clock_, options_.password_cost);
  clients_ = std::make_shared<ClientRepository>(db_, clock_, options_.password_cost);
  // Retired keys verify for a token lifetime plus the signer reload interval and leeway.
  keys_ = std::make_shared<KeyStore>(db_, cipher_, clock_, sec.access_token_ttl_s + 60 + 30 + 60);
  if (auto st = keys_->init(); !st) return st;
  VerifyOptions verify{sec.issuer, sec.audience, 30};
  tokens_ = std::make_shared<AccessTokens>(keys_, std::make_shared<RevocationList>(db_, clock_),
                                           clock_, verify, sec.access_token_ttl_s);
  refresh_ = std::make_shared<RefreshTokenStore>(db_, cipher_, clock_, sec.refresh_token_ttl_s);
  audit_ = std::make_shared<AuditLog>(db_, clock_);
  ThrottleOptions throttle = options_.throttle;
  throttle.per_ip_per_min = std::max(1.0, sec.login_rate_limit_per_min);
  throttle_ = std::make_shared<LoginThrottle>(clock_, throttle);
  authenticator_ = std::make_shared<BearerAuthenticator>(tokens_, users_, clients_, audit_, clock_);
  if (auto st = clients_->ensure_public_client(kWebClientId, {"password", "refresh_token"}); !st) {
    return st;
  }
  auto dummy = crypto::password_hash(crypto::random_token(16), options_.password_cost);
  if (!dummy) return dummy.error();
  dummy_password_hash_ = *dummy;
  return {};
}

std::shared_ptr<http::Authenticator> AuthService::authenticator() { return authenticator_; }

std::shared_ptr<http::RateLimiter> AuthService::make_rate_limiter(
    std::shared_ptr<store::RedisClient> redis) {
  RateClasses classes(config_.security);
  bool want_redis = config_.security.rate_limit_backend == "redis" && !config_.redis.url.empty();
  if (redis || want_redis) {
    return std::make_shared<RedisRateLimiter>(std::move(redis), config_.redis.url, classes, clock_);
  }
  return std::make_shared<LocalRateLimiter>(classes, clock_);
}

Status AuthService::rotate_signing_key(const std::string& actor) {
  auto kid = keys_->rotate();
  if (!kid) return kid.error();
  audit_->record({audit_event::kKeyRotated, actor, *kid, {}, {{"kid", *kid}}});
  return {};
}

Result<SeedResult> AuthService::seed_demo_users() {
  SeedResult out;
  auto n = users_->count();
  if (!n) return n.error();
  if (*n > 0) return out;
  out.admin_username = "admin";
  out.admin_password = crypto::random_token(18);
  out.demo_username = "demo";
  out.demo_password = crypto::random_token(18);
  auto admin =
      create_user({out.admin_username, "admin", out.admin_password, {}, "Administrator"}, "seed");
  // Another replica starting at the same moment seeded first: nothing to print here.
  if (!admin && admin.error().kind == ErrorKind::conflict) return SeedResult{};
  if (!admin) return admin.error();
  auto demo =
      create_user({out.demo_username, "customer", out.demo_password, {}, "Demo Customer"}, "seed");
  if (!demo) return demo.error();
  out.created = true;
  return out;
}

Result<User> AuthService::create_user(const NewUser& user, const std::string& actor) {
  auto u = users_->create(user);
  if (!u) return u;
  audit_->record({audit_event::kUserCreated,
                  actor,
                  u->id,
                  {},
                  {{"username", u->username}, {"role", u->role}}});
  return u;
}

Status AuthService::disable_user(const std::string& username, const std::string& actor) {
  auto user = users_->find_by_username(username);
  if (!user) return user.error();
  if (!user->has_value()) return Error::not_found("no user named " + username);
  if (auto st = users_->disable(username); !st) return st;
  // Sessions end now: refresh tokens are revoked, access tokens fail the account re-check.
  if (auto st = refresh_->revoke_user((*user)->id); !st) return st;
  audit_->record(
      {audit_event::kUserDisabled, actor, (*user)->id, {}, {{"username", (*user)->username}}});
  return {};
}

Status AuthService::set_role(const std::string& username, const std::string& role,
                             const std::string& actor) {
  auto user = users_->find_by_username(username);
  if (!user) return user.error();
  if (!user->has_value()) return Error::not_found("no user named " + username);
  if (auto st = users_->set_role(username, role); !st) return st;
  audit_->record({audit_event::kRoleChanged,
                  actor,
                  (*user)->id,
                  {},
                  {{"username", (*user)->username}, {"from", (*user)->role}, {"to", role}}});
  return {};
}

Result<std::string> AuthService::create_service_client(const std::string& client_id,
                                                       const std::vector<std::string>& scopes,
                                                       const std::string& actor) {
  auto secret = clients_->create_service_client(client_id, scopes);
  if (!secret) return secret;
  audit_->record(
      {audit_event::kClientCreated, actor, client_id, {}, {{"scopes", join_scopes(scopes)}}});
  return secret;
}

}  // namespace finchat::auth
