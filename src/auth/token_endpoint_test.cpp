// The token, revoke, me and discovery endpoints, driven through the real HTTP pipeline.
#include <gtest/gtest.h>

#include "auth/test_support.hpp"

namespace finchat::auth {
namespace {

using testing::body_of;
using testing::Env;

std::string basic(const std::string& id, const std::string& secret) {
  return "Basic " + crypto::base64_encode(id + ":" + secret);
}

class TokenEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override { env.add_user("alice", "customer"); }
  Env env;
};

TEST_F(TokenEndpointTest, PasswordGrantIssuesWorkingTokens) {
  auto r = env.login("alice", "correct-horse-battery");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  auto b = body_of(r);
  EXPECT_EQ(b["token_type"], "Bearer");
  EXPECT_EQ(b["expires_in"], 900);
  EXPECT_EQ(b["scope"], "chat:write market:read");
  ASSERT_TRUE(b["refresh_token"].is_string());
  std::string access = b["access_token"];
  auto me = env.call("GET", "/v1/me", {}, {}, "Bearer " + access);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(body_of(me)["username"], "alice");
  EXPECT_EQ(body_of(me)["role"], "customer");
  auto claims = env.service->access_tokens().verify(access);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->iss, "https://finchat.test");
  EXPECT_EQ(claims->aud, "finchat-api");
  EXPECT_EQ(claims->client_id, "finchat-web");
}

TEST_F(TokenEndpointTest, JsonBodyIsAccepted) {
  auto r = env.call(
      "POST", "/oauth/token",
      R"({"grant_type":"password","username":"alice","password":"correct-horse-battery","client_id":"finchat-web"})",
      "application/json");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(TokenEndpointTest, WrongPasswordAndUnknownUserLookTheSame) {
  auto bad = env.login("alice", "wrong-password-123");
  auto unknown = env.login("mallory", "wrong-password-123");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(body_of(bad)["error"], "invalid_grant");
  EXPECT_EQ(body_of(bad)["error_description"], body_of(unknown)["error_description"]);
  auto rows = env.db->query("SELECT event FROM audit_log WHERE event = 'login_failure'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);
}

TEST_F(TokenEndpointTest, RejectsUnknownAndRepeatedFields) {
  auto r = env.token(
      "grant_type=password&username=alice&password=correct-horse-battery&client_id=finchat-web"
      "&role=admin");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"], "invalid_request");
  EXPECT_NE(body_of(r)["error_description"].get<std::string>().find("'role'"), std::string::npos);
  r = env.token("grant_type=password&username=alice&username=bob&password=x&client_id=finchat-web");
  EXPECT_EQ(body_of(r)["error"], "invalid_request");
  r = env.token("grant_type=implicit&client_id=finchat-web");
  EXPECT_EQ(body_of(r)["error"], "unsupported_grant_type");
  r = env.call("POST", "/oauth/token", "grant_type=password", "text/plain");
  EXPECT_EQ(body_of(r)["error"], "invalid_request");
}

TEST_F(TokenEndpointTest, UnknownClientGets401WithChallenge) {
  auto r = env.token(
      "grant_type=password&username=alice&password=correct-horse-battery"
      "&client_id=nobody");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(body_of(r)["error"], "invalid_client");
  EXPECT_NE(r.header("WWW-Authenticate").find("Basic"), std::string::npos);
}

TEST_F(TokenEndpointTest, ClientCredentialsLimitsScopes) {
  auto secret = env.service->create_service_client("market-bot", {"market:read"}, "test");
  ASSERT_TRUE(secret.ok()) << secret.error().message;
  auto r = env.token("grant_type=client_credentials", basic("market-bot", *secret));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["scope"], "market:read");
  EXPECT_FALSE(body_of(r).contains("refresh_token"));
  // Body credentials work too; asking for a scope beyond the client's is refused.
  r = env.token("grant_type=client_credentials&client_id=market-bot&client_secret=" + *secret +
                "&scope=admin");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"], "invalid_scope");
  r = env.token("grant_type=client_credentials", basic("market-bot", "wrong"));
  EXPECT_EQ(r.status, 401);
  // Both Basic and a body secret: ambiguous, refused.
  r = env.token("grant_type=client_credentials&client_secret=" + *secret,
                basic("market-bot", *secret));
  EXPECT_EQ(body_of(r)["error"], "invalid_request");
  // The public web client may not use client_credentials.
  r = env.token("grant_type=client_credentials&client_id=finchat-web");
  EXPECT_EQ(body_of(r)["error"], "unauthorized_client");
}

TEST_F(TokenEndpointTest, ServiceTokensPassScopePoliciesOnly) {
  auto secret = env.service->create_service_client("market-bot", {"market:read"}, "test");
  ASSERT_TRUE(secret.ok());
  auto r = env.token("grant_type=client_credentials", basic("market-bot", *secret));
  std::string access = body_of(r)["access_token"];
  EXPECT_EQ(env.call("GET", "/v1/market", {}, {}, "Bearer " + access).status, 200);
  EXPECT_EQ(env.call("GET", "/v1/admin-only", {}, {}, "Bearer " + access).status, 403);
}

TEST_F(TokenEndpointTest, RefreshRotatesAndReuseRevokesTheFamily) {
  auto first = body_of(env.login("alice", "correct-horse-battery"));
  std::string rt1 = first["refresh_token"];
  auto r = env.token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" + rt1);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string rt2 = body_of(r)["refresh_token"];
  EXPECT_NE(rt1, rt2);
  // Replaying the used token: refused, and the whole family (rt2 too) dies.
  r = env.token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" + rt1);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"], "invalid_grant");
  r = env.token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" + rt2);
  EXPECT_EQ(body_of(r)["error"], "invalid_grant");
  auto audit = env.db->query("SELECT * FROM audit_log WHERE event = 'refresh_token_reuse'");
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->size(), 1u);
}

