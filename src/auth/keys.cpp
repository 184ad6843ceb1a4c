#include "auth/keys.hpp"

#include <cstring>

#include "core/log.hpp"

namespace finchat::auth {

namespace {

constexpr int64_t kSignerReloadMs = 60'000;
constexpr int64_t kUnknownKidReloadMs = 5'000;

std::string new_kid() {
  std::string kid = "k";
  kid += crypto::random_token(12);
  return kid;
}

Status insert_key(store::Session& s, const store::FieldCipher& cipher, const std::string& kid,
                  int64_t now_ms) {
  auto pair = crypto::ed25519_generate();
  std::string pub(reinterpret_cast<const char*>(pair.public_key.data()), pair.public_key.size());
  std::string sec(reinterpret_cast<const char*>(pair.secret_key.data()), pair.secret_key.size());
  std::string sealed = cipher.seal(crypto::base64url_encode(sec), "signing_keys:" + kid);
  auto r = s.exec(
      "INSERT INTO signing_keys (kid, alg, public_key, secret_key_enc, status, created_at) "
      "VALUES ($1, 'EdDSA', $2, $3, 'active', $4)",
      {kid, crypto::base64url_encode(pub), sealed, now_ms});
  if (!r) return r.error();
  return {};
}

std::optional<PublicKey> decode_public(const std::string& text) {
  auto raw = crypto::base64url_decode(text);
  if (!raw || raw->size() != 32) return std::nullopt;
  PublicKey k{};
  std::memcpy(k.data(), raw->data(), 32);
  return k;
}

}  // namespace

KeyStore::KeyStore(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
                   const Clock& clock, int64_t verify_window_s)
    : db_(std::move(db)),
      cipher_(std::move(cipher)),
      clock_(clock),
      verify_window_s_(verify_window_s) {}

Status KeyStore::init() {
  if (auto st = create_first_key_if_missing(); !st) return st;
  return reload();
}

Status KeyStore::create_first_key_if_missing() {
  int64_t now = clock_.now_ms();
  return db_->exclusive_transaction([&](store::Session& s) -> Status {
    auto row = s.query_one("SELECT kid FROM signing_keys WHERE status = 'active'");
    if (!row) return row.error();
    if (row->has_value()) return {};
    return insert_key(s, *cipher_, new_kid(), now);
  });
}

Result<std::string> KeyStore::rotate() {
  std::string kid = new_kid();
  int64_t now = clock_.now_ms();
  auto st = db_->exclusive_transaction([&](store::Session& s) -> Status {
    auto r = s.exec(
        "UPDATE signing_keys SET status = 'retired', retired_at = $1 WHERE status = 'active'",
        {now});
    if (!r) return r.error();
    return insert_key(s, *cipher_, kid, now);
  });
  if (!st) return st.error();
  if (auto rl = reload(); !rl) return rl.error();
  log::get("auth")->info("signing key rotated; new kid {}", kid);
  return kid;
}

Status KeyStore::reload() {
  int64_t now = clock_.now_ms();
  auto rows = db_->query(
      "SELECT kid, public_key, secret_key_enc, status, created_at FROM signing_keys "
      "WHERE status = 'active' OR (status = 'retired' AND retired_at > $1) "
      "ORDER BY created_at",
      {now - verify_window_s_ * 1000});
  if (!rows) return rows.error();
  auto set = std::make_shared<KeySet>();
  set->loaded_ms = now;
  for (const auto& row : *rows) {
    std::string kid = row.str("kid");
    auto pub = decode_public(row.str("public_key"));
    if (!pub) {
      log::get("auth")->error("signing key {} has a malformed public key; skipped", kid);
      continue;
    }
    set->verify[kid] = *pub;
    if (row.str("status") != "active") continue;
    auto sec = cipher_->open(row.str("secret_key_enc"), "signing_keys:" + kid);
    if (!sec)
      return Error::internal("cannot unseal signing key " + kid + ": " + sec.error().message);
    auto raw = crypto::base64url_decode(*sec);
    if (!raw) return Error::internal("signing key " + kid + " is malformed");
    auto pair = crypto::ed25519_from_secret(*raw);
    if (!pair) return Error::internal("signing key " + kid + ": " + pair.error().message);
    // Rows come oldest first, so the newest active key wins if a race left two.
    set->signer = std::make_shared<const Signer>(Signer{kid, *pair});
  }
  if (!set->signer) return Error::internal("no active signing key");
  std::lock_guard lock(mu_);
  keys_ = std::move(set);
  return {};
}

std::shared_ptr<const KeyStore::KeySet> KeyStore::current() {
  std::lock_guard lock(mu_);
  return keys_;
}

Result<std::shared_ptr<const Signer>> KeyStore::signer() {
  auto set = current();
  if (!set || clock_.now_ms() - set->loaded_ms > kSignerReloadMs) {
    if (auto st = reload(); !st) {
      if (!set) return st.error();
      log::get("auth")->warn("signing key reload failed, keeping current key: {}",
                             st.error().message);
    }
    set = current();
  }
  return set->signer;
}

std::optional<PublicKey> KeyStore::find(const std::string& kid) {
  auto set = current();
  if (set) {
    auto it = set->verify.find(kid);
    if (it != set->verify.end()) return it->second;
  }
  int64_t now = clock_.now_ms();
  {
    std::lock_guard lock(mu_);
    // Unknown kids are attacker-controllable: reload at most once per interval.
    if (last_miss_reload_ms_ != 0 && now - last_miss_reload_ms_ < kUnknownKidReloadMs) {
      return std::nullopt;
    }
    last_miss_reload_ms_ = now;
  }
  if (auto st = reload(); !st) return std::nullopt;
  set = current();
  auto it = set->verify.find(kid);
  if (it == set->verify.end()) return std::nullopt;
  return it->second;
}

nlohmann::json KeyStore::jwks() {
  auto set = current();
  nlohmann::json keys = nlohmann::json::array();
  if (set) {
    for (const auto& [kid, pub] : set->verify) {
      std::string raw(reinterpret_cast<const char*>(pub.data()), pub.size());
      keys.push_back({{"kty", "OKP"},
                      {"crv", "Ed25519"},
                      {"x", crypto::base64url_encode(raw)},
                      {"kid", kid},
                      {"use", "sig"},
                      {"alg", "EdDSA"}});
    }
  }
  return {{"keys", keys}};
}

}  // namespace finchat::auth
