#include "api/system_routes.hpp"

#include "core/json.hpp"
#include "core/metrics.hpp"
#include "http/pipeline.hpp"
#include "store/migrations.hpp"

namespace finchat::api {

namespace {

nlohmann::json readiness(const SystemDeps& deps, bool& ready) {
  nlohmann::json checks = nlohmann::json::object();
  ready = true;
  auto record = [&](const std::string& name, const std::optional<std::string>& problem) {
    checks[name] = problem ? nlohmann::json{{"ok", false}, {"detail", *problem}}
                           : nlohmann::json{{"ok", true}};
    if (problem) ready = false;
  };
  auto ping = deps.db->ping();
  record("database", ping ? std::nullopt : std::optional<std::string>(ping.error().message));
  if (ping) {
    auto v = store::current_version(*deps.db);
    std::optional<std::string> problem;
    if (!v)
      problem = v.error().message;
    else if (*v < store::latest_version()) {
      problem = "migrations pending: at " + std::to_string(*v) + ", latest " +
                std::to_string(store::latest_version());
    }
    record("migrations", problem);
  }
  for (const auto& [name, probe] : deps.probes) record(name, probe());
  return checks;
}

http::Response echo(http::Request& req) {
  auto body = http::parse_json_body(req);
  if (!body) return http::Response::from_error(body.error());
  std::string message;
  int64_t repeat = 1;
  auto st = json::ObjectReader(*body)
                .field("message", message, true, json::StringRule{1, 1000, {}})
                .field("repeat", repeat, false, json::NumberRule{1, 10})
                .finish();
  if (!st) return http::Response::from_error(st.error());
  std::string out;
  for (int64_t i = 0; i < repeat; ++i) out += message;
  return http::Response::json(200, {{"echo", out}, {"length", out.size()}});
}

}  // namespace

void register_system_routes(http::Router& router, SystemDeps deps) {
  auto shared = std::make_shared<SystemDeps>(std::move(deps));
  http::RouteOptions inline_route{false, false};
  router.add(
      "GET", "/healthz", http::Policy::open("health"),
      [shared](http::Request&) {
        return http::Response::json(200, {{"status", "ok"}, {"version", shared->version}});
      },
      inline_route);
  router.add("GET", "/readyz", http::Policy::open("health"), [shared](http::Request&) {
    bool ready = false;
    auto checks = readiness(*shared, ready);
    nlohmann::json body = {{"status", ready ? "ready" : "not_ready"}, {"checks", checks}};
    for (const auto& [name, info] : shared->components) body["components"][name] = info();
    return http::Response::json(ready ? 200 : 503, body);
  });
  router.add(
      "GET", "/metrics", http::Policy::open("health"),
      [](http::Request&) {
        return http::Response::text(200, metrics::registry().render(),
                                    "text/plain; version=0.0.4; charset=utf-8");
      },
      inline_route);
  router.add("POST", "/v1/echo", http::Policy::open("public"), echo, inline_route);
}

}  // namespace finchat::api
