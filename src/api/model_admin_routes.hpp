#pragma once
// Admin-only model management: GET /v1/admin/models (what is serving, what could) and
// POST /v1/admin/models/reload {"path": optional} which loads and validates a model file
// while the current one keeps serving, then swaps it in. Generations in flight hold their
// own reference to the old engine and finish on it. Errors are RFC 9457 problem+json.
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"
#include "http/router.hpp"
#include "llm/engine.hpp"

namespace finchat::api {

struct ModelAdminDeps {
  // User-supplied paths must resolve (symlinks included) to a file inside this folder;
  // empty disables reloading (409).
  std::filesystem::path models_dir;
  std::string default_path;  // reloaded when the request names no path
  // Loads and validates a model file without serving it.
  std::function<Result<std::shared_ptr<llm::Engine>>(const std::string& path)> load;
  // Makes `engine` (loaded from `path`) the serving model.
  std::function<void(std::shared_ptr<llm::Engine> engine, const std::string& path)> install;
  // What is serving now: {"id", "path", "loaded", ...}.
  std::function<nlohmann::json()> describe;
  // Optional audit trail: event, subject (the path), detail.
  std::function<void(const http::Request&, const std::string& event, const std::string& subject,
                     const nlohmann::json& detail)>
      audit;
};

void register_model_admin_routes(http::Router& router, ModelAdminDeps deps);

// The canonical file `requested` names (relative paths are taken from models_dir), or an
// error when it does not exist, is not a regular file or lies outside models_dir.
Result<std::filesystem::path> resolve_model_path(const std::filesystem::path& models_dir,
                                                 const std::string& requested);

}  // namespace finchat::api
