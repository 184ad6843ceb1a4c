#pragma once
// The auth component's single entry point: OAuth 2 token service (password, client
// credentials, refresh with rotation), revocation, JWKS and metadata routes, the bearer-token
// Authenticator, rate limiters, key rotation and the admin operations behind the CLI.
#include <memory>
#include <string>

#include "auth/access_tokens.hpp"
#include "auth/audit.hpp"
#include "auth/keys.hpp"
#include "auth/login_throttle.hpp"
#include "auth/refresh_tokens.hpp"
#include "auth/token_request.hpp"
#include "auth/users.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"
#include "store/redis.hpp"

namespace finchat::auth {

struct AuthOptions {
  crypto::PasswordCost password_cost{};  // tests pass a cheap cost
  ThrottleOptions throttle{};            // per_ip_per_min is taken from the config
};

struct SeedResult {
  bool created = false;  // false: users already existed, nothing was created
  std::string admin_username;
  std::string admin_password;
  std::string demo_username;
  std::string demo_password;
};

class AuthService {
 public:
  static Result<std::shared_ptr<AuthService>> create(std::shared_ptr<store::Database> db,
                                                     std::shared_ptr<store::FieldCipher> cipher,
                                                     const Config& config,
                                                     const Clock& clock = SystemClock::instance());
  static Result<std::shared_ptr<AuthService>> create(std::shared_ptr<store::Database> db,
                                                     std::shared_ptr<store::FieldCipher> cipher,
                                                     const Config& config, const Clock& clock,
                                                     AuthOptions options);

  // POST /oauth/token, POST /oauth/revoke, GET /.well-known/jwks.json,
  // GET /.well-known/oauth-authorization-server, GET /v1/me.
  void register_routes(http::Router& router);
  std::shared_ptr<http::Authenticator> authenticator();
  // Redis-backed when `redis` is non-null (or security.rate_limit_backend is "redis" and
  // redis.url is set), else in-process.
  std::shared_ptr<http::RateLimiter> make_rate_limiter(std::shared_ptr<store::RedisClient> redis);
  Status rotate_signing_key(const std::string& actor = "system");
  // Creates "admin" and "demo" with random passwords, only when there are no users at all.
  Result<SeedResult> seed_demo_users();

  // Audited admin operations (the CLI and future admin routes).
  Result<User> create_user(const NewUser& user, const std::string& actor);
  Status disable_user(const std::string& username, const std::string& actor);
  Status set_role(const std::string& username, const std::string& role, const std::string& actor);
  Result<std::string> create_service_client(const std::string& client_id,
                                            const std::vector<std::string>& scopes,
                                            const std::string& actor);

  // Endpoint handlers (also reachable directly, for tests).
  http::Response token_endpoint(const http::Request& request);
  http::Response revoke_endpoint(const http::Request& request);
  http::Response me_endpoint(const http::Request& request);
  http::Response metadata_endpoint() const;

  UserRepository& users() { return *users_; }
  ClientRepository& clients() { return *clients_; }
  AccessTokens& access_tokens() { return *tokens_; }
  KeyStore& keys() { return *keys_; }
  RefreshTokenStore& refresh_tokens() { return *refresh_; }
  AuditLog& audit() { return *audit_; }
  LoginThrottle& throttle() { return *throttle_; }
  const Clock& clock() const { return clock_; }

 private:
  AuthService(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
              const Config& config, const Clock& clock, AuthOptions options);
  Status init();

  Result<OAuthClient> authenticate_client(const std::string& client_id, const std::string& secret,
                                          const std::string& ip);
  http::Response password_grant(const TokenRequest& r, const OAuthClient& client,
                                const std::string& ip);
  http::Response client_credentials_grant(const TokenRequest& r, const OAuthClient& client);
  http::Response refresh_grant(const TokenRequest& r, const OAuthClient& client,
                               const std::string& ip);

  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  Config config_;
  const Clock& clock_;
  AuthOptions options_;
  std::shared_ptr<UserRepository> users_;
  std::shared_ptr<ClientRepository> clients_;
  std::shared_ptr<KeyStore> keys_;
  std::shared_ptr<AccessTokens> tokens_;
  std::shared_ptr<RefreshTokenStore> refresh_;
  std::shared_ptr<AuditLog> audit_;
  std::shared_ptr<LoginThrottle> throttle_;
  std::shared_ptr<http::Authenticator> authenticator_;
  std::string dummy_password_hash_;  // verified against for unknown users (equal timing)
};

// Scopes a user's role may request (and gets by default).
std::vector<std::string> scopes_for_role(const std::string& role);

}  // namespace finchat::auth
