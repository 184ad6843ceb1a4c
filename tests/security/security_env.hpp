#pragma once
// Shared set-up for the end-to-end security suite: `finchat serve` processes with known
// accounts, OAuth helpers, and a forger that signs tokens with the server's own key (read from
// its database with its data key), so claim checks can be attacked one at a time.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../integration/process.hpp"
#include "auth/jwt.hpp"

namespace finchat::testing {

using Headers = std::map<std::string, std::string>;

struct Tokens {
  std::string access;
  std::string refresh;
};

// Creates an account with `finchat admin user add` in data directory `dir`.
void add_user(const std::string& dir, const std::string& username, const std::string& role,
              const std::string& password);
// The demo password for every account the suite creates.
const std::string& test_password();

HttpResult token_request(int port, const std::string& form_body);
// Password grant for the public web client; fails the test (empty tokens) on error.
Tokens login(int port, const std::string& username, const std::string& password = test_password());
Headers bearer(const std::string& access_token);
Headers bearer_json(const std::string& access_token);
nlohmann::json json_of(const HttpResult& r);
bool is_problem(const HttpResult& r);
std::string unique_marker(const std::string& prefix);

// One server with generous limits and the accounts alice, bob (customers), agnes (agent),
// ada (admin), locky and rita (customers); started on first use and shared by the tests of
// one process.
class MainServer {
 public:
  static MainServer& get();
  ~MainServer();
  int port() const { return server_->port(); }
  ServerProcess& process() { return *server_; }
  const std::string& dir() const { return dir_; }
  // Cached tokens per username (logging in costs an argon2id hash).
  const Tokens& tokens(const std::string& username);

 private:
  MainServer();
  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, Tokens> tokens_;
};

// Signs access tokens with the active key of the server whose data directory is `dir`.
class TokenForger {
 public:
  explicit TokenForger(const std::string& dir);
  const std::string& kid() const { return kid_; }
  std::string sign(const auth::AccessClaims& claims, const std::string& kid) const;
  std::string sign(const auth::AccessClaims& claims) const { return sign(claims, kid_); }
  // Any header and payload, signed with the server's key (EdDSA over "header.payload").
  std::string sign_raw(const nlohmann::json& header, const nlohmann::json& payload) const;
  const std::array<uint8_t, 32>& public_key() const { return key_.public_key; }

 private:
  std::string kid_;
  crypto::Ed25519KeyPair key_;
};

// The claims of a token the server issued (payload decoded, signature not checked).
auth::AccessClaims claims_of(const std::string& token);
nlohmann::json header_of(const std::string& token);

}  // namespace finchat::testing