TEST_F(TokenEndpointTest, RefreshRejectsForgedSecretAndExpiry) {
  std::string rt = body_of(env.login("alice", "correct-horse-battery"))["refresh_token"];
  std::string forged = rt.substr(0, rt.find('.') + 1) + crypto::random_token(32);
  auto r = env.token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" + forged);
  EXPECT_EQ(body_of(r)["error"], "invalid_grant");
  // A forged secret is not a "reuse": the real token still works.
  r = env.token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" + rt);
  ASSERT_EQ(r.status, 200);
  std::string next = body_of(r)["refresh_token"];
  env.clock.advance(std::chrono::hours(24 * 31));
  r = env.token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" + next);
  EXPECT_EQ(body_of(r)["error_description"], "refresh token expired");
}

TEST_F(TokenEndpointTest, RevokeRefreshTokenKillsFamily) {
  std::string rt = body_of(env.login("alice", "correct-horse-battery"))["refresh_token"];
  auto r = env.call("POST", "/oauth/revoke", "client_id=finchat-web&token=" + rt);
  EXPECT_EQ(r.status, 200);
  r = env.token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" + rt);
  EXPECT_EQ(body_of(r)["error"], "invalid_grant");
  // Unknown tokens are fine (RFC 7009 §2.2).
  r = env.call("POST", "/oauth/revoke", "client_id=finchat-web&token=nonsense");
  EXPECT_EQ(r.status, 200);
}

TEST_F(TokenEndpointTest, RevokeAccessTokenByJti) {
  std::string access = body_of(env.login("alice", "correct-horse-battery"))["access_token"];
  ASSERT_EQ(env.call("GET", "/v1/me", {}, {}, "Bearer " + access).status, 200);
  auto r = env.call("POST", "/oauth/revoke",
                    "client_id=finchat-web&token_type_hint=access_token&token=" + access);
  EXPECT_EQ(r.status, 200);
  auto me = env.call("GET", "/v1/me", {}, {}, "Bearer " + access);
  EXPECT_EQ(me.status, 401);
  auto row = env.db->query("SELECT jti FROM revoked_access_tokens");
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->size(), 1u);
}

TEST_F(TokenEndpointTest, BearerOnlyFromAuthorizationHeader) {
  std::string access = body_of(env.login("alice", "correct-horse-battery"))["access_token"];
  EXPECT_EQ(env.call("GET", "/v1/me?access_token=" + access).status, 401);
  EXPECT_EQ(env.call("GET", "/v1/me", {}, {}, "Basic " + access).status, 401);
  EXPECT_EQ(env.call("GET", "/v1/me", {}, {}, "bearer " + access).status, 200);
}

TEST_F(TokenEndpointTest, ForbiddenAccessIsAudited) {
  std::string access = body_of(env.login("alice", "correct-horse-battery"))["access_token"];
  EXPECT_EQ(env.call("GET", "/v1/admin-only", {}, {}, "Bearer " + access).status, 403);
  auto rows = env.db->query("SELECT actor, detail FROM audit_log WHERE event = 'access_denied'");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_FALSE((*rows)[0].str(0).empty());
}

TEST_F(TokenEndpointTest, DisabledUserLosesAccessAndRefresh) {
  auto tokens = body_of(env.login("alice", "correct-horse-battery"));
  ASSERT_TRUE(env.service->disable_user("alice", "test").ok());
  env.clock.advance(std::chrono::seconds(6));  // past the account re-check interval
  EXPECT_EQ(env.call("GET", "/v1/me", {}, {}, "Bearer " + tokens["access_token"].get<std::string>())
                .status,
            401);
  auto r = env.token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" +
                     tokens["refresh_token"].get<std::string>());
  EXPECT_EQ(body_of(r)["error"], "invalid_grant");
  EXPECT_EQ(env.login("alice", "correct-horse-battery").status, 400);
}

