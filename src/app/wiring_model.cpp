// Wiring of the local language model: loads it in the background, exposes a readiness
// probe, the chat realizer and the OpenAI-compatible routes, all sharing one ModelRegistry.
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "api/openai_routes.hpp"
#include "app/llm_realizer.hpp"
#include "app/wiring.hpp"
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

void start_loading(const Context& ctx, const std::shared_ptr<ModelRegistry>& registry,
                   Services& services) {
  auto loader = std::make_shared<Loader>();
  std::string path = ctx.config.model.path;
  llm::EngineOptions opts;
  opts.threads = std::max(1, ctx.config.model.threads);
  loader->thread = std::thread([registry, path, opts] {
    auto engine = llm::Engine::load(path, opts);
    if (!engine) {
      log::get("model")->error("model {} failed to load: {}", path, engine.error().message);
      registry->set_failed("model failed to load: " + engine.error().message);
      return;
    }
    log::get("model")->info("model {} loaded ({} layers, chat format {})", path,
                            (*engine)->info().n_layer,
                            llm::chat_format_name((*engine)->chat_format()));
    registry->set_engine(std::shared_ptr<llm::Engine>(std::move(*engine)));
  });
  services.owned.push_back(loader);
}

// One registry per Services, created (and the load started) by whichever wiring call
// comes first.
std::shared_ptr<ModelRegistry> ensure_registry(const Context& ctx, Services& services) {
  static std::mutex mu;
  static std::map<const Services*, std::weak_ptr<ModelRegistry>> registries;
  std::lock_guard lock(mu);
  if (auto existing = registries[&services].lock()) return existing;
  const std::string& path = ctx.config.model.path;
  auto registry = std::make_shared<ModelRegistry>(model_name(path));
  registries[&services] = registry;
  services.owned.push_back(registry);
  if (path.empty()) {
    log::get("model")->info("no model configured: answers are rendered deterministically");
    registry->set_failed("no model configured");
    return registry;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    log::get("model")->error("model file {} not found: answers fall back to templates", path);
    registry->set_failed("model file not found: " + path);
  } else {
    start_loading(ctx, registry, services);
  }
  services.readiness.emplace_back("model", [registry] { return registry->problem(); });
  return registry;
}

}  // namespace

std::shared_ptr<chat::Realizer> make_realizer(const Context& ctx, Services& services) {
  auto registry = ensure_registry(ctx, services);
  if (ctx.config.model.path.empty()) return nullptr;
  std::weak_ptr<ModelRegistry> weak = registry;
  return std::make_shared<LlmRealizer>(
      [weak]() -> std::shared_ptr<llm::Engine> {
        auto r = weak.lock();
        return r ? r->engine() : nullptr;
      },
      RealizerOptions{ctx.config.model.max_tokens});
}

Status wire_model_routes(const Context& ctx, http::Router& router, Services& services) {
  auto registry = ensure_registry(ctx, services);
  std::weak_ptr<ModelRegistry> weak = registry;
  api::OpenAiDeps deps;
  deps.engine = [weak]() -> std::shared_ptr<llm::Engine> {
    auto r = weak.lock();
    return r ? r->engine() : nullptr;
  };
  deps.model_name = registry->name();
  api::register_openai_routes(router, std::move(deps));
  return Status{};
}

}  // namespace finchat::app
