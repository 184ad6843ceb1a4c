#include "core/crypto.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace finchat::crypto {

namespace {
const unsigned char* u8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string encode_b64(std::string_view data, int variant) {
  std::string out(sodium_base64_encoded_len(data.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), u8(data), data.size(), variant);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

Result<std::string> decode_b64(std::string_view text, int variant) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, variant) != 0) {
    return Error::invalid("invalid base64");
  }
  out.resize(len);
  return out;
}
}  // namespace

void init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  });
}

Bytes random_bytes(size_t n) {
  init();
  Bytes out(n);
  randombytes_buf(out.data(), n);
  return out;
}

std::string random_token(size_t entropy_bytes) { return base64url_encode(random_bytes(entropy_bytes)); }

std::string base64url_encode(std::string_view data) {
  return encode_b64(data, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
std::string base64url_encode(const Bytes& data) {
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}
Result<std::string> base64url_decode(std::string_view text) {
  return decode_b64(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
std::string base64_encode(std::string_view data) {
  return encode_b64(data, sodium_base64_VARIANT_ORIGINAL);
}
Result<std::string> base64_decode(std::string_view text) {
  return decode_b64(text, sodium_base64_VARIANT_ORIGINAL);
}

std::string hex_encode(std::string_view data) {
  std::string out(data.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), u8(data), data.size());
  out.resize(data.size() * 2);
  return out;
}

std::string sha256(std::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), u8(data), data.size());
  return out;
}

std::string sha256_hex(std::string_view data) { return hex_encode(sha256(data)); }

std::string hmac_sha256(std::string_view key, std::string_view data) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, u8(key), key.size());
  crypto_auth_hmacsha256_update(&st, u8(data), data.size());
  std::string out(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_final(&st, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> password_hash(std::string_view password, PasswordCost cost) {
  init();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool password_verify(std::string_view encoded_hash, std::string_view password) {
  init();
  std::string h(encoded_hash);  // must be NUL-terminated
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

Ed25519KeyPair ed25519_generate() {
  init();
  Ed25519KeyPair kp;
  crypto_sign_keypair(kp.public_key.data(), kp.secret_key.data());
  return kp;
}

Result<Ed25519KeyPair> ed25519_from_secret(std::string_view secret_key_bytes) {
  if (secret_key_bytes.size() != crypto_sign_SECRETKEYBYTES) {
    return Error::invalid("Ed25519 secret key must be 64 bytes");
  }
  Ed25519KeyPair kp;
  std::copy(secret_key_bytes.begin(), secret_key_bytes.end(), kp.secret_key.begin());
  crypto_sign_ed25519_sk_to_pk(kp.public_key.data(), kp.secret_key.data());
  return kp;
}

std::string ed25519_sign(const Ed25519KeyPair& key, std::string_view message) {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr, u8(message),
                       message.size(), key.secret_key.data());
  return sig;
}

bool ed25519_verify(const std::array<uint8_t, 32>& public_key, std::string_view message,
                    std::string_view signature) {
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(u8(signature), u8(message), message.size(),
                                     public_key.data()) == 0;
}

std::string aead_encrypt(std::string_view key, std::string_view plaintext,
                         std::string_view associated_data) {
  init();
  if (key.size() != kAeadKeyBytes) throw std::invalid_argument("AEAD key must be 32 bytes");
  constexpr size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out(nonce_len + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(p, nonce_len);
  unsigned long long ct_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(p + nonce_len, &ct_len, u8(plaintext),
                                             plaintext.size(), u8(associated_data),
                                             associated_data.size(), nullptr, p, u8(key));
  out.resize(nonce_len + ct_len);
  return out;
}

Result<std::string> aead_decrypt(std::string_view key, std::string_view sealed,
                                 std::string_view associated_data) {
  constexpr size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t tag_len = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (key.size() != kAeadKeyBytes) return Error::invalid("AEAD key must be 32 bytes");
  if (sealed.size() < nonce_len + tag_len) return Error::invalid("ciphertext too short");
  std::string out(sealed.size() - nonce_len - tag_len, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &len, nullptr, u8(sealed) + nonce_len,
          sealed.size() - nonce_len, u8(associated_data), associated_data.size(), u8(sealed),
          u8(key)) != 0) {
    return Error::invalid("ciphertext failed authentication");
  }
  out.resize(len);
  return out;
}

}  // namespace finchat::crypto
