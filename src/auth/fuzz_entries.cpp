#include "auth/fuzz_entries.hpp"

#include <cstdlib>
#include <string_view>

#include "auth/jwt.hpp"
#include "auth/token_request.hpp"

namespace finchat::auth {

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

const crypto::Ed25519KeyPair& fuzz_key() {
  static const crypto::Ed25519KeyPair key = [] {
    crypto::init();
    return crypto::ed25519_generate();
  }();
  return key;
}

}  // namespace

int fuzz_jwt_input(const uint8_t* data, size_t size) {
  std::string_view token(reinterpret_cast<const char*>(data), size);
  const auto& key = fuzz_key();
  KeyResolver resolve = [&](const std::string& kid) -> std::optional<PublicKey> {
    if (kid == "k1") return key.public_key;
    return std::nullopt;
  };
  auto header = parse_token_header(token);
  auto claims = verify_access_token(token, resolve, {"https://fuzz", "api", 30}, 1'700'000'000);
  // Without our secret key nothing random can verify, and a verified token has a good header.
  require(!claims.ok());
  require(claims.ok() <= header.ok());
  return 0;
}

int fuzz_token_request_input(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kTypes[] = {"application/x-www-form-urlencoded", "application/json",
                                           "application/json; charset=utf-8", "text/plain"};
  std::string_view type = kTypes[data[0] % 4];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  size_t nl = rest.find('\n');
  std::string_view authorization = nl == std::string_view::npos ? "" : rest.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? rest : rest.substr(nl + 1);
  auto token = parse_token_request(type, body, authorization);
  if (token) {
    require(token->grant_type == "password" || token->grant_type == "client_credentials" ||
            token->grant_type == "refresh_token");
    require(!token->client_id.empty());
  } else {
    require(!token.error().field.empty());  // every failure is an OAuth error code
  }
  auto revoke = parse_revoke_request(type, body, authorization);
  if (revoke) require(!revoke->token.empty());
  (void)parse_form(body);
  return 0;
}

}  // namespace finchat::auth
