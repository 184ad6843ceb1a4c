#pragma once
// /v1/support: ticket triage (classify), customer tickets (own only), the agent desk (queue-
// scoped: a ticket outside the agent's queues is "not found"), escalate / claim / reply /
// resolve, and queue summaries with SLA status.
#include <memory>

#include "http/router.hpp"
#include "support/desk.hpp"
#include "support/tickets.hpp"
#include "support/triage.hpp"

namespace finchat::api {

struct SupportDeps {
  std::shared_ptr<support::TicketStore> tickets;
  std::shared_ptr<support::SupportDesk> desk;
  // Optional: without it /classify answers 503 and new tickets keep the given category.
  std::shared_ptr<const support::TicketClassifier> classifier;
  const Clock* clock = &SystemClock::instance();
};

void register_support_routes(http::Router& router, SupportDeps deps);

}  // namespace finchat::api
