#pragma once
// Thin wrappers over libsodium so that the rest of finchat never touches raw crypto APIs.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace finchat::crypto {

using Bytes = std::vector<uint8_t>;

// Must run once before any other call; safe to call repeatedly.
void init();

Bytes random_bytes(size_t n);
// A URL-safe random string carrying `entropy_bytes` of randomness.
std::string random_token(size_t entropy_bytes = 32);

std::string base64url_encode(std::string_view data);
std::string base64url_encode(const Bytes& data);
Result<std::string> base64url_decode(std::string_view text);
std::string base64_encode(std::string_view data);
Result<std::string> base64_decode(std::string_view text);
std::string hex_encode(std::string_view data);

std::string sha256(std::string_view data);  // raw 32 bytes
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes

bool constant_time_equal(std::string_view a, std::string_view b);

// Password hashing: argon2id with OWASP-level cost (19 MiB, t=2), per-hash salt.
struct PasswordCost {
  unsigned long long ops = 2;
  size_t mem_bytes = 19u * 1024u * 1024u;
};
Result<std::string> password_hash(std::string_view password, PasswordCost cost = {});
bool password_verify(std::string_view encoded_hash, std::string_view password);

// Ed25519 signatures.
struct Ed25519KeyPair {
  std::array<uint8_t, 32> public_key{};
  std::array<uint8_t, 64> secret_key{};
};
Ed25519KeyPair ed25519_generate();
Result<Ed25519KeyPair> ed25519_from_secret(std::string_view secret_key_bytes);
std::string ed25519_sign(const Ed25519KeyPair& key, std::string_view message);  // 64 bytes
bool ed25519_verify(const std::array<uint8_t, 32>& public_key, std::string_view message,
                    std::string_view signature);

// AEAD: XChaCha20-Poly1305 (IETF). Output is nonce || ciphertext || tag.
constexpr size_t kAeadKeyBytes = 32;
std::string aead_encrypt(std::string_view key, std::string_view plaintext,
                         std::string_view associated_data);
Result<std::string> aead_decrypt(std::string_view key, std::string_view sealed,
                                 std::string_view associated_data);

}  // namespace finchat::crypto
