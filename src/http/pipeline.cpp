#include "http/pipeline.hpp"

#include <chrono>
#include <cmath>

#include "core/ids.hpp"
#include "core/json.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"

namespace finchat::http {

namespace {

metrics::Family<metrics::Counter>& request_counter() {
  static auto& f = metrics::registry().counter("finchat_http_requests_total",
                                               "HTTP requests by route, method and status",
                                               {"route", "method", "status"});
  return f;
}
metrics::Family<metrics::Histogram>& latency_histogram() {
  static auto& f = metrics::registry().histogram(
      "finchat_http_request_duration_seconds", "HTTP request latency by route", {"route"});
  return f;
}
metrics::Gauge& in_flight() {
  static auto& g =
      metrics::registry().gauge("finchat_http_in_flight_requests", "Requests being handled").get();
  return g;
}

bool valid_request_id(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

void add_rate_headers(Response& r, const RateDecision& d) {
  r.set_header("RateLimit-Limit", std::to_string(static_cast<int64_t>(d.limit)));
  r.set_header("RateLimit-Remaining", std::to_string(static_cast<int64_t>(std::floor(d.remaining))));
  r.set_header("RateLimit-Reset", std::to_string(static_cast<int64_t>(std::ceil(d.reset_s))));
}

}  // namespace

std::string accept_or_generate_request_id(const std::string& incoming) {
  return valid_request_id(incoming) ? incoming : new_uuid_v7();
}

void add_security_headers(Response& r, bool tls) {
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("Cross-Origin-Opener-Policy", "same-origin");
  r.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  r.set_header("Content-Security-Policy",
               "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  if (tls) r.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (r.header("Cache-Control").empty()) r.set_header("Cache-Control", "no-store");
}

Result<nlohmann::json> parse_json_body(const Request& request) {
  std::string ct = request.header("content-type");
  if (ct.rfind("application/json", 0) != 0) {
    return Error{ErrorKind::unsupported_media_type, "Content-Type must be application/json", {}};
  }
  if (request.body.empty()) return Error::invalid("request body is empty", "body");
  return json::parse(request.body);
}

Pipeline::Pipeline(std::shared_ptr<Router> router, PipelineOptions options)
    : router_(std::move(router)), options_(std::move(options)) {}

bool Pipeline::should_offload(const Request& request) const {
  auto m = router_->match(request.method, request.path);
  return m.route ? m.route->options.offload : false;
}

Response Pipeline::handle(Request& request) {
  auto started = std::chrono::steady_clock::now();
  request.request_id = accept_or_generate_request_id(request.header("x-request-id"));
  log::RequestScope scope(request.request_id);
  in_flight().inc();
  Response response;
  try {
    Next inner = [this](Request& r) { return route_and_call(r); };
    for (auto it = extra_.rbegin(); it != extra_.rend(); ++it) {
      inner = [mw = *it, next = inner](Request& r) { return mw(r, next); };
    }
    response = inner(request);
  } catch (const std::exception& e) {
    log::get("http")->error("unhandled exception: {}", e.what());
    response = Response::problem(500, "Internal Server Error", "internal error");
  } catch (...) {
    log::get("http")->error("unhandled non-standard exception");
    response = Response::problem(500, "Internal Server Error", "internal error");
  }
  in_flight().dec();
  if (response.header("Content-Type") == "application/problem+json" && !response.sse) {
    // Every problem names its request, so a user can quote it to support.
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && !body.contains("instance")) {
      body["instance"] = "urn:request:" + request.request_id;
      body["request_id"] = request.request_id;
      response.body = body.dump();
    }
  }
  response.set_header("X-Request-Id", request.request_id);
  add_security_headers(response, options_.tls || request.tls);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string route = request.route.empty() ? "unmatched" : request.route;
  request_counter().with({route, request.method, std::to_string(response.status)}).inc();
  latency_histogram().with({route}).observe(secs);
  log::get("http")->info("{} {} {} {:.2f}ms", request.method, request.path, response.status,
                         secs * 1000);
  return response;
}

Response Pipeline::route_and_call(Request& request) {
  std::string origin = request.header("origin");
  bool cors_ok = !origin.empty() && std::find(options_.cors_origins.begin(),
                                              options_.cors_origins.end(),
                                              origin) != options_.cors_origins.end();
  auto decorate_cors = [&](Response r) {
    if (cors_ok) {
      r.set_header("Access-Control-Allow-Origin", origin);
      r.set_header("Vary", "Origin");
      r.set_header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Idempotent-Replayed");
    }
    return r;
  };
  auto m = router_->match(request.method, request.path);
  if (request.method == "OPTIONS" && m.path_known) {
    Response r = Response::no_content();
    if (cors_ok) {
      r.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
      r.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id, Idempotency-Key");
      r.set_header("Access-Control-Max-Age", "600");
    }
    return decorate_cors(std::move(r));
  }
  if (!m.route) {
    if (m.path_known) {
      request.route = "method_not_allowed";
      Response r = Response::problem(405, "Method Not Allowed",
                                     request.method + " is not allowed on " + request.path);
      std::string allow;
      for (const auto& a : m.allowed_methods) allow += (allow.empty() ? "" : ", ") + a;
      r.set_header("Allow", allow);
      return decorate_cors(std::move(r));
    }
    if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
      request.route = "static";
      return fallback_(request);
    }
    return decorate_cors(Response::problem(404, "Not Found", "no route for " + request.path));
  }
  request.route = m.route->pattern;
  request.path_params = std::move(m.params);
  return decorate_cors(authorize_and_call(request, *m.route));
}

std::optional<Response> Pipeline::rate_limited(const std::string& key, const std::string& rate_class,
                                               Response* decorate) {
  if (!limiter_) return std::nullopt;
  RateDecision d = limiter_->check(key, rate_class);
  if (!d.allowed) {
    Response r = Response::problem(429, "Too Many Requests", "rate limit exceeded; retry later");
    r.set_header("Retry-After", std::to_string(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(d.retry_after_s)))));
    add_rate_headers(r, d);
    return r;
  }
  if (decorate) add_rate_headers(*decorate, d);
  return std::nullopt;
}