TEST_F(TokenEndpointTest, RoleChangeAppliesToExistingTokens) {
  std::string access = body_of(env.login("alice", "correct-horse-battery"))["access_token"];
  EXPECT_EQ(env.call("GET", "/v1/admin-only", {}, {}, "Bearer " + access).status, 403);
  ASSERT_TRUE(env.service->set_role("alice", "admin", "test").ok());
  env.clock.advance(std::chrono::seconds(6));
  EXPECT_EQ(env.call("GET", "/v1/admin-only", {}, {}, "Bearer " + access).status, 200);
}

TEST_F(TokenEndpointTest, AccessTokenExpires) {
  std::string access = body_of(env.login("alice", "correct-horse-battery"))["access_token"];
  env.clock.advance(std::chrono::seconds(900 + 31));
  auto r = env.call("GET", "/v1/me", {}, {}, "Bearer " + access);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.header("WWW-Authenticate").find("invalid_token"), std::string::npos);
}

TEST_F(TokenEndpointTest, DiscoveryDocuments) {
  auto jwks = env.call("GET", "/.well-known/jwks.json");
  ASSERT_EQ(jwks.status, 200);
  auto keys = body_of(jwks)["keys"];
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0]["kty"], "OKP");
  EXPECT_EQ(keys[0]["crv"], "Ed25519");
  EXPECT_EQ(keys[0]["alg"], "EdDSA");
  EXPECT_EQ(keys[0]["use"], "sig");
  EXPECT_FALSE(keys[0].contains("d"));  // never the private half
  auto meta = body_of(env.call("GET", "/.well-known/oauth-authorization-server"));
  EXPECT_EQ(meta["issuer"], "https://finchat.test");
  EXPECT_EQ(meta["token_endpoint"], "https://finchat.test/oauth/token");
  EXPECT_EQ(meta["jwks_uri"], "https://finchat.test/.well-known/jwks.json");
}

TEST_F(TokenEndpointTest, RotationKeepsOldTokensValidAndSignsWithNewKey) {
  std::string old_token = body_of(env.login("alice", "correct-horse-battery"))["access_token"];
  ASSERT_TRUE(env.service->rotate_signing_key("test").ok());
  std::string new_token = body_of(env.login("alice", "correct-horse-battery"))["access_token"];
  EXPECT_NE(*parse_token_header(old_token), *parse_token_header(new_token));
  EXPECT_EQ(env.call("GET", "/v1/me", {}, {}, "Bearer " + old_token).status, 200);
  EXPECT_EQ(env.call("GET", "/v1/me", {}, {}, "Bearer " + new_token).status, 200);
  EXPECT_EQ(body_of(env.call("GET", "/.well-known/jwks.json"))["keys"].size(), 2u);
  // Once the old key's window has passed it no longer verifies nor appears in the JWKS.
  env.clock.advance(std::chrono::seconds(900 + 300));
  ASSERT_TRUE(env.service->rotate_signing_key("test").ok());
  EXPECT_EQ(body_of(env.call("GET", "/.well-known/jwks.json"))["keys"].size(), 2u);
  auto rows = env.db->query("SELECT * FROM audit_log WHERE event = 'signing_key_rotated'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);
}

TEST_F(TokenEndpointTest, SecondInstanceSeesRotationThroughUnknownKid) {
  // Two services over one database, as two replicas would be.
  AuthOptions options;
  options.password_cost = testing::cheap_cost();
  auto replica = AuthService::create(env.db, testing::test_cipher(), testing::test_config(),
                                     env.clock, options);
  ASSERT_TRUE(replica.ok());
  ASSERT_TRUE(env.service->rotate_signing_key("test").ok());
  std::string token = body_of(env.login("alice", "correct-horse-battery"))["access_token"];
  EXPECT_TRUE((*replica)->access_tokens().verify(token).ok());
}

TEST(RateLimitWiringTest, PipelineLimitsByIpAndClass) {
  Config c = testing::test_config();
  c.security.rate_limit_rps = 0.5;
  c.security.rate_limit_burst = 2;
  Env env(c);
  env.pipeline->set_rate_limiter(env.service->make_rate_limiter(nullptr));
  // "public:ip" buckets are twice the class burst: 4 requests, then 429.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(env.call("GET", "/.well-known/jwks.json").status, 200) << i;
  auto r = env.call("GET", "/.well-known/jwks.json");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "1");
  EXPECT_EQ(r.header("RateLimit-Limit"), "4");
  // Another client IP has its own bucket.
  EXPECT_EQ(env.call("GET", "/.well-known/jwks.json", {}, {}, {}, "10.0.0.2").status, 200);
  env.clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(env.call("GET", "/.well-known/jwks.json").status, 200);
}

}  // namespace
}  // namespace finchat::auth
