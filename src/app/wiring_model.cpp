// Wiring of the local language model: loads it in the background, exposes a readiness
// probe, the chat realizer, the OpenAI-compatible routes and the admin reload route, all
// sharing one ModelRegistry. A reload swaps the registry's engine; requests in flight keep
// their own reference to the old engine and finish on it.
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "api/model_admin_routes.hpp"
#include "api/openai_routes.hpp"
#include "app/llm_realizer.hpp"
#include "app/llm_tool_chooser.hpp"
#include "app/wiring.hpp"
#include "auth/audit.hpp"
#include "core/log.hpp"

namespace finchat::app {

Status wire_model_routes(const Context& ctx, http::Router& router, Services& services);

namespace {

// Joins the loading thread when the server's owned objects go away.
struct Loader {
  std::thread thread;
  ~Loader() {
    if (thread.joinable()) thread.join();
  }
};

std::string model_name(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? "finchat" : stem;
}

// The registry plus where its engine came from, which changes on reloads.
class ModelState {
 public:
  explicit ModelState(const std::string& configured_path)
      : registry(std::make_shared<ModelRegistry>(model_name(configured_path))),
        name_(registry->name()) {}

  // The start-up load only installs when no admin reload got there first.
  void install(std::shared_ptr<llm::Engine> engine, const std::string& path, bool startup) {
    std::lock_guard lock(mu_);
    if (startup && installs_ > 0) return;
    ++installs_;
    path_ = path;
    name_ = model_name(path);
    loaded_at_ = std::chrono::system_clock::now();
    registry->set_engine(std::move(engine));
  }
  std::string name() const {
    std::lock_guard lock(mu_);
    return name_;
  }
  nlohmann::json describe() const {
    std::lock_guard lock(mu_);
    auto engine = registry->engine();
    if (!engine) {
      return {{"id", name_}, {"loaded", false}, {"detail", registry->problem().value_or("")}};
    }
    const auto& info = engine->info();
    const auto secs =
        std::chrono::duration_cast<std::chrono::seconds>(loaded_at_.time_since_epoch()).count();
    return {{"id", name_},
            {"loaded", true},
            {"path", path_},
            {"loaded_at", secs},
            {"architecture", info.architecture},
            {"n_params", info.n_params},
            {"n_layer", info.n_layer},
            {"n_ctx", info.n_ctx},
            {"reloads", installs_ - 1}};
  }

  const std::shared_ptr<ModelRegistry> registry;