Response Pipeline::authorize_and_call(Request& request, const Route& route) {
  // Probes and scrapes (rate class "health") are cheap and must never be throttled: a
  // throttled liveness probe would restart a healthy pod.
  bool exempt = route.policy.rate_class == "health";
  if (!exempt) {
    if (auto limited = rate_limited("ip:" + request.remote_ip, route.policy.rate_class + ":ip", nullptr)) {
      return *limited;
    }
  }
  if (route.policy.authenticated) {
    if (!authn_) return Response::problem(401, "Unauthorized", "authentication is not configured");
    auto principal = authn_->authenticate(request);
    if (!principal) {
      Response r = Response::problem(401, "Unauthorized", principal.error().message);
      r.set_header("WWW-Authenticate", "Bearer realm=\"finchat\", error=\"invalid_token\"");
      return r;
    }
    if (!route.policy.permits(*principal)) {
      authn_->on_denied(request, "role " + principal->role + " not permitted on " + route.pattern);
      return Response::problem(403, "Forbidden", "your role does not permit this action");
    }
    request.principal = std::make_shared<const Principal>(std::move(principal.value()));
    Response probe;
    if (auto limited = rate_limited("sub:" + request.principal->subject, route.policy.rate_class, &probe)) {
      return *limited;
    }
    Response r = call_handler(request, route);
    for (const auto& [k, v] : probe.headers) r.set_header(k, v);
    return r;
  }
  return call_handler(request, route);
}

Response Pipeline::call_handler(Request& request, const Route& route) {
  return route.handler(request);
}

}  // namespace finchat::http
