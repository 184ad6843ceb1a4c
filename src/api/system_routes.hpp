#pragma once
// Liveness, readiness, metrics and the validated JSON echo route used by the load benchmark.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "store/database.hpp"

namespace finchat::api {

// Returns an empty optional when ready, else the reason it is not.
using ReadinessProbe = std::function<std::optional<std::string>()>;

struct SystemDeps {
  std::shared_ptr<store::Database> db;
  std::vector<std::pair<std::string, ReadinessProbe>> probes;  // extra probes: "model", …
  std::string version;
};

void register_system_routes(http::Router& router, SystemDeps deps);

}  // namespace finchat::api
