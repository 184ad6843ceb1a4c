#pragma once
// Signing keys: Ed25519 pairs in signing_keys, secret halves sealed with the FieldCipher
// (context "signing_keys:<kid>"). Exactly one key is "active" and signs; rotated-out keys
// become "retired" and keep verifying until every token they signed has expired.
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "auth/jwt.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::auth {

struct Signer {
  std::string kid;
  crypto::Ed25519KeyPair key;
};

class KeyStore {
 public:
  // `verify_window_s`: how long a retired key keeps verifying (access TTL plus margins).
  KeyStore(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
           const Clock& clock, int64_t verify_window_s);

  // Loads keys, creating the first signing key when there is none.
  Status init();
  // Creates a new signing key; the previous one retires but still verifies. Returns the kid.
  Result<std::string> rotate();
  // The current signer (reloaded from the database every minute, so replicas follow rotation).
  Result<std::shared_ptr<const Signer>> signer();
  // A verification key; an unknown kid triggers at most one reload per few seconds.
  std::optional<PublicKey> find(const std::string& kid);
  // RFC 7517 key set of the verification keys.
  nlohmann::json jwks();

 private:
  struct KeySet {
    std::unordered_map<std::string, PublicKey> verify;
    std::shared_ptr<const Signer> signer;
    int64_t loaded_ms = 0;
  };
  Status reload();
  Status create_first_key_if_missing();
  std::shared_ptr<const KeySet> current();

  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  const Clock& clock_;
  int64_t verify_window_s_;
  std::mutex mu_;
  std::shared_ptr<const KeySet> keys_;
  int64_t last_miss_reload_ms_ = 0;
};

}  // namespace finchat::auth