 private:
  mutable std::mutex mu_;
  std::string name_, path_;
  std::chrono::system_clock::time_point loaded_at_{};
  uint64_t installs_ = 0;
};

llm::EngineOptions engine_options(const Context& ctx) {
  llm::EngineOptions opts;
  opts.threads = std::max(1, ctx.config.model.threads);
  return opts;
}

void start_loading(const Context& ctx, const std::shared_ptr<ModelState>& state,
                   Services& services) {
  auto loader = std::make_shared<Loader>();
  std::string path = ctx.config.model.path;
  llm::EngineOptions opts = engine_options(ctx);
  loader->thread = std::thread([state, path, opts] {
    auto engine = llm::Engine::load(path, opts);
    if (!engine) {
      log::get("model")->error("model {} failed to load: {}", path, engine.error().message);
      if (!state->registry->engine()) {
        state->registry->set_failed("model failed to load: " + engine.error().message);
      }
      return;
    }
    log::get("model")->info("model {} loaded ({} layers, chat format {})", path,
                            (*engine)->info().n_layer,
                            llm::chat_format_name((*engine)->chat_format()));
    state->install(std::shared_ptr<llm::Engine>(std::move(*engine)), path, true);
  });
  services.owned.push_back(loader);
}

// One state per Services, created (and the load started) by whichever wiring call comes
// first.
std::shared_ptr<ModelState> ensure_state(const Context& ctx, Services& services) {
  static std::mutex mu;
  static std::map<const Services*, std::weak_ptr<ModelState>> states;
  std::lock_guard lock(mu);
  if (auto existing = states[&services].lock()) return existing;
  const std::string& path = ctx.config.model.path;
  auto state = std::make_shared<ModelState>(path);
  states[&services] = state;
  services.owned.push_back(state);
  auto registry = state->registry;
  if (path.empty()) {
    log::get("model")->info("no model configured: answers are rendered deterministically");
    registry->set_failed("no model configured");
    return state;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    log::get("model")->error("model file {} not found: answers fall back to templates", path);
    registry->set_failed("model file not found: " + path);
  } else {
    start_loading(ctx, state, services);
  }
  services.readiness.emplace_back("model", [registry] { return registry->problem(); });
  services.components.emplace_back("model", [state] {
    return nlohmann::json{{"id", state->name()}, {"loaded", state->registry->engine() != nullptr}};
  });
  return state;
}

api::ModelAdminDeps admin_deps(const Context& ctx, const std::shared_ptr<ModelState>& state) {
  api::ModelAdminDeps deps;
  const std::string& path = ctx.config.model.path;
  if (path.empty()) return deps;  // nothing configured: reload answers 409
  const auto parent = std::filesystem::path(path).parent_path();
  deps.models_dir = parent.empty() ? std::filesystem::path(".") : parent;
  deps.default_path = std::filesystem::path(path).filename().string();
  const llm::EngineOptions opts = engine_options(ctx);
  deps.load = [opts](const std::string& file) -> Result<std::shared_ptr<llm::Engine>> {
    auto engine = llm::Engine::load(file, opts);
    if (!engine) return engine.error();
    return std::shared_ptr<llm::Engine>(std::move(*engine));
  };
  std::weak_ptr<ModelState> weak = state;
  deps.install = [weak](std::shared_ptr<llm::Engine> engine, const std::string& file) {
    if (auto s = weak.lock()) {
      s->install(std::move(engine), file, false);
      log::get("model")->info("model reloaded from {}", file);
    }
  };
  deps.describe = [weak]() -> nlohmann::json {
    auto s = weak.lock();
    return s ? s->describe() : nlohmann::json(nullptr);
  };
  if (ctx.db) {
    auto audit = std::make_shared<auth::AuditLog>(ctx.db, SystemClock::instance());
    deps.audit = [audit](const http::Request& r, const std::string& event,
                         const std::string& subject, const nlohmann::json& detail) {
      audit->record(auth::AuditEntry{event, r.principal ? r.principal->subject : "unknown", subject,
                                     r.remote_ip, detail});
    };
  }
  return deps;
}

}  // namespace

std::shared_ptr<chat::Realizer> make_realizer(const Context& ctx, Services& services) {
  auto state = ensure_state(ctx, services);
  if (ctx.config.model.path.empty()) return nullptr;
  if (services.realizer) return services.realizer;  // chat and documents share one
  std::weak_ptr<ModelRegistry> weak = state->registry;
  services.realizer = std::make_shared<LlmRealizer>(
      [weak]() -> std::shared_ptr<llm::Engine> {
        auto r = weak.lock();
        return r ? r->engine() : nullptr;
      },
      RealizerOptions{ctx.config.model.max_tokens});
  return services.realizer;
}

std::shared_ptr<chat::ToolChooser> make_tool_chooser(const Context& ctx, Services& services) {
  if (ctx.config.chat.tool_choice != "model" || ctx.config.model.path.empty()) return nullptr;
  auto state = ensure_state(ctx, services);
  std::weak_ptr<ModelRegistry> weak = state->registry;
  return std::make_shared<LlmToolChooser>([weak]() -> std::shared_ptr<llm::Engine> {
    auto r = weak.lock();
    return r ? r->engine() : nullptr;
  });
}

Status wire_model_routes(const Context& ctx, http::Router& router, Services& services) {
  auto state = ensure_state(ctx, services);
  std::weak_ptr<ModelState> weak = state;
  api::OpenAiDeps deps;
  deps.engine = [weak]() -> std::shared_ptr<llm::Engine> {
    auto s = weak.lock();
    return s ? s->registry->engine() : nullptr;
  };
  deps.model_name = state->name();
  deps.current_model_name = [weak, fallback = state->name()] {
    auto s = weak.lock();
    return s ? s->name() : fallback;
  };
  api::register_openai_routes(router, std::move(deps));
  api::register_model_admin_routes(router, admin_deps(ctx, state));
  return Status{};
}

}  // namespace finchat::app
