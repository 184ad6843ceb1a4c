#include "api/support_routes.hpp"

#include "api/idempotency.hpp"
#include "core/json.hpp"
#include "http/pipeline.hpp"

namespace finchat::api {

namespace {

using http::Policy;
using http::Request;
using http::Response;
using support::Ticket;

const std::vector<std::string> kCategories = {
    "account_access", "app_bug", "card_declined", "card_lost_stolen", "complaint",       "fees",
    "fraud_dispute",  "other",   "statements",    "trading_order",    "transfer_payment"};

const http::Principal& who(const Request& r) { return *r.principal; }
bool is_customer(const Request& r) { return who(r).role == "customer"; }
bool is_agent(const Request& r) { return who(r).role == "agent"; }
bool is_admin(const Request& r) { return who(r).role == "admin"; }

// The ticket as the caller may see it; anything else is "not found" so ids cannot be probed.
Result<Ticket> visible_ticket(const SupportDeps& d, const Request& r, const std::string& id) {
  if (is_customer(r)) return d.tickets->get_for_customer(who(r).subject, id);
  if (is_agent(r)) return d.desk->get_for_agent(who(r).subject, id);
  if (is_admin(r)) return d.desk->get_any(id);
  return Error::not_found("ticket not found");
}

// Bodies of action routes are optional; when present they must be an object with no fields
// beyond the declared ones.
Result<nlohmann::json> optional_body(const Request& r) {
  if (r.body.empty()) return nlohmann::json::object();
  return http::parse_json_body(r);
}

Response ok_ticket(const SupportDeps& d, const Request& r, const std::string& id) {
  auto t = visible_ticket(d, r, id);
  if (!t) return Response::from_error(t.error());
  return Response::json(200, support::to_json(*t));
}

Response loading(const std::string& what) {
  Response res = Response::problem(503, "Service Unavailable", what + " is still loading");
  res.set_header("Retry-After", "5");
  return res;
}

std::shared_ptr<const support::TicketClassifier> triage_model(const SupportDeps& d) {
  return d.classifier ? d.classifier() : nullptr;
}

Response classify(const SupportDeps& d, Request& r) {
  if (!d.classifier) return Response::problem(503, "Service Unavailable", "no triage model loaded");
  auto model = triage_model(d);
  if (!model) return loading("the triage model");
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  std::string text;
  auto st = json::ObjectReader(*body).field("text", text, true, {1, 4000, {}}).finish();
  if (!st) return Response::from_error(st.error());
  auto t = model->classify(text);
  return Response::json(200, {{"category", t.category},
                              {"category_confidence", t.category_confidence},
                              {"priority", t.priority},
                              {"priority_confidence", t.priority_confidence},
                              {"out_of_scope", t.out_of_scope},
                              {"sentiment", support::to_string(t.sentiment)}});
}

Response list_tickets(const SupportDeps& d, Request& r) {
  Result<std::vector<Ticket>> list = std::vector<Ticket>{};
  if (is_customer(r)) {
    list = d.tickets->list_for_customer(who(r).subject);
  } else if (is_agent(r)) {
    list = d.desk->list_for_agent(who(r).subject);
  } else {
    auto queues = d.desk->all_queues();
    if (!queues) return Response::from_error(queues.error());
    for (const auto& q : *queues) {
      auto part = d.desk->list_queue(q);
      if (!part) return Response::from_error(part.error());
      list->insert(list->end(), part->begin(), part->end());
    }
  }
  if (!list) return Response::from_error(list.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : *list) items.push_back(support::to_json(t));
  return Response::json(200, {{"items", items}});
}

Response create_ticket(const SupportDeps& d, Request& r) {
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  std::string summary;
  std::optional<std::string> category, conversation_id;
  auto st = json::ObjectReader(*body)
                .field("summary", summary, true, {1, 4000, {}})
                .field("category", category, {1, 40, kCategories})
                .field("conversation_id", conversation_id, {1, 64, {}})
                .finish();
  if (!st) return Response::from_error(st.error());
  support::NewTicket n;
  n.customer_id = who(r).subject;
  n.conversation_id = conversation_id.value_or("");
  n.summary = summary;
  n.transcript = summary;
  n.reason = "customer_request";
  if (category) {
    n.category = *category;
  }
  if (auto model = triage_model(d)) {
    auto t = model->classify(summary);
    if (!category && !t.out_of_scope) n.category = t.category;
    if (!category || !t.out_of_scope) n.priority = t.priority;
    n.sentiment = support::to_string(t.sentiment);
  } else {
    n.sentiment = support::to_string(support::lexicon_sentiment(summary));
  }
  auto t = d.tickets->create(n);
  if (!t) return Response::from_error(t.error());
  auto assigned = d.desk->auto_assign(t->id);
  if (!assigned) return Response::from_error(assigned.error());
  Response res = Response::json(201, support::to_json(*t));
  res.set_header("Location", "/v1/support/tickets/" + t->id);
  return res;
}

Response get_ticket(const SupportDeps& d, Request& r) {
  const std::string id = r.param("id");
  auto t = visible_ticket(d, r, id);
  if (!t) return Response::from_error(t.error());
  auto events = d.desk->events(id, !is_customer(r));  // notes are for staff only
  if (!events) return Response::from_error(events.error());
  auto out = support::to_json(*t);
  out["events"] = nlohmann::json::array();
  for (const auto& e : *events) {
    nlohmann::json j = {{"actor", e.actor},
                        {"kind", e.kind},
                        {"internal", e.internal},
                        {"created_at", format_iso8601(e.created_at)}};
    if (!e.to_status.empty()) j["to_status"] = e.to_status;
    if (!e.body.empty()) j["body"] = e.body;
    out["events"].push_back(j);
  }
  return Response::json(200, out);
}

Response escalate(const SupportDeps& d, Request& r) {
  const std::string id = r.param("id");
  auto body = optional_body(r);
  if (!body) return Response::from_error(body.error());
  std::optional<std::string> reason;
  auto st = json::ObjectReader(*body).field("reason", reason, {0, 1000, {}}).finish();
  if (!st) return Response::from_error(st.error());
  if (auto t = visible_ticket(d, r, id); !t) return Response::from_error(t.error());
  if (auto tr = d.tickets->transition(id, who(r).subject, "escalated"); !tr) {
    return Response::from_error(tr.error());
  }
  return ok_ticket(d, r, id);
}

Response claim(const SupportDeps& d, Request& r) {
  const std::string id = r.param("id");
  auto body = optional_body(r);
  if (!body) return Response::from_error(body.error());
  if (auto st = json::ObjectReader(*body).finish(); !st) return Response::from_error(st.error());
  if (auto c = d.desk->claim(who(r).subject, id); !c) return Response::from_error(c.error());
  return ok_ticket(d, r, id);
}

Response reply(const SupportDeps& d, Request& r) {
  const std::string id = r.param("id");
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  std::string text;
  bool internal = false;
  auto st = json::ObjectReader(*body)
                .field("body", text, true, {1, 8000, {}})
                .field("internal", internal, false)
                .finish();
  if (!st) return Response::from_error(st.error());
  Status done;
  if (is_customer(r)) {
    if (internal)
      return Response::from_error(Error::invalid("customers cannot add notes", "internal"));
    done = d.desk->reply_as_customer(who(r).subject, id, text);
  } else {
    done = internal ? d.desk->add_note(who(r).subject, id, text)
                    : d.desk->reply_as_agent(who(r).subject, id, text);
  }
  if (!done) return Response::from_error(done.error());
  return ok_ticket(d, r, id);
}

Response resolve(const SupportDeps& d, Request& r) {
  const std::string id = r.param("id");
  auto body = optional_body(r);
  if (!body) return Response::from_error(body.error());
  if (auto st = json::ObjectReader(*body).finish(); !st) return Response::from_error(st.error());
  if (auto c = d.desk->resolve(who(r).subject, id); !c) return Response::from_error(c.error());
  return ok_ticket(d, r, id);
}

// Parses a positive integer query parameter; errors name the parameter.
Result<size_t> size_param(const Request& r, const std::string& name, size_t fallback, size_t max) {
  auto it = r.query.find(name);
  if (it == r.query.end()) return fallback;
  const std::string& v = it->second;
  if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos) {
    return Error::invalid(name + " must be an integer between 1 and " + std::to_string(max), name);
  }
  size_t n = std::stoul(v);
  if (n < 1 || n > max) {
    return Error::invalid(name + " must be an integer between 1 and " + std::to_string(max), name);
  }
  return n;
}

Response faq_search(const SupportDeps& d, Request& r) {
  auto q = r.query.find("q");
  if (q == r.query.end() || q->second.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Response::from_error(Error::invalid("q is required", "q"));
  }
  if (q->second.size() > 1000) {
    return Response::from_error(Error::invalid("q must be at most 1000 characters", "q"));
  }
  auto k = size_param(r, "k", 5, 20);
  if (!k) return Response::from_error(k.error());
  if (!d.faq_search) return Response::problem(503, "Service Unavailable", "no help-centre index");
  auto found = d.faq_search(q->second, *k);
  if (!found) {
    if (found.error().kind == ErrorKind::unavailable) return loading("the help-centre index");
    return Response::from_error(found.error());
  }
  return Response::json(200, *found);
}

Response queues(const SupportDeps& d, Request& r) {
  std::vector<std::string> names;
  if (is_admin(r)) {
    auto all = d.desk->all_queues();
    if (!all) return Response::from_error(all.error());
    names = *all;
  } else {
    auto a = d.desk->agent(who(r).subject);
    if (!a) return Response::from_error(a.error());
    if (a->has_value()) names = (*a)->queues;
  }
  auto sums = d.desk->queue_summaries(names, d.clock->now_ms());
  if (!sums) return Response::from_error(sums.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : *sums) {
    items.push_back(
        {{"queue", s.queue}, {"open", s.open}, {"at_risk", s.at_risk}, {"breached", s.breached}});
  }
  return Response::json(200, {{"items", items}});
}

}  // namespace

