// Attacks on access-token verification, without a database.
#include "auth/jwt.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

namespace finchat::auth {
namespace {

using nlohmann::json;

constexpr int64_t kNow = 1'700'000'000;

class JwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    key = crypto::ed25519_generate();
    keys["k1"] = key.public_key;
  }

  AccessClaims claims() const {
    AccessClaims c;
    c.iss = "https://finchat.test";
    c.aud = "finchat-api";
    c.sub = "user-1";
    c.jti = "jti-1";
    c.client_id = "finchat-web";
    c.scope = "chat:write";
    c.role = "customer";
    c.username = "alice";
    c.iat = c.nbf = kNow;
    c.exp = kNow + 900;
    return c;
  }

  Result<AccessClaims> verify(const std::string& token, int64_t now = kNow) {
    KeyResolver resolve = [this](const std::string& kid) -> std::optional<PublicKey> {
      auto it = keys.find(kid);
      if (it == keys.end()) return std::nullopt;
      return it->second;
    };
    return verify_access_token(token, resolve, {"https://finchat.test", "finchat-api", 30}, now);
  }

  // Builds a token from raw JSON parts, signed with our key unless `signature` is given.
  std::string forge(const json& header, const json& payload,
                    std::optional<std::string> signature = std::nullopt) const {
    std::string input =
        crypto::base64url_encode(header.dump()) + "." + crypto::base64url_encode(payload.dump());
    std::string sig = signature ? *signature : crypto::ed25519_sign(key, input);
    return input + "." + crypto::base64url_encode(sig);
  }

  json payload_json() const {
    auto c = claims();
    return {
        {"iss", c.iss}, {"aud", c.aud}, {"sub", c.sub}, {"jti", c.jti},  {"client_id", c.client_id},
        {"iat", c.iat}, {"nbf", c.nbf}, {"exp", c.exp}, {"role", c.role}};
  }

  crypto::Ed25519KeyPair key;
  std::map<std::string, PublicKey> keys;
};

json eddsa_header() { return {{"alg", "EdDSA"}, {"typ", "at+jwt"}, {"kid", "k1"}}; }

TEST_F(JwtTest, RoundTripKeepsEveryClaim) {
  auto token = sign_access_token(claims(), "k1", key);
  auto got = verify(token);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->sub, "user-1");
  EXPECT_EQ(got->username, "alice");
  EXPECT_EQ(got->role, "customer");
  EXPECT_EQ(got->scope, "chat:write");
  EXPECT_EQ(got->client_id, "finchat-web");
  EXPECT_EQ(got->exp, kNow + 900);
  auto kid = parse_token_header(token);
  ASSERT_TRUE(kid.ok());
  EXPECT_EQ(*kid, "k1");
}

TEST_F(JwtTest, HeaderIsExplicitlyTyped) {
  auto token = sign_access_token(claims(), "k1", key);
  auto header = json::parse(*crypto::base64url_decode(token.substr(0, token.find('.'))));
  EXPECT_EQ(header["typ"], "at+jwt");
  EXPECT_EQ(header["alg"], "EdDSA");
  EXPECT_EQ(header["kid"], "k1");
}

TEST_F(JwtTest, RejectsAlgNone) {
  json h = {{"alg", "none"}, {"typ", "at+jwt"}, {"kid", "k1"}};
  std::string input =
      crypto::base64url_encode(h.dump()) + "." + crypto::base64url_encode(payload_json().dump());
  EXPECT_FALSE(verify(input + ".").ok());  // empty signature
  EXPECT_FALSE(verify(input + "." + crypto::base64url_encode("x")).ok());
  EXPECT_FALSE(verify(forge(h, payload_json())).ok());  // even with a valid signature
}

TEST_F(JwtTest, RejectsHs256WithPublicKeyAsSecret) {
  // Algorithm confusion: an HMAC "signed" with the published Ed25519 public key.
  json h = {{"alg", "HS256"}, {"typ", "at+jwt"}, {"kid", "k1"}};
  std::string input =
      crypto::base64url_encode(h.dump()) + "." + crypto::base64url_encode(payload_json().dump());
  std::string pub(reinterpret_cast<const char*>(key.public_key.data()), 32);
  std::string token = input + "." + crypto::base64url_encode(crypto::hmac_sha256(pub, input));
  auto r = verify(token);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("algorithm"), std::string::npos);
}

TEST_F(JwtTest, RejectsOtherAlgorithmsAndTypes) {
  for (const char* alg : {"RS256", "ES256", "eddsa", "Ed25519", ""}) {
    json h = eddsa_header();
    h["alg"] = alg;
    EXPECT_FALSE(verify(forge(h, payload_json())).ok()) << alg;
  }
  json h = eddsa_header();
  h["typ"] = "JWT";
  EXPECT_FALSE(verify(forge(h, payload_json())).ok());
  h = eddsa_header();
  h.erase("typ");
  EXPECT_FALSE(verify(forge(h, payload_json())).ok());
  h = eddsa_header();
  h["crit"] = {"exp"};
  EXPECT_FALSE(verify(forge(h, payload_json())).ok());
}

