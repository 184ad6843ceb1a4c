#include "http/router.hpp"

#include <gtest/gtest.h>

namespace finchat::http {
namespace {

Response ok(Request&) { return Response::text(200, "ok"); }

TEST(RouterTest, MatchesPathParameters) {
  Router r;
  r.add("GET", "/v1/conversations/{id}", Policy::signed_in(), ok);
  r.add("POST", "/v1/conversations/{id}/messages", Policy::signed_in(), ok);
  auto m = r.match("GET", "/v1/conversations/abc%20d");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "abc d");
  EXPECT_EQ(r.match("POST", "/v1/conversations/x/messages").route->pattern,
            "/v1/conversations/{id}/messages");
  EXPECT_EQ(r.match("GET", "/v1/conversations").route, nullptr);
}

TEST(RouterTest, ReportsAllowedMethodsForKnownPath) {
  Router r;
  r.add("GET", "/a", Policy::open(), ok);
  r.add("PUT", "/a", Policy::signed_in(), ok);
  auto m = r.match("DELETE", "/a");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allowed_methods.size(), 2u);
  EXPECT_NE(r.match("HEAD", "/a").route, nullptr) << "HEAD is served by GET";
}

TEST(RouterTest, RouteWithoutHandlerRejected) {
  Router r;
  EXPECT_THROW(r.add("GET", "/x", Policy::open(), Handler{}), std::invalid_argument);
}

TEST(RouterTest, PolicyChecksRolesAndScopes) {
  Principal customer{"u1", "ann", "customer", {}, "finchat-web", "j", false};
  Principal svc{"svc", "", "service", {"market:read"}, "svc", "j", true};
  auto admin_only = Policy::roles_any({"admin"});
  EXPECT_FALSE(admin_only.permits(customer));
  EXPECT_TRUE(Policy::signed_in().permits(customer));
  EXPECT_FALSE(Policy::signed_in().permits(svc)) << "services need an explicit scope";
  EXPECT_TRUE(Policy::signed_in().with_scopes({"market:read"}).permits(svc));
  EXPECT_TRUE(Policy::open().permits(customer));
}

TEST(RouterTest, QueryParsingDecodes) {
  auto q = parse_query("symbols=AAPL%2CMSFT&name=a+b&empty=&x=1&x=2");
  EXPECT_EQ(q.at("symbols"), "AAPL,MSFT");
  EXPECT_EQ(q.at("name"), "a b");
  EXPECT_EQ(q.at("empty"), "");
  EXPECT_EQ(q.at("x"), "1");
  EXPECT_EQ(url_decode("%zz%4", false), "%zz%4") << "bad escapes pass through";
}

}  // namespace
}  // namespace finchat::http
