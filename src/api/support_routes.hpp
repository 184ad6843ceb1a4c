#pragma once
// /v1/support: ticket triage (classify), customer tickets (own only), the agent desk (queue-
// scoped: a ticket outside the agent's queues is "not found"), escalate / claim / reply /
// resolve, queue summaries with SLA status, and help-centre search (faq/search).
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "http/router.hpp"
#include "support/desk.hpp"
#include "support/tickets.hpp"
#include "support/triage.hpp"

namespace finchat::api {

struct SupportDeps {
  std::shared_ptr<support::TicketStore> tickets;
  std::shared_ptr<support::SupportDesk> desk;
  // Optional triage model source; it returns null while the model is still loading (then
  // /classify answers 503 with Retry-After). Without it /classify answers 503 and new
  // tickets keep the given category.
  std::function<std::shared_ptr<const support::TicketClassifier>()> classifier;
  // Optional help-centre search: (query, k) -> retrieval::search_json(...) shape, or an
  // `unavailable` error while the index is loading. Without it the search route answers 503.
  std::function<Result<nlohmann::json>(const std::string& query, size_t k)> faq_search;
  const Clock* clock = &SystemClock::instance();
};

void register_support_routes(http::Router& router, SupportDeps deps);

}  // namespace finchat::api
