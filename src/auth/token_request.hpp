#pragma once
// Parsing of /oauth/token and /oauth/revoke requests (RFC 6749 §4.3, §4.4, §6, §2.3.1 and
// RFC 7009): application/x-www-form-urlencoded or application/json, client credentials from
// HTTP Basic or the body (not both). Strict: duplicate, unknown or out-of-place parameters are
// rejected, naming the parameter. Errors carry the OAuth error code in Error::field.
#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace finchat::auth {

// An OAuth error: invalid_client maps to 401, everything else to 400.
Error oauth_error(std::string code, std::string description);

using FormFields = std::map<std::string, std::string, std::less<>>;

// Strict application/x-www-form-urlencoded: malformed %-escapes, NUL bytes, empty names and
// repeated names are errors.
Result<FormFields> parse_form(std::string_view body);

struct TokenRequest {
  std::string grant_type;
  std::string username;
  std::string password;
  std::string client_id;
  std::string client_secret;
  std::string scope;
  std::string refresh_token;
  bool basic_auth = false;
};

Result<TokenRequest> parse_token_request(std::string_view content_type, std::string_view body,
                                         std::string_view authorization);

struct RevokeRequest {
  std::string token;
  std::string token_type_hint;
  std::string client_id;
  std::string client_secret;
};

Result<RevokeRequest> parse_revoke_request(std::string_view content_type, std::string_view body,
                                           std::string_view authorization);

}  // namespace finchat::auth
