#include "auth/token_request.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/crypto.hpp"

namespace finchat::auth {

namespace {

constexpr size_t kMaxBody = 16 * 1024;
constexpr size_t kMaxValue = 4096;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> form_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) {
        return oauth_error("invalid_request", "malformed percent-encoding");
      }
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return oauth_error("invalid_request", "malformed percent-encoding");
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      c = ' ';
    }
    if (c == '\0') return oauth_error("invalid_request", "NUL byte in request");
    out.push_back(c);
  }
  return out;
}

Result<FormFields> parse_json_fields(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return oauth_error("invalid_request", "body must be a JSON object");
  FormFields out;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string())
      return oauth_error("invalid_request", "parameter '" + k + "' must be a string");
    const auto& s = v.get_ref<const std::string&>();
    if (s.find('\0') != std::string::npos)
      return oauth_error("invalid_request", "NUL byte in request");
    out.emplace(k, s);
  }
  return out;
}

Result<FormFields> parse_body(std::string_view content_type, std::string_view body) {
  if (body.size() > kMaxBody) return oauth_error("invalid_request", "request body too large");
  std::string ct(content_type.substr(0, content_type.find(';')));
  ct.erase(std::remove(ct.begin(), ct.end(), ' '), ct.end());
  std::transform(ct.begin(), ct.end(), ct.begin(), [](unsigned char c) { return std::tolower(c); });
  Result<FormFields> fields =
      ct == "application/x-www-form-urlencoded" ? parse_form(body)
      : ct == "application/json"
          ? parse_json_fields(body)
          : Result<FormFields>(oauth_error(
                "invalid_request", "Content-Type must be application/x-www-form-urlencoded"));
  if (!fields) return fields;
  for (const auto& [k, v] : *fields) {
    if (v.size() > kMaxValue)
      return oauth_error("invalid_request", "parameter '" + k + "' is too long");
  }
  return fields;
}

// Only `allowed` names may appear; the error names the first stray one.
Status only_fields(const FormFields& f, std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, v] : f) {
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      std::string shown = k.size() > 64 ? k.substr(0, 64) + "…" : k;
      return oauth_error("invalid_request", "unexpected parameter '" + shown + "'");
    }
  }
  return {};
}

std::string take(const FormFields& f, std::string_view name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

struct ClientCredentials {
  std::string id, secret;
  bool basic = false;
};

// RFC 6749 §2.3.1: Basic credentials are form-encoded before base64.
Result<ClientCredentials> client_credentials(std::string_view authorization, const FormFields& f) {
  ClientCredentials c{take(f, "client_id"), take(f, "client_secret"), false};
  if (authorization.empty()) return c;
  if (authorization.size() < 6 ||
      !std::equal(authorization.begin(), authorization.begin() + 6, "basic ", [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      })) {
    return oauth_error("invalid_client", "unsupported authorization scheme");
  }
  auto decoded = crypto::base64_decode(authorization.substr(6));
  if (!decoded) return oauth_error("invalid_client", "malformed Basic credentials");
  size_t colon = decoded->find(':');
  if (colon == std::string::npos)
    return oauth_error("invalid_client", "malformed Basic credentials");
  auto id = form_decode(std::string_view(*decoded).substr(0, colon), true);
  auto secret = form_decode(std::string_view(*decoded).substr(colon + 1), true);
  if (!id || !secret) return oauth_error("invalid_client", "malformed Basic credentials");
  if (!c.secret.empty()) {
    return oauth_error("invalid_request", "use one client authentication method, not two");
  }
  if (!c.id.empty() && c.id != *id) {
    return oauth_error("invalid_request", "client_id does not match the Basic credentials");
  }
  return ClientCredentials{*id, *secret, true};
}

}  // namespace

Error oauth_error(std::string code, std::string description) {
  ErrorKind kind =
      code == "invalid_client" ? ErrorKind::unauthenticated : ErrorKind::invalid_argument;
  return Error{kind, std::move(description), std::move(code)};
}

Result<FormFields> parse_form(std::string_view body) {
  FormFields out;
  size_t i = 0;
  while (i <= body.size()) {
    size_t amp = body.find('&', i);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(i, amp - i);
    i = amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto name = form_decode(pair.substr(0, eq), true);
    if (!name) return name.error();
    auto value = form_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!value) return value.error();
    if (name->empty()) return oauth_error("invalid_request", "empty parameter name");
    std::string shown = name->size() > 64 ? name->substr(0, 64) + "…" : *name;
    if (!out.emplace(std::move(*name), std::move(*value)).second) {
      return oauth_error("invalid_request", "parameter '" + shown + "' is repeated");
    }
  }
  return out;
}

Result<TokenRequest> parse_token_request(std::string_view content_type, std::string_view body,
                                         std::string_view authorization) {
  auto f = parse_body(content_type, body);
  if (!f) return f.error();
  TokenRequest r;
  r.grant_type = take(*f, "grant_type");
  if (r.grant_type.empty()) return oauth_error("invalid_request", "missing parameter 'grant_type'");
  Status allowed;
  if (r.grant_type == "password") {
    allowed = only_fields(
        *f, {"grant_type", "username", "password", "client_id", "client_secret", "scope"});
  } else if (r.grant_type == "client_credentials") {
    allowed = only_fields(*f, {"grant_type", "client_id", "client_secret", "scope"});
  } else if (r.grant_type == "refresh_token") {
    allowed =
        only_fields(*f, {"grant_type", "refresh_token", "client_id", "client_secret", "scope"});
  } else {
    return oauth_error("unsupported_grant_type", "grant_type is not supported");
  }
  if (!allowed) return allowed.error();
  auto client = client_credentials(authorization, *f);
  if (!client) return client.error();
  r.client_id = client->id;
  r.client_secret = client->secret;
  r.basic_auth = client->basic;
  r.username = take(*f, "username");
  r.password = take(*f, "password");
  r.scope = take(*f, "scope");
  r.refresh_token = take(*f, "refresh_token");
  if (r.client_id.empty()) return oauth_error("invalid_client", "client authentication required");
  if (r.grant_type == "password" && (r.username.empty() || r.password.empty())) {
    return oauth_error("invalid_request", "missing parameter 'username' or 'password'");
  }
  if (r.grant_type == "refresh_token" && r.refresh_token.empty()) {
    return oauth_error("invalid_request", "missing parameter 'refresh_token'");
  }
  return r;
}

Result<RevokeRequest> parse_revoke_request(std::string_view content_type, std::string_view body,
                                           std::string_view authorization) {
  auto f = parse_body(content_type, body);
  if (!f) return f.error();
  if (auto st = only_fields(*f, {"token", "token_type_hint", "client_id", "client_secret"}); !st) {
    return st.error();
  }
  auto client = client_credentials(authorization, *f);
  if (!client) return client.error();
  RevokeRequest r{take(*f, "token"), take(*f, "token_type_hint"), client->id, client->secret};
  if (r.token.empty()) return oauth_error("invalid_request", "missing parameter 'token'");
  if (r.client_id.empty()) return oauth_error("invalid_client", "client authentication required");
  return r;
}

}  // namespace finchat::auth
