#pragma once
// Refresh tokens "<id>.<secret>": looked up by id, the secret's SHA-256 compared in constant
// time. The hash is stored sealed (context "refresh_tokens:<id>"), the secret never. Every use
// rotates the token within its family; presenting a used token again revokes the family.
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::auth {

struct RefreshGrant {
  std::string user_id;
  std::string client_id;
  std::string scope;
  std::string family_id;  // empty: start a new family
};

struct IssuedRefresh {
  std::string token;
  std::string id;
  std::string family_id;
  int64_t expires_at_ms = 0;
};

enum class RefreshOutcome { ok, invalid, expired, revoked, reused };

struct Rotation {
  RefreshOutcome outcome = RefreshOutcome::invalid;
  RefreshGrant grant;  // the presented token's grant (set from `reused` on)
  IssuedRefresh next;  // set when outcome is ok
};

class RefreshTokenStore {
 public:
  RefreshTokenStore(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
                    const Clock& clock, int64_t ttl_s);

  Result<IssuedRefresh> issue(const RefreshGrant& grant);
  // Consumes `token` presented by `client_id` and issues its successor.
  Result<Rotation> rotate(std::string_view token, std::string_view client_id);
  // RFC 7009: revokes the token's family. Returns the grant, or nullopt when the token is
  // unknown or belongs to another client.
  Result<std::optional<RefreshGrant>> revoke(std::string_view token, std::string_view client_id);
  Status revoke_family(std::string_view family_id);
  Status revoke_user(std::string_view user_id);

 private:
  Result<IssuedRefresh> insert(store::Session& s, const RefreshGrant& grant);
  struct Found {
    bool matches = false;
    RefreshGrant grant;
    std::string id;
    int64_t expires_at = 0;
    bool used = false;
    bool revoked = false;
  };
  Result<Found> lookup(store::Session& s, std::string_view token);

  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  const Clock& clock_;
  int64_t ttl_s_;
};

}  // namespace finchat::auth
