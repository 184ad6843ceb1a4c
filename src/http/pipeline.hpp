#pragma once
// The middleware chain every request passes through, in order:
//   request id -> access log -> metrics -> security headers -> CORS -> routing ->
//   rate limit (client IP) -> authentication + policy -> rate limit (subject) -> handler.
// Authentication and rate limiting are reached only through the interfaces below, so
// `http` does not depend on `auth`.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "http/types.hpp"

namespace finchat::http {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Verifies the request's credentials (a bearer token). Errors are unauthenticated.
  virtual Result<Principal> authenticate(const Request& request) = 0;
  // Records a denied access (audit); optional.
  virtual void on_denied(const Request& /*request*/, const std::string& /*reason*/) {}
};

struct RateDecision {
  bool allowed = true;
  double limit = 0;
  double remaining = 0;
  double reset_s = 0;
  double retry_after_s = 0;
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  virtual RateDecision check(const std::string& key, const std::string& rate_class) = 0;
};

using Next = std::function<Response(Request&)>;
using Middleware = std::function<Response(Request&, const Next&)>;

struct PipelineOptions {
  std::vector<std::string> cors_origins;
  bool tls = false;
};

class Pipeline {
 public:
  Pipeline(std::shared_ptr<Router> router, PipelineOptions options);

  void set_authenticator(std::shared_ptr<Authenticator> a) { authn_ = std::move(a); }
  void set_rate_limiter(std::shared_ptr<RateLimiter> r) { limiter_ = std::move(r); }
  // Serves GET requests that match no route (the web UI).
  void set_fallback(Handler h) { fallback_ = std::move(h); }
  // Extra middleware, run after the built-in outer layers and before routing.
  void use(Middleware m) { extra_.push_back(std::move(m)); }

  // Runs the full chain; never throws.
  Response handle(Request& request);
  // Whether the matched route wants to run on the worker pool.
  bool should_offload(const Request& request) const;
  const Router& router() const { return *router_; }

 private:
  Response route_and_call(Request& request);
  Response authorize_and_call(Request& request, const Route& route);
  Response call_handler(Request& request, const Route& route);
  std::optional<Response> rate_limited(const std::string& key, const std::string& rate_class,
                                       Response* decorate);

  std::shared_ptr<Router> router_;
  PipelineOptions options_;
  std::shared_ptr<Authenticator> authn_;
  std::shared_ptr<RateLimiter> limiter_;
  Handler fallback_;
  std::vector<Middleware> extra_;
};

// Middleware building blocks, exposed for tests.
std::string accept_or_generate_request_id(const std::string& incoming);
void add_security_headers(Response& response, bool tls);
Result<nlohmann::json> parse_json_body(const Request& request);

}  // namespace finchat::http
