#include "api/support_routes.hpp"
#include "app/wiring.hpp"
#include "support/desk.hpp"
#include "support/tickets.hpp"

namespace finchat::app {

// Support routes (tickets, agent desk, classification). The FAQ and troubleshooting skills
// are made in basic_skills (serve.cpp) because the terminal chat needs them too.
Status wire_support(const Context& ctx, http::Router& router, Services&, SkillMap&) {
  auto tickets = std::make_shared<support::TicketStore>(ctx.db, ctx.cipher);
  auto desk = std::make_shared<support::SupportDesk>(ctx.db, ctx.cipher);
  api::register_support_routes(router, {tickets, desk, nullptr});
  return {};
}

}  // namespace finchat::app
