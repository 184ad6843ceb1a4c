// Runs the fuzz entry points over hand-picked hostile inputs, so every build exercises them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/fuzz_entries.hpp"
#include "auth/token_request.hpp"
#include "core/crypto.hpp"

namespace finchat::auth {
namespace {

int run_jwt(const std::string& s) {
  return fuzz_jwt_input(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
int run_request(char type, const std::string& auth, const std::string& body) {
  std::string s = std::string(1, type) + auth + "\n" + body;
  return fuzz_token_request_input(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(FuzzCorpusTest, JwtInputs) {
  std::string h = crypto::base64url_encode(R"({"alg":"EdDSA","typ":"at+jwt","kid":"k1"})");
  std::string p = crypto::base64url_encode(R"({"iss":"https://fuzz","aud":"api","exp":1e400})");
  std::vector<std::string> corpus = {
      "",
      ".",
      "..",
      "...",
      "a.b.c",
      h + "." + p + ".",
      h + "." + p + "." + std::string(86, 'A'),
      h + "." + p + "." + std::string(100000, 'A'),
      std::string(9000, '.'),
      crypto::base64url_encode(R"({"alg":"none"})") + "." + p + ".",
      crypto::base64url_encode(R"({"alg":"EdDSA","typ":"at+jwt","kid":{"$ne":1}})") + "." + p +
          ".AA",
      crypto::base64url_encode(std::string(R"({"alg":"EdDSA","kid":"k1)") + '\0' +
                               R"(","typ":"at+jwt"})") +
          "." + p + ".AA",
      crypto::base64url_encode(std::string(5000, '[')) + "." + p + ".AA",
      crypto::base64url_encode("\xff\xfe\xfd") + ".e30.AA",
      "eyJ.eyJ.eyJ",
      std::string("\0.\0.\0", 5)};
  for (const auto& t : corpus) EXPECT_EQ(run_jwt(t), 0);
}

TEST(FuzzCorpusTest, TokenRequestInputs) {
  std::vector<std::pair<std::string, std::string>> corpus = {
      {"", ""},
      {"", "grant_type=password&username=%"},
      {"", "grant_type=password&username=%4"},
      {"", "grant_type=password&username=%zz&password=x&client_id=finchat-web"},
      {"", "grant_type=password&username=a%00b&password=x&client_id=finchat-web"},
      {"", "&&&=&=="},
      {"", std::string(20000, 'a')},
      {"Basic", "grant_type=client_credentials"},
      {"Basic !!!", "grant_type=client_credentials"},
      {"Basic " + crypto::base64_encode("nocolon"), "grant_type=client_credentials"},
      {"Basic " + crypto::base64_encode("a%zz:b"), "grant_type=client_credentials"},
      {"Bearer x", "grant_type=client_credentials&client_id=a"},
      {"", R"({"grant_type":["password"]})"},
      {"", R"({"grant_type":"password","username":{"$gt":""},"password":"x","client_id":"w"})"},
      {"", std::string(10000, '[')},
      {"", R"({"grant_type":"refresh_token","refresh_token":"a\u0000b","client_id":"w"})"},
      {"", "grant_type=refresh_token&refresh_token=x&client_id=w&client_id=w"},
  };
  for (char type = 0; type < 4; ++type) {
    for (const auto& [auth, body] : corpus) EXPECT_EQ(run_request(type, auth, body), 0);
  }
}

TEST(FuzzCorpusTest, ParserOutcomesOnCorpusSamples) {
  // A few of the above, checked precisely.
  auto r = parse_token_request("application/x-www-form-urlencoded",
                               "grant_type=password&username=%zz&password=x&client_id=w", "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "invalid_request");
  r = parse_token_request("application/json", R"({"grant_type":["password"]})", "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "invalid_request");
  r = parse_token_request("application/x-www-form-urlencoded", "grant_type=client_credentials",
                          "Basic " + crypto::base64_encode("svc%3Aone:p%26ss"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->client_id, "svc:one");
  EXPECT_EQ(r->client_secret, "p&ss");
  EXPECT_TRUE(r->basic_auth);
  auto f = parse_form("a=1+2&b=%2B&c");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->at("a"), "1 2");
  EXPECT_EQ(f->at("b"), "+");
  EXPECT_EQ(f->at("c"), "");
}

}  // namespace
}  // namespace finchat::auth
