#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "api/conversation_routes.hpp"
#include "api/idempotency.hpp"
#include "api/support_routes.hpp"
#include "api/system_routes.hpp"
#include "app/commands.hpp"
#include "app/context.hpp"
#include "app/intent_classifier.hpp"
#include "app/lazy_skill.hpp"
#include "app/llm_tool_chooser.hpp"
#include "app/skills.hpp"
#include "app/wiring.hpp"
#include "core/log.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "support/desk.hpp"

#ifndef FINCHAT_VERSION
#define FINCHAT_VERSION "0.0.0"
#endif

namespace finchat::app {

namespace {

std::map<std::string, std::shared_ptr<chat::Skill>> basic_skills(const Context&, Services&) {
  // The support skills (faq, troubleshoot, escalation) are made by wire_support, which also
  // owns the triage model and the escalation rules they share.
  return {
      {"smalltalk", std::make_shared<chat::SmallTalkSkill>()},
      {"out_of_scope", std::make_shared<chat::OutOfScopeSkill>()},
  };
}

std::shared_ptr<chat::IntentClassifier> make_intent_classifier(const Context& ctx,
                                                               Services& services) {
  const auto& file = ctx.config.chat.intents_file;
  if (file.empty()) return nullptr;
  if (!std::filesystem::exists(file)) {
    log::get("app")->warn("chat.intents_file {} not found: routing by rules alone", file);
    return nullptr;
  }
  // Cached beside the other fitted models, keyed by the examples' contents.
  const std::string cache_dir =
      ctx.config.support.cache_models
          ? (std::filesystem::path(ctx.config.data_dir) / "cache").string()
          : std::string();
  auto classifier = std::make_shared<TrainedIntentClassifier>(
      file, ctx.config.chat.intent_min_confidence, cache_dir);
  // Only training in progress holds readiness; a failed training leaves routing to the rules.
  services.readiness.emplace_back("intent_classifier",
                                  [classifier] { return classifier->loading(); });
  return classifier;
}

}  // namespace

Result<std::shared_ptr<chat::Engine>> build_chat_engine(const Context& ctx, http::Router& router,
                                                        Services& services) {
  if (!services.conversations) {
    services.conversations = std::make_shared<chat::ConversationStore>(ctx.db, ctx.cipher);
  }
  auto skills = basic_skills(ctx, services);
  for (auto wire : {wire_kg, wire_market, wire_company, wire_portfolio, wire_support}) {
    if (auto st = wire(ctx, router, services, skills); !st) return st.error();
  }
  auto realizer = make_realizer(ctx, services);
  auto engine = std::make_shared<chat::Engine>(std::move(skills), services.entity_finder,
                                               make_intent_classifier(ctx, services), realizer);
  if (auto chooser = make_tool_chooser(ctx, services)) {
    engine->set_tool_chooser(std::move(chooser), default_tool_specs());
  }
  for (auto& rule : services.route_rules) engine->add_rule(rule);
  for (auto& check : services.turn_checks) engine->add_turn_check(check);
  if (auto flows = services.flows) {
    engine->set_flow_matcher(
        [flows](const std::string& text) { return flows->match_flow(text).has_value(); });
  }
  return engine;
}

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
  Services services;
  services.conversations = std::make_shared<chat::ConversationStore>(ctx->db, ctx->cipher);
  auto router = std::make_shared<http::Router>();
  auto pipeline = std::make_shared<http::Pipeline>(
      router, http::PipelineOptions{cfg->http.cors_origins, false});
  if (auto st = wire_security(*ctx, *router, *pipeline, services); !st) {
    std::cerr << "finchat: " << st.error().message << "\n";
    return 1;
  }
  auto engine = build_chat_engine(*ctx, *router, services);
  if (!engine) {
    std::cerr << "finchat: " << engine.error().message << "\n";
    return 1;
  }
  // Idempotency-Key on create routes, recorded in the shared database (every replica
  // replays what another one answered). Expired keys go first, then with retention runs.
  auto idempotency = std::make_shared<api::IdempotencyStore>(ctx->db, ctx->cipher);
  if (auto purged = idempotency->purge_expired(); !purged)
    log::get("app")->warn("expired idempotency keys not purged: {}", purged.error().message);
  api::install_idempotency(idempotency);
  api::register_conversation_routes(*router, {services.conversations, engine.value(), 4});
  if (auto st = wire_model_routes(*ctx, *router, services); !st) {
    std::cerr << "finchat: " << st.error().message << "\n";
    return 1;
  }
  api::register_system_routes(*router,
                              {ctx->db, services.readiness, FINCHAT_VERSION, services.components});

  auto statics = std::make_shared<http::StaticFiles>(cfg->http.static_dir);
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
  print_first_start_credentials(services, std::cout);
  server.run();
  stop_services(services);
  log::get("app")->info("stopped cleanly");
  // A help-centre fit still running in the background cannot be interrupted; leave without
  // waiting for it (and without static destructors racing it) so SIGTERM stays prompt.
  bool loading = false;
  for (const auto& [name, probe] : services.readiness) {
    auto reason = probe();
    if (reason && reason->find("still loading") != std::string::npos) loading = true;
  }
  if (loading) {
    std::cout.flush();
    spdlog::shutdown();
    std::quick_exit(0);
  }
  return 0;
}

}  // namespace finchat::app
