// Users, clients, refresh tokens and keys on SQLite and (when FINCHAT_TEST_PG_URL is set)
// PostgreSQL; plus checks on the raw rows that nothing secret is stored in the clear.
#include <gtest/gtest.h>

#include "auth/cli.hpp"
#include "auth/test_support.hpp"

namespace finchat::auth {
namespace {

using testing::body_of;
using testing::Env;

std::vector<std::string> backends() {
  std::vector<std::string> v = {"sqlite::memory:"};
  if (testing::pg_url()) v.emplace_back(testing::pg_url());
  return v;
}

class RepositoryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { env = std::make_unique<Env>(testing::test_config(), GetParam()); }
  std::unique_ptr<Env> env;
};

TEST_P(RepositoryTest, CreateFindListDisableSetRole) {
  auto& users = env->service->users();
  auto u =
      users.create({"Alice", "customer", "correct-horse-battery", "alice@example.com", "Alice A"});
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->username, "alice");  // normalised
  EXPECT_EQ(users.create({"alice", "agent", "another-password-1", {}, {}}).error().kind,
            ErrorKind::conflict);
  auto found = users.find_by_username("ALICE");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->email, "alice@example.com");
  EXPECT_EQ((*found)->display_name, "Alice A");
  EXPECT_TRUE(crypto::password_verify((*found)->password_hash, "correct-horse-battery"));
  ASSERT_TRUE(users.create({"bob", "analyst", "correct-horse-battery", {}, {}}).ok());
  auto all = users.list();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].username, "alice");
  EXPECT_EQ((*all)[1].email, "");
  ASSERT_TRUE(users.set_role("bob", "admin").ok());
  ASSERT_TRUE(users.disable("alice").ok());
  EXPECT_TRUE((*users.find_by_username("alice"))->disabled);
  EXPECT_EQ((*users.find_by_username("bob"))->role, "admin");
  EXPECT_EQ(users.disable("nobody").error().kind, ErrorKind::not_found);
  EXPECT_EQ(*users.count(), 2);
}

TEST_P(RepositoryTest, ValidatesInput) {
  auto& users = env->service->users();
  EXPECT_EQ(users.create({"x", "customer", "correct-horse-battery", {}, {}}).error().field,
            "username");
  EXPECT_EQ(users.create({"9lives", "customer", "correct-horse-battery", {}, {}}).error().field,
            "username");
  EXPECT_EQ(
      users.create({"rob'); drop", "customer", "correct-horse-battery", {}, {}}).error().field,
      "username");
  EXPECT_EQ(users.create({"carol", "root", "correct-horse-battery", {}, {}}).error().field, "role");
  EXPECT_EQ(users.create({"carol", "customer", "short", {}, {}}).error().field, "password");
  EXPECT_EQ(users.set_role("carol", "superuser").error().field, "role");
}

TEST_P(RepositoryTest, ServiceClients) {
  auto& clients = env->service->clients();
  auto secret = clients.create_service_client("ops-bot", {"support:write", "chat:write"});
  ASSERT_TRUE(secret.ok()) << secret.error().message;
  EXPECT_GE(secret->size(), 40u);
  EXPECT_FALSE(clients.create_service_client("ops-bot", {"chat:write"}).ok());
  EXPECT_FALSE(clients.create_service_client("x2", {"chat:write"}).ok());
  EXPECT_EQ(clients.create_service_client("bot2", {"root"}).error().field, "scopes");
  EXPECT_FALSE(clients.create_service_client(kWebClientId, {"chat:write"}).ok());
  auto c = clients.find("ops-bot");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_FALSE((*c)->public_client);
  EXPECT_TRUE((*c)->allows_scope("support:write"));
  EXPECT_FALSE((*c)->allows_scope("admin"));
  EXPECT_TRUE((*c)->allows_grant("client_credentials"));
  EXPECT_TRUE(crypto::password_verify((*c)->secret_hash, *secret));
  auto web = clients.find(kWebClientId);
  ASSERT_TRUE(web.ok() && web->has_value());
  EXPECT_TRUE((*web)->public_client);
  EXPECT_TRUE((*web)->allows_grant("password"));
  EXPECT_TRUE((*web)->allows_grant("refresh_token"));
  EXPECT_FALSE((*web)->allows_grant("client_credentials"));
}

TEST_P(RepositoryTest, RefreshFamilyOnBackend) {
  env->add_user("alice", "customer");
  auto tokens = body_of(env->login("alice", "correct-horse-battery"));
  std::string rt = tokens["refresh_token"];
  auto r = env->token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" + rt);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string rt2 = body_of(r)["refresh_token"];
  EXPECT_EQ(body_of(env->token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" +
                               rt))["error"],
            "invalid_grant");
  EXPECT_EQ(body_of(env->token("grant_type=refresh_token&client_id=finchat-web&refresh_token=" +
                               rt2))["error"],
            "invalid_grant");
}

