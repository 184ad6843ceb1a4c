#include "api/model_admin_routes.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>

#include "core/json.hpp"
#include "http/pipeline.hpp"

namespace finchat::api {

namespace fs = std::filesystem;
using http::Request;
using http::Response;
using Json = nlohmann::json;

namespace {

struct State {
  ModelAdminDeps deps;
  std::atomic<bool> reloading{false};
};

bool inside(const fs::path& dir, const fs::path& file) {
  auto [d, f] = std::mismatch(dir.begin(), dir.end(), file.begin(), file.end());
  return d == dir.end() && f != file.end();
}

Error path_error(std::string message) { return Error::invalid(std::move(message), "path"); }

// The models folder's .gguf files, relative names, sorted (at most 200).
Json available_models(const fs::path& dir) {
  Json out = Json::array();
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end && names.size() < 200;
       it.increment(ec)) {
    if (it->path().extension() == ".gguf" && it->is_regular_file(ec))
      names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (auto& n : names) out.push_back(n);
  return out;
}

Response list(const State& s) {
  Json body = {{"current", s.deps.describe ? s.deps.describe() : Json(nullptr)},
               {"reloading", s.reloading.load()},
               {"available",
                s.deps.models_dir.empty() ? Json::array() : available_models(s.deps.models_dir)}};
  return Response::json(200, body);
}

// Clears the in-progress flag however the reload ends.
struct ReloadGuard {
  std::atomic<bool>& flag;
  ~ReloadGuard() { flag.store(false); }
};

Response reload(State& s, Request& req) {
  if (s.deps.models_dir.empty() || !s.deps.load || !s.deps.install) {
    return Response::from_error(Error::conflict("no model is configured, so none can be reloaded"));
  }
  std::string requested = s.deps.default_path;
  if (!req.body.empty()) {
    auto body = http::parse_json_body(req);
    if (!body) return Response::from_error(body.error());
    auto st = json::ObjectReader(*body)
                  .field("path", requested, false, json::StringRule{1, 1024, {}})
                  .finish();
    if (!st) return Response::from_error(st.error());
  }
  auto path = resolve_model_path(s.deps.models_dir, requested);
  if (!path) return Response::from_error(path.error());
  if (s.reloading.exchange(true)) {
    return Response::from_error(Error::conflict("a model reload is already in progress"));
  }
  ReloadGuard guard{s.reloading};
  const auto t0 = std::chrono::steady_clock::now();
  // The old engine keeps serving while this one loads; a bad file never replaces it.
  auto engine = s.deps.load(path->string());
  if (!engine) {
    if (s.deps.audit) {
      s.deps.audit(req, "model_reload_failed", path->string(), {{"error", engine.error().message}});
    }
    if (engine.error().kind == ErrorKind::invalid_argument) {
      return Response::problem(
          422, "Unprocessable Content", "the model file was rejected: " + engine.error().message,
          {{"errors", {{{"field", "path"}, {"detail", engine.error().message}}}}});
    }
    return Response::from_error(engine.error());
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  Json previous = s.deps.describe ? s.deps.describe() : Json(nullptr);
  const auto& info = (*engine)->info();
  s.deps.install(*engine, path->string());
  if (s.deps.audit) {
    s.deps.audit(req, "model_reloaded", path->string(),
                 {{"previous", previous}, {"load_ms", ms}, {"architecture", info.architecture}});
  }
  Json current = s.deps.describe ? s.deps.describe() : Json(nullptr);
  return Response::json(200, {{"current", current}, {"previous", previous}, {"load_ms", ms}});
}

}  // namespace

Result<fs::path> resolve_model_path(const fs::path& models_dir, const std::string& requested) {
  if (requested.empty()) return path_error("path must not be empty");
  if (requested.find('\0') != std::string::npos) return path_error("path contains a NUL byte");
  std::error_code ec;
  const fs::path dir = fs::canonical(models_dir, ec);
  if (ec) return Error::unavailable("the models directory is not available");
  const fs::path given(requested);
  const fs::path candidate = given.is_absolute() ? given : dir / given;
  // Containment is checked on the fully resolved path, so neither ".." nor a symlink can
  // lead outside; the message never says whether an outside file exists.
  const fs::path lexical = fs::weakly_canonical(candidate, ec);
  if (ec || !inside(dir, lexical)) return path_error("path must be inside the models directory");
  const fs::path real = fs::canonical(candidate, ec);
  if (ec) return Error{ErrorKind::not_found, "no model file at " + requested, "path"};
  if (!inside(dir, real)) return path_error("path must be inside the models directory");
  if (!fs::is_regular_file(real, ec)) return path_error("path is not a regular file");
  return real;
}

void register_model_admin_routes(http::Router& router, ModelAdminDeps deps) {
  auto s = std::make_shared<State>();
  s->deps = std::move(deps);
  const auto admin = http::Policy::roles_any({"admin"});
  router.add("GET", "/v1/admin/models", admin, [s](Request&) { return list(*s); });
  router.add("POST", "/v1/admin/models/reload", admin, [s](Request& r) { return reload(*s, r); });
}

}  // namespace finchat::api
