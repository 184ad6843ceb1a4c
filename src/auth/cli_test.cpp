#include "auth/cli.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "auth/test_support.hpp"

namespace finchat::auth {
namespace {

using testing::Env;

struct CliRun {
  int code;
  std::string out, err;
};

CliRun run(Env& env, const std::vector<std::string>& args, const std::string& stdin_text = {}) {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  int code = run_admin_cli(args, *env.service, in, out, err);
  return {code, out.str(), err.str()};
}

TEST(AdminCliTest, UserLifecycle) {
  Env env;
  auto r = run(env, {"user", "add", "--username", "carol", "--role", "agent", "--password-stdin"},
               "a-long-password-1\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(env.login("carol", "a-long-password-1").status, 200);
  r = run(env, {"user", "list"});
  EXPECT_NE(r.out.find("carol\tagent\tactive"), std::string::npos);
  r = run(env, {"user", "set-role", "carol", "analyst"});
  EXPECT_EQ(r.code, 0) << r.err;
  r = run(env, {"user", "disable", "carol"});
  EXPECT_EQ(r.code, 0) << r.err;
  r = run(env, {"user", "list"});
  EXPECT_NE(r.out.find("carol\tanalyst\tdisabled"), std::string::npos);
  auto audit = env.db->query("SELECT event, actor FROM audit_log WHERE actor = 'cli' ORDER BY at");
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->size(), 3u);  // created, role changed, disabled
}

TEST(AdminCliTest, RejectsBadUsage) {
  Env env;
  EXPECT_EQ(run(env, {}).code, 2);
  EXPECT_EQ(run(env, {"user", "add", "--username", "dave", "--role", "agent"}).code, 2);
  EXPECT_EQ(
      run(env, {"user", "add", "--username", "dave", "--role", "agent", "--password", "x"}).code,
      2);
  auto r = run(env, {"user", "add", "--username", "dave", "--role", "king", "--password-stdin"},
               "a-long-password-1\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("role"), std::string::npos);
  EXPECT_EQ(run(env, {"user", "disable", "nobody"}).code, 1);
  EXPECT_EQ(run(env, {"frobnicate"}).code, 2);
}

TEST(AdminCliTest, ClientAddPrintsSecretOnceAndKeysRotate) {
  Env env;
  auto r = run(
      env, {"client", "add", "--client-id", "market-bot", "--scopes", "market:read,chat:write"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto pos = r.out.find("client_secret: ");
  ASSERT_NE(pos, std::string::npos);
  std::string secret = r.out.substr(pos + 15, r.out.find('\n', pos) - pos - 15);
  auto t = env.token("grant_type=client_credentials&client_id=market-bot&client_secret=" + secret);
  EXPECT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(testing::body_of(t)["scope"], "market:read chat:write");
  EXPECT_EQ(run(env, {"client", "add", "--client-id", "bot3", "--scopes", "root"}).code, 1);
  r = run(env, {"keys", "rotate"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(testing::body_of(env.call("GET", "/.well-known/jwks.json"))["keys"].size(), 2u);
}

}  // namespace
}  // namespace finchat::auth
