// End-to-end security checks against a running `finchat serve`: forged and tampered access
// tokens, refresh-token reuse, privilege escalation, and plaintext in the database file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "security_env.hpp"

namespace finchat::testing {
namespace {

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string b64(const std::string& s) { return crypto::base64url_encode(s); }

struct Attack {
  std::string name;
  std::string token;
};

std::vector<Attack> jwt_attacks(const std::string& real, const TokenForger& forger) {
  auth::AccessClaims base = claims_of(real);
  base.jti = new_uuid_v7();
  const std::string kid = forger.kid();
  size_t dot1 = real.find('.');
  size_t dot2 = real.find('.', dot1 + 1);
  const std::string real_header = real.substr(0, dot1);
  const std::string real_payload = real.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string real_sig = real.substr(dot2 + 1);
  nlohmann::json payload = nlohmann::json::parse(*crypto::base64url_decode(real_payload));

  std::vector<Attack> out;
  auto with = [&](const std::string& name, auto change) {
    auth::AccessClaims c = base;
    change(c);
    out.push_back({name, forger.sign(c)});
  };
  auto unsigned_token = [&](const nlohmann::json& header, const std::string& sig) {
    return b64(header.dump()) + "." + real_payload + "." + sig;
  };
  auto hs256 = [&](const std::string& key) {
    std::string input =
        b64(nlohmann::json{{"alg", "HS256"}, {"typ", "at+jwt"}, {"kid", kid}}.dump()) + "." +
        real_payload;
    return input + "." + b64(crypto::hmac_sha256(key, input));
  };
  const auto& pk = forger.public_key();
  const std::string pk_raw(reinterpret_cast<const char*>(pk.data()), pk.size());

  out.push_back(
      {"alg none", unsigned_token({{"alg", "none"}, {"typ", "at+jwt"}, {"kid", kid}}, "")});
  out.push_back({"alg none, signature kept",
                 unsigned_token({{"alg", "none"}, {"typ", "at+jwt"}, {"kid", kid}}, real_sig)});
  out.push_back({"alg NoNe", unsigned_token({{"alg", "NoNe"}, {"typ", "at+jwt"}}, "")});
  out.push_back({"HS256 keyed with the raw public key", hs256(pk_raw)});
  out.push_back({"HS256 keyed with the JWK x value", hs256(b64(pk_raw))});
  out.push_back({"unknown kid, server key", forger.sign(base, "no-such-kid")});
  {
    auto attacker = crypto::ed25519_generate();
    auto c = base;
    out.push_back(
        {"attacker key under the server's kid", auth::sign_access_token(c, kid, attacker)});
    out.push_back({"attacker key, own kid", auth::sign_access_token(c, "attacker", attacker)});
  }
  with("wrong iss", [](auth::AccessClaims& c) { c.iss = "https://evil.example"; });
  with("wrong aud", [](auth::AccessClaims& c) { c.aud = "some-other-api"; });
  with("expired", [](auth::AccessClaims& c) {
    c.iat = now_s() - 3600;
    c.nbf = c.iat;
    c.exp = now_s() - 120;  // beyond the 30 s leeway
  });
  with("not yet valid", [](auth::AccessClaims& c) { c.nbf = now_s() + 600; });
  with("unknown subject", [](auth::AccessClaims& c) { c.sub = new_uuid_v7(); });
  {
    nlohmann::json p = payload;
    p["jti"] = new_uuid_v7();
    out.push_back({"typ JWT instead of at+jwt",
                   forger.sign_raw({{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", kid}}, p)});
    out.push_back({"crit header",
                   forger.sign_raw(
                       {{"alg", "EdDSA"}, {"typ", "at+jwt"}, {"kid", kid}, {"crit", {"exp"}}}, p)});
  }
  {
    nlohmann::json p = payload;
    p["role"] = "admin";
    out.push_back({"tampered payload (role admin), original signature",
                   real_header + "." + b64(p.dump()) + "." + real_sig});
  }
  {
    std::string sig = real_sig;
    sig[sig.size() / 2] = sig[sig.size() / 2] == 'A' ? 'B' : 'A';
    out.push_back({"tampered signature", real_header + "." + real_payload + "." + sig});
  }
  out.push_back({"signature stripped", real_header + "." + real_payload + "."});
  out.push_back({"garbage", "not-a-token"});
  return out;
}

TEST(SecurityE2E, ForgedOrTamperedAccessTokensAreRejectedWithProblemJson) {
  auto& main = MainServer::get();
  const std::string real = main.tokens("alice").access;
  ASSERT_FALSE(real.empty());
  TokenForger forger(main.dir());
  ASSERT_EQ(header_of(real).value("kid", ""), forger.kid()) << "forger must hold the active key";

  const std::vector<std::string> routes = {"/v1/me", "/v1/conversations"};
  // Controls: the real token and a re-signed copy of its claims pass, so every rejection
  // below is caused by the one thing each attack changes.
  auth::AccessClaims copy = claims_of(real);
  copy.jti = new_uuid_v7();
  for (const auto& route : routes) {
    EXPECT_EQ(http_request(main.port(), "GET", route, "", bearer(real)).status, 200) << route;
    EXPECT_EQ(http_request(main.port(), "GET", route, "", bearer(forger.sign(copy))).status, 200)
        << route;
  }

  for (const auto& attack : jwt_attacks(real, forger)) {
    for (const auto& route : routes) {
      auto r = http_request(main.port(), "GET", route, "", bearer(attack.token));
      EXPECT_EQ(r.status, 401) << attack.name << " on " << route << ": " << r.body;
      EXPECT_TRUE(is_problem(r)) << attack.name << ": " << r.header("content-type") << " "
                                 << r.body;
      EXPECT_NE(r.header("www-authenticate").find("Bearer"), std::string::npos) << attack.name;
    }
  }

  // Bearer tokens are taken from the Authorization header only.
  auto in_query = http_request(main.port(), "GET", "/v1/me?access_token=" + real);
  EXPECT_EQ(in_query.status, 401);
  EXPECT_TRUE(is_problem(in_query));
}

TEST(SecurityE2E, RefreshTokenReuseRevokesTheWholeFamily) {
  auto& main = MainServer::get();
  Tokens first = login(main.port(), "rita");
  ASSERT_FALSE(first.refresh.empty());
  auto refresh = [&](const std::string& token) {
    return token_request(main.port(),
                         "grant_type=refresh_token&client_id=finchat-web&refresh_token=" + token);
  };
  auto rotated = refresh(first.refresh);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  std::string second = json_of(rotated).value("refresh_token", "");
  ASSERT_FALSE(second.empty());
  ASSERT_NE(second, first.refresh) << "refresh tokens rotate on use";

  auto reuse = refresh(first.refresh);  // a thief replays the old token
  EXPECT_EQ(reuse.status, 400);
  EXPECT_EQ(json_of(reuse).value("error", ""), "invalid_grant") << reuse.body;
  auto legit = refresh(second);  // the family is revoked, the newest member included
  EXPECT_EQ(legit.status, 400) << legit.body;
  EXPECT_EQ(json_of(legit).value("error", ""), "invalid_grant");
  EXPECT_NE(main.process().log().find("refresh token reuse detected"), std::string::npos)
      << "reuse is logged (and audited as refresh_token_reuse)";

  // A fresh login starts a new family that works.
  Tokens again = login(main.port(), "rita");
  EXPECT_EQ(refresh(again.refresh).status, 200);
}

TEST(SecurityE2E, RolesCannotReachOtherRolesRoutes) {
  auto& main = MainServer::get();
  const int port = main.port();
  const auto& alice = main.tokens("alice").access;
  const auto& agnes = main.tokens("agnes").access;
  const auto& ada = main.tokens("ada").access;
  const std::string some_ticket = "/v1/support/tickets/" + new_uuid_v7();
  struct Case {
    std::string who, token, method, target, body;
  };
  const std::vector<Case> forbidden = {
      {"customer", alice, "GET", "/v1/support/queues", ""},
      {"customer", alice, "POST", "/v1/support/classify", R"({"text":"my card was stolen"})"},
      {"customer", alice, "POST", some_ticket + "/claim", ""},
      {"customer", alice, "POST", some_ticket + "/resolve", ""},
      {"agent", agnes, "POST", "/v1/support/tickets", R"({"summary":"agent posing as customer"})"},
      {"admin", ada, "POST", some_ticket + "/claim", ""},
  };
  for (const auto& c : forbidden) {
    auto r = http_request(port, c.method, c.target, c.body, bearer_json(c.token));
    EXPECT_EQ(r.status, 403) << c.who << " " << c.method << " " << c.target << ": " << r.body;
    EXPECT_TRUE(is_problem(r)) << r.body;
  }
  // Control: the same routes serve the right role.
  EXPECT_EQ(http_request(port, "GET", "/v1/support/queues", "", bearer(agnes)).status, 200);
  EXPECT_EQ(http_request(port, "GET", "/v1/support/queues", "", bearer(ada)).status, 200);

  // A customer cannot ask for more scope than the role allows.
  auto scoped = token_request(port,
                              "grant_type=password&client_id=finchat-web&username=alice"
                              "&scope=admin&password=" +
                                  test_password());
  EXPECT_EQ(scoped.status, 400) << scoped.body;
  EXPECT_EQ(json_of(scoped).value("error", ""), "invalid_scope");
}

TEST(SecurityE2E, UnknownFieldsLikeRoleAreRejectedNamingTheField) {
  auto& main = MainServer::get();
  const int port = main.port();
  const auto& alice = main.tokens("alice").access;
  struct Case {
    std::string target, body, field;
  };
  const std::vector<Case> cases = {
      {"/v1/support/tickets", R"({"summary":"help","role":"admin"})", "role"},
      {"/v1/support/tickets", R"({"summary":"help","customer_id":"someone-else"})", "customer_id"},
      {"/v1/conversations", R"({"title":"t","user_id":"someone-else"})", "user_id"},
      {"/v1/conversations", R"({"title":"t","role":"admin"})", "role"},
  };
  for (const auto& c : cases) {
    auto r = http_request(port, "POST", c.target, c.body, bearer_json(alice));
    EXPECT_EQ(r.status, 400) << c.target << " " << c.body << ": " << r.body;
    EXPECT_TRUE(is_problem(r));
    EXPECT_NE(r.body.find(c.field), std::string::npos) << r.body;
  }
  auto token = token_request(port,
                             "grant_type=password&client_id=finchat-web&username=alice"
                             "&role=admin&password=" +
                                 test_password());
  EXPECT_EQ(token.status, 400) << token.body;
  EXPECT_NE(token.body.find("role"), std::string::npos) << token.body;
  // Control: the token still says customer.
  auto me = http_request(port, "GET", "/v1/me", "", bearer(alice));
  EXPECT_EQ(json_of(me).value("role", ""), "customer") << me.body;
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(SecurityE2E, MessagesAndTicketsAreNotStoredInPlaintext) {
  auto& main = MainServer::get();
  const int port = main.port();
  const auto& alice = main.tokens("alice").access;
  const std::string chat_marker = unique_marker("zqxchat");
  const std::string ticket_marker = unique_marker("zqxticket");

  auto conv =
      http_request(port, "POST", "/v1/conversations", R"({"title":"private"})", bearer_json(alice));
  ASSERT_EQ(conv.status, 201) << conv.body;
  std::string id = json_of(conv).value("id", "");
  auto msg = http_request(port, "POST", "/v1/conversations/" + id + "/messages",
                          nlohmann::json{{"content", "my account note " + chat_marker}}.dump(),
                          bearer_json(alice));
  ASSERT_EQ(msg.status, 200) << msg.body;
  auto ticket = http_request(port, "POST", "/v1/support/tickets",
                             nlohmann::json{{"summary", "card issue " + ticket_marker}}.dump(),
                             bearer_json(alice));
  ASSERT_EQ(ticket.status, 201) << ticket.body;

  // Control: the owner reads both markers back through the API.
  auto back = http_request(port, "GET", "/v1/conversations/" + id, "", bearer(alice));
  EXPECT_NE(back.body.find(chat_marker), std::string::npos) << back.body;
  auto tback = http_request(port, "GET", "/v1/support/tickets/" + json_of(ticket).value("id", ""),
                            "", bearer(alice));
  EXPECT_NE(tback.body.find(ticket_marker), std::string::npos) << tback.body;

  size_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(main.dir())) {
    std::string name = entry.path().filename().string();
    if (name.rfind("finchat.db", 0) != 0) continue;  // finchat.db, -wal, -shm, -journal
    std::string raw = read_all(entry.path());
    bytes += raw.size();
    EXPECT_EQ(raw.find(chat_marker), std::string::npos) << "chat message in plaintext in " << name;
    EXPECT_EQ(raw.find(ticket_marker), std::string::npos) << "ticket in plaintext in " << name;
  }
  EXPECT_GT(bytes, 0u) << "no database files found in " << main.dir();
}

}  // namespace
}  // namespace finchat::testing
