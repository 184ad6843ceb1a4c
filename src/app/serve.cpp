#include <filesystem>
#include <iostream>

#include "api/system_routes.hpp"
#include "app/commands.hpp"
#include "app/context.hpp"
#include "core/log.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"

#ifndef FINCHAT_VERSION
#define FINCHAT_VERSION "0.0.0"
#endif

namespace finchat::app {

namespace {

std::string find_static_dir(const std::string& configured) {
  if (std::filesystem::exists(std::filesystem::path(configured) / "index.html")) return configured;
  return configured;  // served anyway: a missing UI gets a clear 404 explaining how to build it
}

}  // namespace

int cmd_serve(const Args& args) {
  auto cfg = load_config(args);
  if (!cfg) {
    std::cerr << "finchat: configuration error: " << cfg.error().message << "\n";
    return 2;
  }
  auto ctx = open_context(*cfg, true);
  if (!ctx) {
    std::cerr << "finchat: " << ctx.error().message << "\n";
    return 1;
  }
  auto router = std::make_shared<http::Router>();
  api::register_system_routes(*router, {ctx->db, {}, FINCHAT_VERSION});
  auto pipeline = std::make_shared<http::Pipeline>(
      router, http::PipelineOptions{cfg->http.cors_origins, false});
  auto statics = std::make_shared<http::StaticFiles>(find_static_dir(cfg->http.static_dir));
  pipeline->set_fallback([statics](http::Request& r) { return statics->serve(r); });

  http::Server server(cfg->http, pipeline);
  if (auto st = server.start(); !st) {
    std::cerr << "finchat: " << st.error().message << "\n";
    return 1;
  }
  server.stop_on_signals();
  std::cout << "finchat " << FINCHAT_VERSION << " listening on http://" << cfg->http.host << ":"
            << server.port() << "/" << std::endl;
  if (server.tls_port()) {
    std::cout << "TLS listener on https://" << cfg->http.host << ":" << server.tls_port() << "/"
              << std::endl;
  }
  server.run();
  log::get("app")->info("stopped cleanly");
  return 0;
}

}  // namespace finchat::app
