#pragma once
// Issuing and verifying access tokens: signing through the KeyStore, verification with the
// key set in memory, a revocation list refreshed from the database every couple of seconds,
// and a bounded cache of already-verified tokens (expiry and revocation still checked per use).
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "auth/jwt.hpp"
#include "auth/keys.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace finchat::auth {

class RevocationList {
 public:
  RevocationList(std::shared_ptr<store::Database> db, const Clock& clock)
      : db_(std::move(db)), clock_(clock) {}
  Status revoke(const std::string& jti, int64_t expires_at_s);
  bool is_revoked(const std::string& jti);

 private:
  void refresh_if_stale();

  std::shared_ptr<store::Database> db_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_set<std::string> revoked_;
  int64_t loaded_ms_ = -1;
};

struct TokenSubject {
  std::string sub;
  std::string client_id;
  std::string scope;
  std::string role;
  std::string username;
};

struct IssuedAccess {
  std::string token;
  AccessClaims claims;
};

class AccessTokens {
 public:
  AccessTokens(std::shared_ptr<KeyStore> keys, std::shared_ptr<RevocationList> revocations,
               const Clock& clock, VerifyOptions options, int64_t ttl_s);

  Result<IssuedAccess> issue(const TokenSubject& subject);
  Result<AccessClaims> verify(std::string_view token);
  // Verification without the revocation check or the cache (revocation itself, fuzzing).
  Result<AccessClaims> verify_signature_and_claims(std::string_view token);
  Status revoke(const AccessClaims& claims) { return revocations_->revoke(claims.jti, claims.exp); }
  int64_t ttl_s() const { return ttl_s_; }
  const VerifyOptions& options() const { return options_; }

 private:
  std::shared_ptr<KeyStore> keys_;
  std::shared_ptr<RevocationList> revocations_;
  const Clock& clock_;
  VerifyOptions options_;
  int64_t ttl_s_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, AccessClaims> cache_;  // sha256(token) -> claims
};

}  // namespace finchat::auth
