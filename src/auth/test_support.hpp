#pragma once
#include "store/test_services.hpp"
// Shared fixtures for auth tests: an in-memory (or PostgreSQL) database, a field cipher with a
// fixed test key, a ManualClock and an AuthService with a cheap argon2 cost.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "auth/service.hpp"
#include "http/pipeline.hpp"
#include "store/field_cipher.hpp"

namespace finchat::auth::testing {

inline crypto::PasswordCost cheap_cost() { return {1, 8 * 1024}; }

inline std::shared_ptr<store::FieldCipher> test_cipher() {
  auto keys = std::make_shared<store::Keyring>(
      store::Keyring::single("t1", std::string(crypto::kAeadKeyBytes, 'k')));
  return std::make_shared<store::FieldCipher>(keys);
}

inline Config test_config() {
  Config c;
  c.security.issuer = "https://finchat.test";
  c.security.audience = "finchat-api";
  c.security.access_token_ttl_s = 900;
  c.security.login_rate_limit_per_min = 1000;  // tests of the IP limit lower it
  return c;
}

inline const char* pg_url() { return store::testing::service_url("FINCHAT_TEST_PG_URL"); }

// PostgreSQL is shared by concurrent tests: each test gets its own schema via search_path.
struct PgSchema {
  std::shared_ptr<store::Database> admin;
  std::string name;
  std::string url;
  explicit PgSchema(const std::string& base_url) {
    auto opened = store::open_database(base_url, 1);
    if (!opened) throw std::runtime_error(opened.error().message);
    admin = *opened;
    name = "auth_" + crypto::hex_encode(crypto::sha256(crypto::random_token(16))).substr(0, 16);
    auto st = admin->exec_script("CREATE SCHEMA " + name);
    if (!st) throw std::runtime_error(st.error().message);
    url = base_url + (base_url.find('?') == std::string::npos ? "?" : "&") +
          "options=-csearch_path%3D" + name;
  }
  ~PgSchema() { (void)admin->exec_script("DROP SCHEMA " + name + " CASCADE"); }
};

struct Env {
  ManualClock clock;
  std::unique_ptr<PgSchema> schema;
  std::shared_ptr<store::Database> db;
  std::shared_ptr<AuthService> service;
  std::shared_ptr<http::Router> router = std::make_shared<http::Router>();
  std::unique_ptr<http::Pipeline> pipeline;

  ~Env() {
    pipeline.reset();
    service.reset();
    db.reset();  // close connections before the schema is dropped
  }

  explicit Env(const Config& config = test_config(), const std::string& url = "sqlite::memory:") {
    crypto::init();
    std::string target = url;
    if (url.rfind("postgres", 0) == 0) {
      schema = std::make_unique<PgSchema>(url);
      target = schema->url;
    }
    auto opened = store::open_database(target, 4);
    if (!opened) throw std::runtime_error(opened.error().message);
    db = *opened;
    AuthOptions options;
    options.password_cost = cheap_cost();
    auto s = AuthService::create(db, test_cipher(), config, clock, options);
    if (!s) throw std::runtime_error(s.error().message);
    service = *s;
    service->register_routes(*router);
    router->add("GET", "/v1/admin-only", http::Policy::roles_any({"admin"}), [](http::Request&) {
      return http::Response::json(200, {{"ok", true}});
    });
    router->add("GET", "/v1/market",
                http::Policy::roles_any({"customer", "admin"}).with_scopes({"market:read"}),
                [](http::Request&) {
                  return http::Response::json(200, {{"ok", true}});
                });
    pipeline = std::make_unique<http::Pipeline>(router, http::PipelineOptions{});
    pipeline->set_authenticator(service->authenticator());
  }

  http::Response call(const std::string& method, const std::string& path, std::string body = {},
                      const std::string& content_type = "application/x-www-form-urlencoded",
                      const std::string& authorization = {}, std::string ip = "10.0.0.1") {
    http::Request r;
    r.method = method;
    r.target = path;
    r.path = path.substr(0, path.find('?'));
    if (path.find('?') != std::string::npos)
      r.query = http::parse_query(path.substr(path.find('?') + 1));
    r.body = std::move(body);
    r.remote_ip = std::move(ip);
    if (!r.body.empty() || method == "POST") r.headers.emplace_back("content-type", content_type);
    if (!authorization.empty()) r.headers.emplace_back("authorization", authorization);
    return pipeline->handle(r);
  }

  http::Response token(const std::string& form, const std::string& authorization = {},
                       std::string ip = "10.0.0.1") {
    return call("POST", "/oauth/token", form, "application/x-www-form-urlencoded", authorization,
                std::move(ip));
  }

  http::Response login(const std::string& user, const std::string& password,
                       std::string ip = "10.0.0.1") {
    return token(
        "grant_type=password&username=" + user + "&password=" + password + "&client_id=finchat-web",
        {}, std::move(ip));
  }

  void add_user(const std::string& name, const std::string& role,
                const std::string& password = "correct-horse-battery") {
    auto u =
        service->create_user({name, role, password, name + "@example.com", "Name " + name}, "test");
    ASSERT_TRUE(u.ok()) << u.error().message;
  }
};

inline nlohmann::json body_of(const http::Response& r) {
  return nlohmann::json::parse(r.body, nullptr, false);
}

}  // namespace finchat::auth::testing