TEST_P(RepositoryTest, NothingSecretStoredInTheClear) {
  env->add_user("alice", "customer");
  auto tokens = body_of(env->login("alice", "correct-horse-battery"));
  std::string rt = tokens["refresh_token"];
  std::string secret_part = rt.substr(rt.find('.') + 1);
  auto client_secret = env->service->create_service_client("ops-bot", {"chat:write"}, "test");
  ASSERT_TRUE(client_secret.ok());
  // Every text cell of every auth table, concatenated.
  std::string dump;
  for (const char* table :
       {"users", "oauth_clients", "refresh_tokens", "signing_keys", "audit_log"}) {
    auto rows = env->db->query(std::string("SELECT * FROM ") + table);
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    for (const auto& row : *rows) {
      for (size_t i = 0; i < row.size(); ++i) dump += row.str(i) + "\n";
    }
  }
  EXPECT_EQ(dump.find("alice@example.com"), std::string::npos);
  EXPECT_EQ(dump.find("Name alice"), std::string::npos);
  EXPECT_EQ(dump.find("correct-horse-battery"), std::string::npos);
  EXPECT_EQ(dump.find(secret_part), std::string::npos);
  EXPECT_EQ(dump.find(crypto::sha256_hex(secret_part)), std::string::npos);  // not even its hash
  EXPECT_EQ(dump.find(*client_secret), std::string::npos);
  auto rows = env->db->query("SELECT token_hash_enc FROM refresh_tokens");
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) EXPECT_TRUE(store::FieldCipher::is_sealed(row.str(0)));
  auto keys = env->db->query("SELECT secret_key_enc FROM signing_keys");
  ASSERT_TRUE(keys.ok());
  ASSERT_FALSE(keys->empty());
  for (const auto& row : *keys) EXPECT_TRUE(store::FieldCipher::is_sealed(row.str(0)));
  auto hash = env->db->query_one("SELECT password_hash FROM users");
  ASSERT_TRUE(hash.ok() && hash->has_value());
  EXPECT_EQ((*hash)->str(0).rfind("$argon2id$", 0), 0u);
}

TEST_P(RepositoryTest, SealedRowsCannotBeMovedBetweenUsers) {
  env->add_user("alice", "customer");
  env->add_user("bob", "customer");
  // Copy alice's sealed email onto bob: the context binding makes it unreadable there.
  ASSERT_TRUE(env->db
                  ->exec("UPDATE users SET email_enc = (SELECT email_enc FROM users WHERE "
                         "username = 'alice') WHERE username = 'bob'")
                  .ok());
  EXPECT_FALSE(env->service->users().find_by_username("bob").ok());
}

TEST_P(RepositoryTest, SeedDemoUsersOnlyOnEmptyDatabase) {
  auto seeded = env->service->seed_demo_users();
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;
  EXPECT_TRUE(seeded->created);
  EXPECT_EQ(env->login(seeded->admin_username, seeded->admin_password).status, 200);
  EXPECT_EQ(env->login(seeded->demo_username, seeded->demo_password).status, 200);
  EXPECT_NE(seeded->admin_password, seeded->demo_password);
  auto again = env->service->seed_demo_users();
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_TRUE(again->admin_password.empty());
}

TEST_P(RepositoryTest, AuditRowsCarryRequestId) {
  env->add_user("alice", "customer");
  http::Request r;
  r.method = "POST";
  r.path = r.target = "/oauth/token";
  r.remote_ip = "192.0.2.7";
  r.headers = {{"content-type", "application/x-www-form-urlencoded"}, {"x-request-id", "req-42"}};
  r.body = "grant_type=password&username=alice&password=wrong-password-1&client_id=finchat-web";
  EXPECT_EQ(env->pipeline->handle(r).status, 400);
  auto rows =
      env->db->query("SELECT ip, request_id, subject FROM audit_log WHERE event = 'login_failure'");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].str(0), "192.0.2.7");
  EXPECT_EQ((*rows)[0].str(1), "req-42");
  EXPECT_EQ((*rows)[0].str(2), "alice");
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::ValuesIn(backends()),
                         [](const auto& param_info) {
                           return param_info.param.rfind("sqlite", 0) == 0
                                      ? std::string("sqlite")
                                      : std::string("postgres");
                         });

}  // namespace
}  // namespace finchat::auth
