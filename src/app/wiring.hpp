#pragma once
// Wiring of the optional parts of `serve`: security, market data, the language model.
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/market_routes.hpp"
#include "api/system_routes.hpp"
#include "app/context.hpp"
#include "chat/conversations.hpp"
#include "chat/engine.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "support/flows.hpp"

namespace finchat::app {

using SkillMap = std::map<std::string, std::shared_ptr<chat::Skill>>;

struct Services {
  std::shared_ptr<chat::ConversationStore> conversations;
  std::shared_ptr<api::MarketService> market;  // null when the market feed is off
  // Knowledge-graph lookups for other domains (set by wire_kg; empty when no graph):
  // peers of a ticker (COMPETES_WITH / same sector), and the sector name of a ticker.
  std::function<std::vector<std::string>(const std::string& ticker)> kg_peers;
  std::function<std::string(const std::string& ticker)> kg_sector;
  // Routing rules and per-turn checks contributed by domain wiring; build_chat_engine adds
  // them to the engine.
  std::vector<chat::RouteRule> route_rules;
  std::vector<chat::TurnCheck> turn_checks;
  std::shared_ptr<chat::EntityFinder> entity_finder;
  // Company names the knowledge graph links (set by wire_kg); wire_market composes it after
  // the market's own symbol finder.
  std::shared_ptr<chat::EntityFinder> kg_finder;
  std::shared_ptr<const support::FlowLibrary> flows;
  std::vector<std::pair<std::string, api::ReadinessProbe>> readiness;
  std::vector<std::pair<std::string, api::ComponentInfo>> components;  // named in /readyz
  std::shared_ptr<chat::Realizer> realizer;    // the model's realizer, shared by chat and documents
  std::vector<std::string> first_start_lines;  // credentials created on first start
  std::vector<std::function<void()>> on_stop;
  std::shared_ptr<void> keep_alive;  // objects owned for the server's lifetime
  std::vector<std::shared_ptr<void>> owned;
};

Status wire_security(const Context& ctx, http::Router& router, http::Pipeline& pipeline,
                     Services& services);
// Domain wiring, in the order build_chat_engine calls it: each registers its HTTP routes
// and chat skills (and their routing rules) and may use what earlier ones put in Services.
Status wire_kg(const Context& ctx, http::Router& router, Services& services, SkillMap& skills);
Status wire_market(const Context& ctx, http::Router& router, Services& services, SkillMap& skills);
Status wire_company(const Context& ctx, http::Router& router, Services& services, SkillMap& skills);
Status wire_portfolio(const Context& ctx, http::Router& router, Services& services,
                      SkillMap& skills);
Status wire_support(const Context& ctx, http::Router& router, Services& services, SkillMap& skills);
std::shared_ptr<chat::Realizer> make_realizer(const Context& ctx, Services& services);
// The model's tool choice when chat.tool_choice is "model" and a model is configured.
std::shared_ptr<chat::ToolChooser> make_tool_chooser(const Context& ctx, Services& services);
Status wire_model_routes(const Context& ctx, http::Router& router, Services& services);
// Skills (support, market), entity finding and the model realizer, shared by `serve`
// and the terminal chat.
Result<std::shared_ptr<chat::Engine>> build_chat_engine(const Context& ctx, http::Router& router,
                                                        Services& services);
void print_first_start_credentials(const Services& services, std::ostream& out);
void stop_services(Services& services);

}  // namespace finchat::app
