#include "api/portfolio_routes.hpp"
#include "app/skills_portfolio.hpp"
#include "app/wiring.hpp"
#include "core/log.hpp"

namespace finchat::app {

// Portfolio advice needs daily closes: without a market feed there are no routes or skill.
Status wire_portfolio(const Context& ctx, http::Router& router, Services& services,
                      SkillMap& skills) {
  if (!services.market) {
    log::get("app")->info("portfolio: no market data, advice routes and skill disabled");
    return {};
  }
  portfolio::AdvisorConfig config;
  config.lookback_days = ctx.config.portfolio.lookback_days;
  config.risk_free_rate = ctx.config.portfolio.risk_free_rate;
  config.bond_sleeve = ctx.config.portfolio.bond_sleeve;
  auto market = services.market;
  auto advisor =
      std::make_shared<const portfolio::Advisor>(api::market_price_source(market), config);
  auto store = std::make_shared<portfolio::PortfolioStore>(ctx.db, ctx.cipher);
  const std::string sleeve = config.bond_sleeve ? config.bonds.ticker : "";
  api::register_portfolio_routes(router,
                                 {advisor, store, [market, sleeve](const std::string& symbol) {
                                    if (!sleeve.empty() && symbol == sleeve) return true;
                                    const auto* spec = market->find(symbol);
                                    return spec != nullptr && !spec->is_index;
                                  }});
  skills["portfolio"] = std::make_shared<PortfolioSkill>(advisor, store);
  for (auto& rule : portfolio_route_rules()) services.route_rules.push_back(std::move(rule));
  return {};
}

}  // namespace finchat::app
