#include "auth/access_tokens.hpp"

#include "core/ids.hpp"
#include "core/log.hpp"

namespace finchat::auth {

namespace {
constexpr int64_t kRevocationRefreshMs = 2'000;
constexpr size_t kVerifiedCacheMax = 20'000;
}  // namespace

Status RevocationList::revoke(const std::string& jti, int64_t expires_at_s) {
  auto r = db_->exec(
      "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ($1, $2) "
      "ON CONFLICT (jti) DO NOTHING",
      {jti, expires_at_s * 1000});
  if (!r) return r.error();
  std::lock_guard lock(mu_);
  revoked_.insert(jti);
  return {};
}

void RevocationList::refresh_if_stale() {
  int64_t now = clock_.now_ms();
  {
    std::lock_guard lock(mu_);
    if (loaded_ms_ >= 0 && now - loaded_ms_ < kRevocationRefreshMs) return;
    loaded_ms_ = now;  // one refresher at a time; others use the current set
  }
  auto rows = db_->query("SELECT jti FROM revoked_access_tokens WHERE expires_at > $1", {now});
  if (!rows) {
    log::get("auth")->warn("revocation list refresh failed: {}", rows.error().message);
    return;
  }
  std::unordered_set<std::string> fresh;
  for (const auto& row : *rows) fresh.insert(row.str(0));
  std::lock_guard lock(mu_);
  revoked_ = std::move(fresh);
}

bool RevocationList::is_revoked(const std::string& jti) {
  refresh_if_stale();
  std::lock_guard lock(mu_);
  return revoked_.count(jti) != 0;
}

AccessTokens::AccessTokens(std::shared_ptr<KeyStore> keys,
                           std::shared_ptr<RevocationList> revocations, const Clock& clock,
                           VerifyOptions options, int64_t ttl_s)
    : keys_(std::move(keys)),
      revocations_(std::move(revocations)),
      clock_(clock),
      options_(std::move(options)),
      ttl_s_(ttl_s) {}

Result<IssuedAccess> AccessTokens::issue(const TokenSubject& s) {
  auto signer = keys_->signer();
  if (!signer) return signer.error();
  AccessClaims c;
  int64_t now_ms = clock_.now_ms();
  int64_t now = now_ms / 1000;
  c.iss = options_.issuer;
  c.aud = options_.audience;
  c.sub = s.sub;
  c.client_id = s.client_id;
  c.scope = s.scope;
  c.role = s.role;
  c.username = s.username;
  c.iat = c.nbf = now;
  c.exp = now + ttl_s_;
  c.jti = new_uuid_v7(now_ms);
  std::string token = sign_access_token(c, (*signer)->kid, (*signer)->key);
  return IssuedAccess{std::move(token), std::move(c)};
}

Result<AccessClaims> AccessTokens::verify_signature_and_claims(std::string_view token) {
  KeyResolver resolve = [this](const std::string& kid) { return keys_->find(kid); };
  return verify_access_token(token, resolve, options_, clock_.now_s());
}

Result<AccessClaims> AccessTokens::verify(std::string_view token) {
  int64_t now = clock_.now_s();
  std::string digest = crypto::sha256(token);
  std::optional<AccessClaims> cached;
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(digest);
    if (it != cache_.end()) cached = it->second;
  }
  if (cached) {
    if (now >= cached->exp + options_.leeway_s) return Error::unauthenticated("token expired");
  } else {
    auto claims = verify_signature_and_claims(token);
    if (!claims) return claims.error();
    cached = std::move(*claims);
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= kVerifiedCacheMax) cache_.clear();  // crude but bounded
    cache_.emplace(digest, *cached);
  }
  if (revocations_->is_revoked(cached->jti)) return Error::unauthenticated("token revoked");
  return std::move(*cached);
}

}  // namespace finchat::auth
