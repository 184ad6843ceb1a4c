#pragma once
// Liveness, readiness, metrics and the validated JSON echo route used by the load benchmark.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/router.hpp"
#include "store/database.hpp"

namespace finchat::api {

// Returns an empty optional when ready, else the reason it is not.
using ReadinessProbe = std::function<std::optional<std::string>()>;
// What a component is running, for operators ({"id": "finchat-mini-q8_0", "loaded": true}).
// /readyz is unauthenticated, so no paths or secrets.
using ComponentInfo = std::function<nlohmann::json()>;

struct SystemDeps {
  std::shared_ptr<store::Database> db;
  std::vector<std::pair<std::string, ReadinessProbe>> probes;  // extra probes: "model", …
  std::string version;
  std::vector<std::pair<std::string, ComponentInfo>> components;  // shown under "components"
};

void register_system_routes(http::Router& router, SystemDeps deps);

}  // namespace finchat::api
