#pragma once
// Wiring of the optional parts of `serve`: security, market data, the language model.
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/system_routes.hpp"
#include "app/context.hpp"
#include "chat/conversations.hpp"
#include "chat/engine.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "support/flows.hpp"

namespace finchat::app {

struct Services {
  std::shared_ptr<chat::ConversationStore> conversations;
  std::shared_ptr<chat::EntityFinder> entity_finder;
  std::shared_ptr<const support::FlowLibrary> flows;
  std::vector<std::pair<std::string, api::ReadinessProbe>> readiness;
  std::vector<std::string> first_start_lines;  // credentials created on first start
  std::vector<std::function<void()>> on_stop;
  std::shared_ptr<void> keep_alive;             // objects owned for the server's lifetime
  std::vector<std::shared_ptr<void>> owned;
};

Status wire_security(const Context& ctx, http::Router& router, http::Pipeline& pipeline,
                     Services& services);
Status wire_market(const Context& ctx, http::Router& router, Services& services,
                   std::map<std::string, std::shared_ptr<chat::Skill>>& skills);
std::shared_ptr<chat::Realizer> make_realizer(const Context& ctx, Services& services);
Status wire_model_routes(const Context& ctx, http::Router& router, Services& services);
// Skills (support, market), entity finding and the model realizer, shared by `serve`
// and the terminal chat.
Result<std::shared_ptr<chat::Engine>> build_chat_engine(const Context& ctx, http::Router& router,
                                                        Services& services);
void print_first_start_credentials(const Services& services, std::ostream& out);
void stop_services(Services& services);

}  // namespace finchat::app
