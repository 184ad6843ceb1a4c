// Object-level authorisation (OWASP API1) over real HTTP: for every route that takes an
// object id, customer B gets 404 for customer A's object, and A gets 2xx on the same request,
// which proves the route exists and the id is real (a 404 for an unknown route would otherwise
// pass). Adding a route is one row in kObjectRoutes.
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <optional>

#include "core/ids.hpp"
#include "security_env.hpp"

namespace finchat::testing {
namespace {

using Vars = std::map<std::string, std::string>;  // {id}, {mid}, ... for the path template

// Creates an object as `owner`; returns the template variables, or the failed response.
struct Created {
  Vars vars;
  HttpResult failure;  // status 0 on success
};
using Creator = std::function<Created(int port, const std::string& owner_token)>;

Created post_and_take(int port, const std::string& token, const std::string& path,
                      const std::string& body, const std::string& id_field = "id") {
  auto r = http_request(port, "POST", path, body, bearer_json(token));
  if (r.status < 200 || r.status > 299) return {{}, r};
  auto id = json_of(r).value(id_field, "");
  if (id.empty()) {
    r.status = 599;
    r.body = "no '" + id_field + "' in " + r.body;
    return {{}, r};
  }
  return {{{"id", id}}, {}};
}

Creator post(const std::string& path, const std::string& body) {
  return [path, body](int port, const std::string& token) {
    return post_and_take(port, token, path, body);
  };
}

Created conversation_with_message(int port, const std::string& token) {
  auto c = post_and_take(port, token, "/v1/conversations", R"({"title":"bola"})");
  if (c.failure.status) return c;
  auto m = http_request(port, "POST", "/v1/conversations/" + c.vars["id"] + "/messages",
                        R"({"content":"what is an index fund?"})", bearer_json(token));
  if (m.status != 200) return {{}, m};
  c.vars["mid"] = json_of(m)["message"].value("id", "");
  return c;
}

// A price alert on the first listed symbol (the simulated feed's universe may change).
Created market_alert(int port, const std::string& token) {
  auto symbols = http_request(port, "GET", "/v1/market/symbols", "", bearer(token));
  if (symbols.status != 200) return {{}, symbols};
  auto j = json_of(symbols);
  const auto& items = j.is_array() ? j : j.value("items", nlohmann::json::array());
  if (items.empty()) return {{}, symbols};
  nlohmann::json body = {{"symbol", items[0].value("symbol", "")},
                         {"type", "price_cross"},
                         {"direction", "above"},
                         {"level", 1e9}};
  return post_and_take(port, token, "/v1/market/alerts", body.dump());
}

struct ObjectRoute {
  std::string method;
  std::string path;  // with {id} (and {mid}) placeholders
  std::string body;
  Creator create;
  // The owner's answer that proves the route exists and found the object: 2xx unless set.
  int also_ok_for_owner = 0;
};

const Creator kConversation = post("/v1/conversations", R"({"title":"bola"})");
const Creator kTicket = post("/v1/support/tickets", R"({"summary":"my card was declined"})");
const Creator kPortfolio = post("/v1/portfolios", R"({"name":"bola"})");
const Creator kDocument = post(
    "/v1/documents",
    R"({"title":"bola notes","content_type":"text/plain","text":"Revenue grew 12% to $4.1bn."})");

// Rows run in order; a destructive request (DELETE) runs as the intruder first, so if it
// wrongly succeeded the owner's request on the same object fails.
const std::vector<ObjectRoute> kObjectRoutes = {
    {"GET", "/v1/conversations/{id}", "", kConversation},
    {"POST", "/v1/conversations/{id}/messages", R"({"content":"hello"})", kConversation},
    {"POST", "/v1/conversations/{id}/messages/{mid}/feedback", R"({"rating":"up"})",
     conversation_with_message},
    {"DELETE", "/v1/conversations/{id}", "", kConversation},
    {"GET", "/v1/support/tickets/{id}", "", kTicket},
    // New tickets start escalated, so the owner gets 409 "escalated to escalated": found.
    {"POST", "/v1/support/tickets/{id}/escalate", R"({"reason":"urgent"})", kTicket, 409},
    {"POST", "/v1/support/tickets/{id}/reply", R"({"body":"any news?"})", kTicket},
    {"GET", "/v1/portfolios/{id}", "", kPortfolio},
    {"PUT", "/v1/portfolios/{id}", R"({"name":"renamed","holdings":[]})", kPortfolio},
    {"DELETE", "/v1/portfolios/{id}", "", kPortfolio},  // skipped while the route is absent
    {"GET", "/v1/documents/{id}", "", kDocument},
    {"GET", "/v1/documents/{id}/summary", "", kDocument},
    {"DELETE", "/v1/documents/{id}", "", kDocument},
    {"GET", "/v1/market/alerts/{id}", "", market_alert},
    {"DELETE", "/v1/market/alerts/{id}", "", market_alert},
};

std::string expand(std::string path, const Vars& vars) {
  for (const auto& [k, v] : vars) {
    const std::string key = "{" + k + "}";
    for (size_t at; (at = path.find(key)) != std::string::npos;) path.replace(at, key.size(), v);
  }
  return path;
}

TEST(SecurityE2E, OtherCustomersObjectsAnswer404OnEveryObjectRoute) {
  auto& main = MainServer::get();
  const int port = main.port();
  const std::string owner = main.tokens("alice").access;
  const std::string intruder = main.tokens("bob").access;
  ASSERT_FALSE(owner.empty());
  ASSERT_FALSE(intruder.empty());

  std::vector<std::string> skipped;
  int checked = 0;
  for (const auto& row : kObjectRoutes) {
    const std::string name = row.method + " " + row.path;
    Created made = row.create(port, owner);
    if (made.failure.status == 404 || made.failure.status == 405) {
      skipped.push_back(name);
      continue;
    }
    if (made.failure.status != 0) {
      ADD_FAILURE() << name << ": creating the owner's object failed (" << made.failure.status
                    << " " << made.failure.body << "); update the row's create step";
      continue;
    }
    const std::string target = expand(row.path, made.vars);
    auto foreign = http_request(port, row.method, target, row.body, bearer_json(intruder));
    // A method the route does not have (yet) is 405 for everyone: skipped, not passed.
    if (foreign.status == 405 &&
        http_request(port, row.method, target, row.body, bearer_json(owner)).status == 405) {
      skipped.push_back(name + " (405)");
      continue;
    }
    EXPECT_EQ(foreign.status, 404) << name << " as another customer: " << foreign.body;
    EXPECT_TRUE(is_problem(foreign)) << name << ": " << foreign.body;
    auto own = http_request(port, row.method, target, row.body, bearer_json(owner));
    EXPECT_TRUE((own.status >= 200 && own.status <= 299) || own.status == row.also_ok_for_owner)
        << name << " as the owner: " << own.status << " " << own.body;
    ++checked;
  }
  for (const auto& s : skipped)
    std::cout << "[ BOLA SKIP ] " << s << " (route or method not there yet)\n";
  EXPECT_GE(checked, 7) << "the built-in conversation and ticket routes must all be checked";
  std::cout << "[ BOLA ] " << checked << " object routes checked, " << skipped.size()
            << " skipped\n";
}

TEST(SecurityE2E, ListsShowOnlyTheCallersObjects) {
  auto& main = MainServer::get();
  const int port = main.port();
  const std::string owner = main.tokens("alice").access;
  const std::string intruder = main.tokens("bob").access;
  auto conv = kConversation(port, owner);
  auto ticket = kTicket(port, owner);
  ASSERT_EQ(conv.failure.status, 0) << conv.failure.body;
  ASSERT_EQ(ticket.failure.status, 0) << ticket.failure.body;
  for (const auto& [path, id] : std::vector<std::pair<std::string, std::string>>{
           {"/v1/conversations", conv.vars["id"]}, {"/v1/support/tickets", ticket.vars["id"]}}) {
    auto mine = http_request(port, "GET", path, "", bearer(owner));
    EXPECT_NE(mine.body.find(id), std::string::npos) << path << " (control)";
    auto theirs = http_request(port, "GET", path, "", bearer(intruder));
    EXPECT_EQ(theirs.status, 200) << theirs.body;
    EXPECT_EQ(theirs.body.find(id), std::string::npos) << path << " leaks another user's object";
  }
}

}  // namespace
}  // namespace finchat::testing
