#include "app/wiring.hpp"
#include "auth/service.hpp"
#include "core/log.hpp"
#include "store/redis.hpp"

namespace finchat::app {

Status wire_security(const Context& ctx, http::Router& router, http::Pipeline& pipeline,
                     Services& services) {
  auto auth = auth::AuthService::create(ctx.db, ctx.cipher, ctx.config);
  if (!auth) return auth.error();
  auto service = auth.value();
  service->register_routes(router);
  pipeline.set_authenticator(service->authenticator());

  std::shared_ptr<store::RedisClient> redis;
  if (!ctx.config.redis.url.empty()) {
    auto client = store::RedisClient::connect(ctx.config.redis.url);
    if (client) {
      redis = std::shared_ptr<store::RedisClient>(std::move(client.value()));
    } else {
      // Limits still hold locally; the Redis limiter reconnects when Redis is back.
      log::get("app")->warn("Redis unavailable at start-up: {}", client.error().message);
    }
  }
  pipeline.set_rate_limiter(service->make_rate_limiter(
      ctx.config.security.rate_limit_backend == "redis" ? redis : nullptr));

  if (ctx.config.demo.seed_users) {
    auto seeded = service->seed_demo_users();
    if (!seeded) return seeded.error();
    if (seeded->created) {
      services.first_start_lines = {
          "First start: created these accounts (shown once; change them with `finchat admin`):",
          "  admin:    username " + seeded->admin_username + "  password " + seeded->admin_password,
          "  customer: username " + seeded->demo_username + "  password " + seeded->demo_password};
    }
  }
  services.owned.push_back(service);
  services.owned.push_back(redis);
  return {};
}

}  // namespace finchat::app
