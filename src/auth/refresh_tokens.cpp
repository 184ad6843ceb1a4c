#include "auth/refresh_tokens.hpp"

#include "core/crypto.hpp"
#include "core/ids.hpp"

namespace finchat::auth {

namespace {

std::string context_of(const std::string& id) { return "refresh_tokens:" + id; }

}  // namespace

RefreshTokenStore::RefreshTokenStore(std::shared_ptr<store::Database> db,
                                     std::shared_ptr<store::FieldCipher> cipher, const Clock& clock,
                                     int64_t ttl_s)
    : db_(std::move(db)), cipher_(std::move(cipher)), clock_(clock), ttl_s_(ttl_s) {}

Result<IssuedRefresh> RefreshTokenStore::insert(store::Session& s, const RefreshGrant& g) {
  int64_t now = clock_.now_ms();
  IssuedRefresh out;
  out.id = new_uuid_v7(now);
  out.family_id = g.family_id.empty() ? new_uuid_v7(now) : g.family_id;
  out.expires_at_ms = now + ttl_s_ * 1000;
  std::string secret = crypto::random_token(32);
  out.token = out.id + "." + secret;
  std::string sealed = cipher_->seal(crypto::sha256_hex(secret), context_of(out.id));
  auto r = s.exec(
      "INSERT INTO refresh_tokens (id, family_id, user_id, client_id, scope, token_hash_enc, "
      "expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {out.id, out.family_id, g.user_id, g.client_id, g.scope, sealed, out.expires_at_ms, now});
  if (!r) return r.error();
  return out;
}

Result<IssuedRefresh> RefreshTokenStore::issue(const RefreshGrant& grant) {
  return insert(*db_, grant);
}

Result<RefreshTokenStore::Found> RefreshTokenStore::lookup(store::Session& s,
                                                           std::string_view token) {
  Found f;
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.size() > 256) return f;
  std::string id(token.substr(0, dot));
  std::string presented_hash = crypto::sha256_hex(token.substr(dot + 1));
  if (!is_uuid(id)) return f;
  auto row = s.query_one("SELECT * FROM refresh_tokens WHERE id = $1", {id});
  if (!row) return row.error();
  if (!row->has_value()) return f;
  const auto& r = **row;
  auto stored = cipher_->open(r.str("token_hash_enc"), context_of(id));
  if (!stored) return Error::internal("cannot open refresh token hash " + id);
  f.matches = crypto::constant_time_equal(*stored, presented_hash);
  f.id = id;
  f.grant = {r.str("user_id"), r.str("client_id"), r.str("scope"), r.str("family_id")};
  f.expires_at = r.i64("expires_at");
  f.used = !r.is_null("used_at");
  f.revoked = !r.is_null("revoked_at");
  return f;
}

Result<Rotation> RefreshTokenStore::rotate(std::string_view token, std::string_view client_id) {
  Rotation out;
  int64_t now = clock_.now_ms();
  auto st = db_->transaction([&](store::Session& s) -> Status {
    auto found = lookup(s, token);
    if (!found) return found.error();
    if (!found->matches || found->grant.client_id != client_id) return {};  // invalid
    out.grant = found->grant;
    auto revoke_family = [&]() -> Status {
      auto r = s.exec(
          "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
          {now, found->grant.family_id});
      if (!r) return r.error();
      return {};
    };
    if (found->used) {
      out.outcome = RefreshOutcome::reused;
      return revoke_family();
    }
    if (found->revoked) {
      out.outcome = RefreshOutcome::revoked;
      return {};
    }
    if (now >= found->expires_at) {
      out.outcome = RefreshOutcome::expired;
      return {};
    }
    // The conditional update makes two racing uses of one token see exactly one winner.
    auto claimed = s.exec(
        "UPDATE refresh_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL "
        "AND revoked_at IS NULL",
        {now, found->id});
    if (!claimed) return claimed.error();
    if (*claimed != 1) {
      out.outcome = RefreshOutcome::reused;
      return revoke_family();
    }
    auto next = insert(s, found->grant);
    if (!next) return next.error();
    out.next = std::move(*next);
    out.outcome = RefreshOutcome::ok;
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::optional<RefreshGrant>> RefreshTokenStore::revoke(std::string_view token,
                                                              std::string_view client_id) {
  auto found = lookup(*db_, token);
  if (!found) return found.error();
  if (!found->matches || found->grant.client_id != client_id) return std::optional<RefreshGrant>{};
  if (auto st = revoke_family(found->grant.family_id); !st) return st.error();
  return std::optional<RefreshGrant>(found->grant);
}

Status RefreshTokenStore::revoke_family(std::string_view family_id) {
  auto r = db_->exec(
      "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
      {clock_.now_ms(), std::string(family_id)});
  if (!r) return r.error();
  return {};
}

Status RefreshTokenStore::revoke_user(std::string_view user_id) {
  auto r = db_->exec(
      "UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
      {clock_.now_ms(), std::string(user_id)});
  if (!r) return r.error();
  return {};
}

}  // namespace finchat::auth
