#pragma once
// Shared by the route tests: an authenticator that takes "Bearer <who>" at its word, and
// a request helper that goes through the real pipeline (auth, validation, problem+json).
#include <memory>
#include <string>

#include "http/pipeline.hpp"

namespace finchat::api::testing {

// The role is read from the subject's prefix: "root" is an admin, "an-*" an analyst,
// "a-*" or "ag-*" an agent, anyone else a customer.
inline std::string role_for(const std::string& who) {
  if (who == "root") return "admin";
  if (who.rfind("an-", 0) == 0) return "analyst";
  if (who.rfind("a-", 0) == 0 || who.rfind("ag-", 0) == 0) return "agent";
  return "customer";
}

class PrefixAuth : public http::Authenticator {
 public:
  Result<http::Principal> authenticate(const http::Request& r) override {
    std::string h = r.header("authorization");
    if (h.rfind("Bearer ", 0) != 0) return Error::unauthenticated("no token");
    std::string who = h.substr(7);
    return http::Principal{who, who, role_for(who), {}, "web", "j-" + who, false};
  }
  void on_denied(const http::Request&, const std::string&) override {}
};

inline std::shared_ptr<http::Pipeline> pipeline_for(std::shared_ptr<http::Router> router) {
  auto pipeline =
      std::make_shared<http::Pipeline>(std::move(router), http::PipelineOptions{{}, false});
  pipeline->set_authenticator(std::make_shared<PrefixAuth>());
  return pipeline;
}

// A loopback request; `who` empty sends no credentials, `target` may carry a query.
inline http::Request make_request(const std::string& method, const std::string& target,
                                  const std::string& who, const std::string& body = {},
                                  const std::string& type = "application/json") {
  http::Request r;
  r.method = method;
  r.target = target;
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = http::parse_query(target.substr(q + 1));
  r.remote_ip = "127.0.0.1";
  if (!who.empty()) r.headers.emplace_back("authorization", "Bearer " + who);
  if (!body.empty()) {
    r.headers.emplace_back("content-type", type);
    r.body = body;
  }
  return r;
}

}  // namespace finchat::api::testing
