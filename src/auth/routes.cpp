// Route registration, /v1/me and the discovery documents.
#include "auth/service.hpp"

namespace finchat::auth {

void AuthService::register_routes(http::Router& router) {
  router.add("POST", "/oauth/token", http::Policy::open("auth"),
             [this](http::Request& r) { return token_endpoint(r); });
  router.add("POST", "/oauth/revoke", http::Policy::open("auth"),
             [this](http::Request& r) { return revoke_endpoint(r); });
  router.add("GET", "/.well-known/jwks.json", http::Policy::open("public"),
             [this](http::Request&) {
               http::Response r = http::Response::json(200, keys_->jwks());
               r.set_header("Cache-Control", "public, max-age=300");
               return r;
             },
             {.offload = false});
  router.add("GET", "/.well-known/oauth-authorization-server", http::Policy::open("public"),
             [this](http::Request&) { return metadata_endpoint(); }, {.offload = false});
  router.add("GET", "/v1/me", http::Policy::signed_in("default"),
             [this](http::Request& r) { return me_endpoint(r); });
}

http::Response AuthService::me_endpoint(const http::Request& request) {
  if (!request.principal) return http::Response::problem(401, "Unauthorized", "not signed in");
  const auto& p = *request.principal;
  if (p.service) {
    return http::Response::json(200, {{"id", p.subject}, {"username", ""}, {"role", "service"}});
  }
  auto user = users_->find_by_id(p.subject);
  if (!user) return http::Response::from_error(user.error());
  if (!user->has_value()) return http::Response::problem(404, "Not Found", "user not found");
  const User& u = **user;
  return http::Response::json(200, {{"id", u.id}, {"username", u.username}, {"role", u.role}});
}

http::Response AuthService::metadata_endpoint() const {
  const std::string& iss = config_.security.issuer;
  nlohmann::json scopes = nlohmann::json::array();
  for (const char* s : kServiceScopes) scopes.push_back(s);
  nlohmann::json m = {
      {"issuer", iss},
      {"token_endpoint", iss + "/oauth/token"},
      {"revocation_endpoint", iss + "/oauth/revoke"},
      {"jwks_uri", iss + "/.well-known/jwks.json"},
      {"grant_types_supported", {"password", "client_credentials", "refresh_token"}},
      {"response_types_supported", nlohmann::json::array()},  // no authorization endpoint
      {"token_endpoint_auth_methods_supported",
       {"client_secret_basic", "client_secret_post", "none"}},
      {"revocation_endpoint_auth_methods_supported",
       {"client_secret_basic", "client_secret_post", "none"}},
      {"scopes_supported", scopes},
  };
  http::Response r = http::Response::json(200, m);
  r.set_header("Cache-Control", "public, max-age=300");
  return r;
}

}  // namespace finchat::auth
