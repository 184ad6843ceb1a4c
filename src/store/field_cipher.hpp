#pragma once
// Encryption of sensitive columns at rest: XChaCha20-Poly1305 with a key id stored in every
// value ("enc:v1:<kid>:<base64url>"), so keys can rotate while old values stay readable.
// The associated data binds a value to its table/column/row, so it cannot be moved.
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace finchat::store {

class Keyring {
 public:
  // Keys from `env_key_b64` (one key, base64) when set, else from `path`, a file of
  // "<kid> <base64-key>" lines whose last line is the active key; created (mode 0600)
  // with a fresh key when missing.
  static Result<Keyring> load_or_create(const std::string& path, const std::string& env_key_b64);
  static Keyring single(std::string kid, std::string key);

  // Adds a new active key and persists the file; old keys stay for decryption.
  static Result<std::string> rotate_file(const std::string& path);

  const std::string& active_kid() const { return active_; }
  const std::string* key(std::string_view kid) const;
  size_t size() const { return keys_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> keys_;
  std::string active_;
};

class FieldCipher {
 public:
  explicit FieldCipher(std::shared_ptr<const Keyring> keys) : keys_(std::move(keys)) {}

  std::string seal(std::string_view plaintext, std::string_view context) const;
  Result<std::string> open(std::string_view sealed, std::string_view context) const;
  static bool is_sealed(std::string_view value);
  // True when the value was sealed with a key other than the active one.
  bool needs_rotation(std::string_view sealed) const;
  const Keyring& keyring() const { return *keys_; }

 private:
  std::shared_ptr<const Keyring> keys_;
};

}  // namespace finchat::store