void register_support_routes(http::Router& router, SupportDeps deps) {
  auto d = std::make_shared<const SupportDeps>(std::move(deps));
  auto bind = [d](Response (*fn)(const SupportDeps&, Request&)) {
    return [d, fn](Request& r) { return fn(*d, r); };
  };
  const auto staff = Policy::roles_any({"agent", "admin"});
  const auto people = Policy::roles_any({"customer", "agent", "admin"});
  const auto owner_or_agent = Policy::roles_any({"customer", "agent"});
  const auto agent = Policy::roles_any({"agent"});
  router.add("POST", "/v1/support/classify", staff.with_scopes({"support:write"}), bind(classify));
  router.add("GET", "/v1/support/tickets", people, bind(list_tickets));
  router.add("POST", "/v1/support/tickets", Policy::roles_any({"customer"}),
             idempotent(bind(create_ticket)));
  router.add("GET", "/v1/support/tickets/{id}", people, bind(get_ticket));
  router.add("POST", "/v1/support/tickets/{id}/escalate", owner_or_agent, bind(escalate));
  router.add("POST", "/v1/support/tickets/{id}/claim", agent, bind(claim));
  router.add("POST", "/v1/support/tickets/{id}/reply", owner_or_agent, idempotent(bind(reply)));
  router.add("POST", "/v1/support/tickets/{id}/resolve", agent, bind(resolve));
  router.add("GET", "/v1/support/queues", staff, bind(queues));
  router.add("GET", "/v1/support/faq/search", people, bind(faq_search));
}

}  // namespace finchat::api
