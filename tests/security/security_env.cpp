#include "security_env.hpp"

#include <filesystem>

#include "auth/keys.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::testing {

const std::string& test_password() {
  static const std::string p = "e2e-" + crypto::random_token(12);
  return p;
}

void add_user(const std::string& dir, const std::string& username, const std::string& role,
              const std::string& password) {
  std::vector<std::string> args = {"admin",  "user",   "add", "--username",
                                   username, "--role", role,  "--password-stdin"};
  auto flags = data_dir_flags(dir);
  args.insert(args.end(), flags.begin(), flags.end());
  std::string out;
  int rc = run_finchat(args, password + "\n", &out);
  ASSERT_EQ(rc, 0) << "admin user add " << username << ": " << out;
}

HttpResult token_request(int port, const std::string& form_body) {
  return http_request(port, "POST", "/oauth/token", form_body,
                      {{"Content-Type", "application/x-www-form-urlencoded"}});
}

Tokens login(int port, const std::string& username, const std::string& password) {
  auto r = token_request(port, "grant_type=password&client_id=finchat-web&username=" + username +
                                   "&password=" + password);
  EXPECT_EQ(r.status, 200) << "login " << username << ": " << r.body;
  if (r.status != 200) return {};
  auto j = nlohmann::json::parse(r.body);
  return {j.value("access_token", ""), j.value("refresh_token", "")};
}

Headers bearer(const std::string& access_token) {
  return {{"Authorization", "Bearer " + access_token}};
}

Headers bearer_json(const std::string& access_token) {
  return {{"Authorization", "Bearer " + access_token}, {"Content-Type", "application/json"}};
}

nlohmann::json json_of(const HttpResult& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

bool is_problem(const HttpResult& r) {
  auto j = json_of(r);
  return r.header("content-type") == "application/problem+json" && j.is_object() &&
         j.value("status", 0) == r.status;
}

std::string unique_marker(const std::string& prefix) {
  return prefix + crypto::hex_encode(crypto::sha256(new_uuid_v7())).substr(0, 20);
}

MainServer& MainServer::get() {
  static MainServer server;  // destroyed at exit, which stops the child and removes its files
  return server;
}

MainServer::~MainServer() {
  server_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

MainServer::MainServer() {
  dir_ = make_temp_dir("finchat_sec_");
  for (const auto& [name, role] :
       std::vector<std::pair<std::string, std::string>>{{"alice", "customer"},
                                                        {"bob", "customer"},
                                                        {"agnes", "agent"},
                                                        {"ada", "admin"},
                                                        {"locky", "customer"},
                                                        {"rita", "customer"}}) {
    add_user(dir_, name, role, test_password());
  }
  // Generous limits: the tests of limits run their own servers.
  server_ = std::make_unique<ServerProcess>(
      ServerOptions{{"--security.rate_limit_rps", "1000", "--security.rate_limit_burst", "4000",
                     "--security.login_rate_limit_per_min", "600"},
                    dir_,
                    {}});
  if (!server_->wait_healthy()) ADD_FAILURE() << "main server did not start: " << server_->log();
}

const Tokens& MainServer::tokens(const std::string& username) {
  auto it = tokens_.find(username);
  if (it == tokens_.end()) it = tokens_.emplace(username, login(port(), username)).first;
  return it->second;
}

TokenForger::TokenForger(const std::string& dir) {
  auto db = store::open_database("sqlite:" + dir + "/finchat.db", 1);
  if (!db) {
    ADD_FAILURE() << db.error().message;
    return;
  }
  auto keys = store::Keyring::load_or_create(dir + "/keys", "");
  if (!keys) {
    ADD_FAILURE() << keys.error().message;
    return;
  }
  auto cipher =
      std::make_shared<store::FieldCipher>(std::make_shared<store::Keyring>(keys.value()));
  auth::KeyStore store(db.value(), cipher, SystemClock::instance(), 3600);
  auto st = store.init();
  if (!st) {
    ADD_FAILURE() << st.error().message;
    return;
  }
  auto signer = store.signer();
  if (!signer) {
    ADD_FAILURE() << signer.error().message;
    return;
  }
  kid_ = (*signer)->kid;
  key_ = (*signer)->key;
}

std::string TokenForger::sign(const auth::AccessClaims& claims, const std::string& kid) const {
  return auth::sign_access_token(claims, kid, key_);
}

std::string TokenForger::sign_raw(const nlohmann::json& header,
                                  const nlohmann::json& payload) const {
  std::string input =
      crypto::base64url_encode(header.dump()) + "." + crypto::base64url_encode(payload.dump());
  return input + "." + crypto::base64url_encode(crypto::ed25519_sign(key_, input));
}

namespace {

nlohmann::json segment(const std::string& token, size_t index) {
  size_t start = 0;
  for (size_t i = 0; i < index; ++i) start = token.find('.', start) + 1;
  size_t end = token.find('.', start);
  auto raw = crypto::base64url_decode(token.substr(start, end - start));
  if (!raw) return {};
  return nlohmann::json::parse(*raw, nullptr, false);
}

}  // namespace

nlohmann::json header_of(const std::string& token) { return segment(token, 0); }

auth::AccessClaims claims_of(const std::string& token) {
  auto p = segment(token, 1);
  auth::AccessClaims c;
  if (!p.is_object()) return c;
  c.iss = p.value("iss", "");
  c.sub = p.value("sub", "");
  c.aud = p.value("aud", "");
  c.jti = p.value("jti", "");
  c.client_id = p.value("client_id", "");
  c.scope = p.value("scope", "");
  c.role = p.value("role", "");
  c.username = p.value("username", "");
  c.exp = p.value("exp", int64_t{0});
  c.iat = p.value("iat", int64_t{0});
  c.nbf = p.value("nbf", int64_t{0});
  return c;
}

}  // namespace finchat::testing
