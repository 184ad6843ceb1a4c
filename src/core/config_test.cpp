#include "core/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace finchat {
namespace {

TEST(ConfigTest, DefaultsAreValid) {
  Config c;
  EXPECT_TRUE(c.validate().ok());
  EXPECT_EQ(c.http.port, 8080);
  EXPECT_EQ(c.db.url, "sqlite:var/finchat.db");
}

TEST(ConfigTest, YamlNestedKeysApply) {
  auto c = Config::from_yaml_text(
      "http:\n  port: 9090\n  cors_origins: [a.com, b.com]\nlog:\n  format: json\n",
      "finchat.yaml");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->http.port, 9090);
  EXPECT_EQ(c->log.format, "json");
  ASSERT_EQ(c->http.cors_origins.size(), 2u);
  EXPECT_EQ(c->http.cors_origins[1], "b.com");
}

TEST(ConfigTest, UnknownYamlKeyNamesKeyAndLine) {
  auto c = Config::from_yaml_text("http:\n  port: 9090\n  prot: 1\n", "finchat.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("finchat.yaml:3"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("http.prot"), std::string::npos);
}

TEST(ConfigTest, BadValueNamesKey) {
  auto c = Config::from_yaml_text("http:\n  port: seventy\n", "x.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("http.port"), std::string::npos);
  EXPECT_EQ(c.error().field, "http.port");
}

TEST(ConfigTest, OutOfRangeRejected) {
  Config c;
  EXPECT_FALSE(c.set("http.port", "70000").ok());
  EXPECT_FALSE(c.set("log.level", "loud").ok());
  EXPECT_TRUE(c.set("log.level", "debug").ok());
}

TEST(ConfigTest, EnvironmentOverridesAndCliOverridesEnv) {
  ::setenv("FINCHAT_HTTP_PORT", "7001", 1);
  auto c = Config::load("", {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->http.port, 7001);
  auto d = Config::load("", {"--http-port", "7002", "--log.level=debug"});
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->http.port, 7002);
  EXPECT_EQ(d->log.level, "debug");
  ::unsetenv("FINCHAT_HTTP_PORT");
}

TEST(ConfigTest, BadEnvironmentValueNamesVariable) {
  ::setenv("FINCHAT_DB_POOL_SIZE", "-3", 1);
  auto c = Config::load("", {});
  ::unsetenv("FINCHAT_DB_POOL_SIZE");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("FINCHAT_DB_POOL_SIZE"), std::string::npos);
}

TEST(ConfigTest, UnknownFlagRejected) {
  auto c = Config::load("", {"--no-such-key", "1"});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("no-such-key"), std::string::npos);
}

TEST(ConfigTest, DescribeMasksSecrets) {
  Config c;
  ASSERT_TRUE(c.set("db.url", "postgresql://app:hunter2secret@db/finchat").ok());
  ASSERT_TRUE(c.set("security.data_key", "c2VjcmV0LWtleS1tYXRlcmlhbA").ok());
  std::string text = c.describe();
  EXPECT_EQ(text.find("hunter2secret"), std::string::npos);
  EXPECT_EQ(text.find("c2VjcmV0LWtleS1tYXRlcmlhbA"), std::string::npos);
  EXPECT_NE(text.find("http.port = 8080"), std::string::npos);
}

TEST(ConfigTest, CrossFieldValidation) {
  Config c;
  c.http.tls_port = 8443;
  EXPECT_FALSE(c.validate().ok());
  c.http.tls_cert = "cert.pem";
  c.http.tls_key = "key.pem";
  EXPECT_TRUE(c.validate().ok());
  c.db.url = "mysql://x";
  EXPECT_FALSE(c.validate().ok());
}

TEST(ConfigTest, EnvNameDerivation) {
  EXPECT_EQ(Config::env_name("http.port"), "FINCHAT_HTTP_PORT");
  EXPECT_EQ(Config::env_name("security.access_token_ttl_s"), "FINCHAT_SECURITY_ACCESS_TOKEN_TTL_S");
}

}  // namespace
}  // namespace finchat

namespace finchat {
namespace {

TEST(ConfigTest, DefaultDatabaseAndKeysFollowAMovedDataDir) {
  auto moved = Config::load("", {"--data_dir", "/srv/finchat/"});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->db.url, "sqlite:/srv/finchat/finchat.db");
  EXPECT_EQ(moved->security.data_key_file, "/srv/finchat/keys/data.keys");
  EXPECT_EQ(moved->security.signing_key_dir, "/srv/finchat/keys");

  auto explicit_paths =
      Config::load("", {"--data_dir", "/srv/finchat", "--db.url", "sqlite:/elsewhere/f.db",
                        "--security.signing_key_dir", "/etc/finchat/keys"});
  ASSERT_TRUE(explicit_paths.ok()) << explicit_paths.error().message;
  EXPECT_EQ(explicit_paths->db.url, "sqlite:/elsewhere/f.db");
  EXPECT_EQ(explicit_paths->security.signing_key_dir, "/etc/finchat/keys");
  EXPECT_EQ(explicit_paths->security.data_key_file, "/srv/finchat/keys/data.keys");

  auto defaults = Config::load("", {});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->db.url, "sqlite:var/finchat.db");
}

}  // namespace
}  // namespace finchat