TEST_F(JwtTest, RejectsUnknownOrMissingKid) {
  json h = eddsa_header();
  h["kid"] = "k-unknown";
  auto r = verify(forge(h, payload_json()));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown key"), std::string::npos);
  h.erase("kid");
  EXPECT_FALSE(verify(forge(h, payload_json())).ok());
  h["kid"] = 7;
  EXPECT_FALSE(verify(forge(h, payload_json())).ok());
}

TEST_F(JwtTest, RejectsTokenSignedByAnotherKeyUnderOurKid) {
  auto other = crypto::ed25519_generate();
  auto token = sign_access_token(claims(), "k1", other);
  EXPECT_FALSE(verify(token).ok());
}

TEST_F(JwtTest, RejectsWrongIssuerAndAudience) {
  auto c = claims();
  c.iss = "https://evil.test";
  EXPECT_FALSE(verify(sign_access_token(c, "k1", key)).ok());
  c = claims();
  c.aud = "other-api";
  EXPECT_FALSE(verify(sign_access_token(c, "k1", key)).ok());
  json p = payload_json();
  p["aud"] = {"other", "finchat-api"};  // an array containing us is fine
  EXPECT_TRUE(verify(forge(eddsa_header(), p)).ok());
  p["aud"] = {"other"};
  EXPECT_FALSE(verify(forge(eddsa_header(), p)).ok());
}

TEST_F(JwtTest, ExpiryHonoursLeeway) {
  auto token = sign_access_token(claims(), "k1", key);
  EXPECT_TRUE(verify(token, kNow + 900 + 29).ok());
  auto r = verify(token, kNow + 900 + 30);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "token expired");
}

TEST_F(JwtTest, RejectsNotYetValid) {
  auto c = claims();
  c.nbf = kNow + 120;
  auto token = sign_access_token(c, "k1", key);
  EXPECT_FALSE(verify(token).ok());
  EXPECT_TRUE(verify(token, kNow + 95).ok());  // within the 30 s leeway
  c = claims();
  c.iat = kNow + 3600;  // issued in the future
  EXPECT_FALSE(verify(sign_access_token(c, "k1", key)).ok());
}

TEST_F(JwtTest, RejectsMissingOrMistypedClaims) {
  for (const char* claim : {"exp", "iat", "sub", "jti", "client_id", "iss", "aud"}) {
    json p = payload_json();
    p.erase(claim);
    EXPECT_FALSE(verify(forge(eddsa_header(), p)).ok()) << claim;
  }
  json p = payload_json();
  p["exp"] = "9999999999";
  EXPECT_FALSE(verify(forge(eddsa_header(), p)).ok());
  p["exp"] = 1.7e9 + 900.5;
  EXPECT_FALSE(verify(forge(eddsa_header(), p)).ok());
  p = payload_json();
  p["sub"] = 12;
  EXPECT_FALSE(verify(forge(eddsa_header(), p)).ok());
}

TEST_F(JwtTest, RejectsTamperedPayloadAndSignature) {
  auto token = sign_access_token(claims(), "k1", key);
  size_t d1 = token.find('.');
  size_t d2 = token.find('.', d1 + 1);
  auto c = claims();
  c.role = "admin";
  std::string other = sign_access_token(c, "k1", crypto::ed25519_generate());
  std::string swapped_payload =
      token.substr(0, d1 + 1) +
      other.substr(other.find('.') + 1, other.rfind('.') - other.find('.') - 1) + token.substr(d2);
  EXPECT_FALSE(verify(swapped_payload).ok());
  std::string flipped = token;
  flipped[d2 + 5] = flipped[d2 + 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify(flipped).ok());
  EXPECT_FALSE(
      verify(token.substr(0, d2 + 1) + crypto::base64url_encode(std::string(63, 'x'))).ok());
}

TEST_F(JwtTest, RejectsMalformedStructure) {
  auto token = sign_access_token(claims(), "k1", key);
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("a.b"),
        std::string("a.b.c.d"), token + ".", "!!!." + token.substr(token.find('.') + 1),
        token.substr(0, token.find('.')) + ".%%%." + "sig", std::string(kMaxTokenBytes + 1, 'a'),
        crypto::base64url_encode("[1,2]") + "." + crypto::base64url_encode("{}") + ".AAAA",
        crypto::base64url_encode("{not json") + ".e30.AAAA"}) {
    EXPECT_FALSE(verify(bad).ok()) << bad.substr(0, 80);
    EXPECT_FALSE(parse_token_header(bad).ok() && verify(bad).ok());
  }
  // Padding and standard base64 characters are not base64url.
  std::string padded = token.substr(0, token.find('.')) + "=" + token.substr(token.find('.'));
  EXPECT_FALSE(verify(padded).ok());
}

}  // namespace
}  // namespace finchat::auth
