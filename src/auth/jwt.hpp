#pragma once
// JWT access tokens (RFC 9068 profile, RFC 8725 practices): Ed25519 ("EdDSA") only, explicit
// "at+jwt" typing, a key id on every token. Verification never trusts the header to choose the
// algorithm or the key material: the algorithm is fixed and keys come from our own key set.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "core/result.hpp"

namespace finchat::auth {

struct AccessClaims {
  std::string iss;
  std::string sub;
  std::string aud;
  std::string jti;
  std::string client_id;
  std::string scope;     // space-separated
  std::string role;      // customer | agent | analyst | admin | service
  std::string username;  // empty for service clients
  int64_t exp = 0;
  int64_t iat = 0;
  int64_t nbf = 0;
};

using PublicKey = std::array<uint8_t, 32>;
// Resolves a kid to a verification key; nullopt for unknown kids.
using KeyResolver = std::function<std::optional<PublicKey>(const std::string& kid)>;

struct VerifyOptions {
  std::string issuer;
  std::string audience;
  int64_t leeway_s = 30;
};

constexpr size_t kMaxTokenBytes = 8 * 1024;

std::string sign_access_token(const AccessClaims& claims, const std::string& kid,
                              const crypto::Ed25519KeyPair& key);

// Structural checks and header parsing only; returns the kid. Exposed for fuzzing.
Result<std::string> parse_token_header(std::string_view token);

// Full verification: structure, header, signature, then claims against `options` at `now_s`.
// Errors are unauthenticated and say what was wrong.
Result<AccessClaims> verify_access_token(std::string_view token, const KeyResolver& keys,
                                         const VerifyOptions& options, int64_t now_s);

}  // namespace finchat::auth
