#include "support/desk.hpp"

#include "core/ids.hpp"

namespace finchat::support {

namespace {

const char* kOpenStatuses = "('new', 'open', 'pending_customer', 'escalated')";

std::string body_ctx(const std::string& event_id) { return "ticket_events.body:" + event_id; }

Status record_event(store::Session& s, const std::string& ticket_id, const std::string& actor,
                    const std::string& kind, int64_t now) {
  auto e = s.exec(
      "INSERT INTO ticket_events (id, ticket_id, actor, kind, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {new_uuid_v7(), ticket_id, actor, kind, now});
  if (!e) return e.error();
  return {};
}

}  // namespace

SupportDesk::SupportDesk(std::shared_ptr<store::Database> db,
                         std::shared_ptr<store::FieldCipher> cipher, const Clock& clock,
                         int64_t at_risk_minutes)
    : db_(db),
      cipher_(cipher),
      clock_(clock),
      at_risk_ms_(at_risk_minutes * 60'000),
      tickets_(std::move(db), std::move(cipher), clock) {}

Status SupportDesk::upsert_agent(const Agent& a) {
  if (a.user_id.empty()) return Error::invalid("agent user id is empty", "user_id");
  if (a.max_load < 1) return Error::invalid("max_load must be at least 1", "max_load");
  return db_->transaction([&](store::Session& s) -> Status {
    auto d = s.exec("DELETE FROM support_agents WHERE user_id = $1", {a.user_id});
    if (!d) return d.error();
    auto q = s.exec("DELETE FROM support_agent_queues WHERE user_id = $1", {a.user_id});
    if (!q) return q.error();
    auto i = s.exec(
        "INSERT INTO support_agents (user_id, display_name, max_load, active, created_at) "
        "VALUES ($1, $2, $3, 1, $4)",
        {a.user_id, a.display_name, a.max_load, clock_.now_ms()});
    if (!i) return i.error();
    for (const auto& queue : a.queues) {
      auto r = s.exec("INSERT INTO support_agent_queues (user_id, queue) VALUES ($1, $2)",
                      {a.user_id, queue});
      if (!r) return r.error();
    }
    return {};
  });
}

Result<std::optional<Agent>> SupportDesk::agent(const std::string& user_id) {
  auto row = db_->query_one(
      "SELECT user_id, display_name, max_load FROM support_agents WHERE user_id = $1 AND "
      "active = 1",
      {user_id});
  if (!row) return row.error();
  if (!row.value()) return std::optional<Agent>{};
  Agent a{row.value()->str(0), row.value()->str(1), {}, row.value()->i64(2)};
  auto qs = db_->query("SELECT queue FROM support_agent_queues WHERE user_id = $1 ORDER BY queue",
                       {user_id});
  if (!qs) return qs.error();
  for (const auto& r : *qs) a.queues.push_back(r.str(0));
  return std::optional<Agent>(std::move(a));
}

Result<std::vector<std::string>> SupportDesk::all_queues() {
  auto rows = db_->query(
      "SELECT queue FROM support_agent_queues UNION SELECT queue FROM tickets ORDER BY 1", {});
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.str(0));
  return out;
}

Result<std::optional<std::string>> SupportDesk::auto_assign(const std::string& ticket_id) {
  std::optional<std::string> chosen;
  auto st = db_->transaction([&](store::Session& s) -> Status {
    auto t = s.query_one("SELECT queue FROM tickets WHERE id = $1", {ticket_id});
    if (!t) return t.error();
    if (!t.value()) return Error::not_found("ticket not found");
    // Load = open tickets assigned to the agent; ties go to the agent id (deterministic).
    auto pick = s.query_one(
        std::string("SELECT a.user_id, (SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = "
                    "a.user_id AND t.status IN ") +
            kOpenStatuses +
            ") AS load, a.max_load FROM support_agents a JOIN support_agent_queues q ON "
            "q.user_id = a.user_id WHERE q.queue = $1 AND a.active = 1 "
            "ORDER BY load ASC, a.user_id ASC",
        {t.value()->str(0)});
    if (!pick) return pick.error();
    if (!pick.value() || pick.value()->i64(1) >= pick.value()->i64(2)) return {};
    chosen = pick.value()->str(0);
    auto u = s.exec("UPDATE tickets SET assignee_id = $1, updated_at = $2 WHERE id = $3",
                    {*chosen, clock_.now_ms(), ticket_id});
    if (!u) return u.error();
    auto a = s.exec(
        "INSERT INTO ticket_assignments (id, ticket_id, agent_id, how, created_at) "
        "VALUES ($1, $2, $3, 'auto', $4)",
        {new_uuid_v7(), ticket_id, *chosen, clock_.now_ms()});
    if (!a) return a.error();
    return record_event(s, ticket_id, *chosen, "assigned", clock_.now_ms());
  });
  if (!st) return st.error();
  return chosen;
}

Result<std::vector<Ticket>> SupportDesk::list_where(const std::string& where,
                                                    const store::Params& params) {
  auto rows = db_->query(std::string("SELECT ") + TicketStore::columns() + " FROM tickets WHERE " +
                             where + " ORDER BY sla_due_at LIMIT 500",
                         params);
  if (!rows) return rows.error();
  std::vector<Ticket> out;
  for (const auto& r : *rows) {
    auto t = tickets_.from_row(r);
    if (!t) return t.error();
    out.push_back(std::move(t.value()));
  }
  return out;
}

Status SupportDesk::in_agent_queue(const std::string& agent_id, const std::string& ticket_id) {
  auto row = db_->query_one(
      "SELECT 1 FROM tickets t JOIN support_agent_queues q ON q.queue = t.queue "
      "JOIN support_agents a ON a.user_id = q.user_id AND a.active = 1 "
      "WHERE t.id = $1 AND q.user_id = $2",
      {ticket_id, agent_id});
  if (!row) return row.error();
  if (!row.value()) return Error::not_found("ticket not found");
  return {};
}

Result<Ticket> SupportDesk::get_for_agent(const std::string& agent_id,
                                          const std::string& ticket_id) {
  if (auto st = in_agent_queue(agent_id, ticket_id); !st) return st.error();
  return get_any(ticket_id);
}

Result<Ticket> SupportDesk::get_any(const std::string& ticket_id) {
  auto list = list_where("id = $1", {ticket_id});
  if (!list) return list.error();
  if (list->empty()) return Error::not_found("ticket not found");
  return list->front();
}

Result<std::vector<Ticket>> SupportDesk::list_for_agent(const std::string& agent_id) {
  return list_where(std::string("status IN ") + kOpenStatuses +
                        " AND queue IN (SELECT queue FROM support_agent_queues WHERE user_id = $1)",
                    {agent_id});
}

Result<std::vector<Ticket>> SupportDesk::list_queue(const std::string& queue) {
  return list_where(std::string("status IN ") + kOpenStatuses + " AND queue = $1", {queue});
}

Status SupportDesk::claim(const std::string& agent_id, const std::string& ticket_id) {
  if (auto st = in_agent_queue(agent_id, ticket_id); !st) return st;
  return db_->transaction([&](store::Session& s) -> Status {
    auto row = s.query_one("SELECT status, assignee_id FROM tickets WHERE id = $1", {ticket_id});
    if (!row) return row.error();
    if (!row.value()) return Error::not_found("ticket not found");
    const std::string status = row.value()->str(0), assignee = row.value()->str(1);
    if (status != "new" && status != "escalated") {
      return Error::conflict("only a new or escalated ticket can be claimed (it is " + status +
                             ")");
    }
    if (!assignee.empty() && assignee != agent_id) {
      // Auto-assigned tickets can be taken over only by their assignee... or when unassigned.
      auto load = s.query_one(
          std::string("SELECT COUNT(*) FROM ticket_events WHERE ticket_id = $1 AND kind = "
                      "'claimed'"),
          {ticket_id});
      if (!load) return load.error();
      if (load.value() && load.value()->i64(0) > 0) {
        return Error::conflict("ticket already claimed by another agent");
      }
    }
    auto u = s.exec("UPDATE tickets SET assignee_id = $1 WHERE id = $2", {agent_id, ticket_id});
    if (!u) return u.error();
    auto a = s.exec(
        "INSERT INTO ticket_assignments (id, ticket_id, agent_id, how, created_at) "
        "VALUES ($1, $2, $3, 'claim', $4)",
        {new_uuid_v7(), ticket_id, agent_id, clock_.now_ms()});
    if (!a) return a.error();
    if (auto e = record_event(s, ticket_id, agent_id, "claimed", clock_.now_ms()); !e) return e;
    return tickets_.transition_in(s, ticket_id, agent_id, "open");
  });
}

Status SupportDesk::add_message(const std::string& actor, const std::string& ticket_id,
                                const std::string& body, bool internal, bool first_response) {
  if (body.empty()) return Error::invalid("message body is empty", "body");
  return db_->transaction([&](store::Session& s) -> Status {
    auto row = s.query_one("SELECT status FROM tickets WHERE id = $1", {ticket_id});
    if (!row) return row.error();
    if (!row.value()) return Error::not_found("ticket not found");
    const std::string status = row.value()->str(0);
    if (status == "resolved" || status == "closed") {
      return Error::conflict("ticket is " + status);
    }
    const std::string id = new_uuid_v7();
    const int64_t now = clock_.now_ms();
    auto e = s.exec(
        "INSERT INTO ticket_events (id, ticket_id, actor, kind, body_enc, internal, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {id, ticket_id, actor, std::string(internal ? "note" : "reply"),
         cipher_->seal(body, body_ctx(id)), int64_t{internal ? 1 : 0}, now});
    if (!e) return e.error();
    if (first_response) {
      auto u = s.exec(
          "UPDATE tickets SET first_response_at = $1 WHERE id = $2 AND first_response_at IS NULL",
          {now, ticket_id});
      if (!u) return u.error();
    }
    return {};
  });
}

Status SupportDesk::reply_as_agent(const std::string& agent_id, const std::string& ticket_id,
                                   const std::string& body) {
  if (auto st = in_agent_queue(agent_id, ticket_id); !st) return st;
  return add_message(agent_id, ticket_id, body, false, true);
}

Status SupportDesk::add_note(const std::string& agent_id, const std::string& ticket_id,
                             const std::string& body) {
  if (auto st = in_agent_queue(agent_id, ticket_id); !st) return st;
  return add_message(agent_id, ticket_id, body, true, false);
}

Status SupportDesk::reply_as_customer(const std::string& customer_id, const std::string& ticket_id,
                                      const std::string& body) {
  auto t = tickets_.get_for_customer(customer_id, ticket_id);
  if (!t) return t.error();
  if (auto st = add_message(customer_id, ticket_id, body, false, false); !st) return st;
  if (t->status == "pending_customer") return tickets_.transition(ticket_id, customer_id, "open");
  return {};
}

Status SupportDesk::resolve(const std::string& agent_id, const std::string& ticket_id) {
  if (auto st = in_agent_queue(agent_id, ticket_id); !st) return st;
  return db_->transaction([&](store::Session& s) -> Status {
    if (auto st = tickets_.transition_in(s, ticket_id, agent_id, "resolved"); !st) return st;
    auto u =
        s.exec("UPDATE tickets SET resolved_at = $1 WHERE id = $2", {clock_.now_ms(), ticket_id});
    if (!u) return u.error();
    return {};
  });
}

Result<std::vector<TicketEvent>> SupportDesk::events(const std::string& ticket_id,
                                                     bool include_internal) {
  auto rows = db_->query(
      "SELECT id, actor, kind, from_status, to_status, body_enc, internal, created_at "
      "FROM ticket_events WHERE ticket_id = $1 AND (internal = 0 OR $2 = 1) "
      "ORDER BY created_at, id",
      {ticket_id, int64_t{include_internal ? 1 : 0}});
  if (!rows) return rows.error();
  std::vector<TicketEvent> out;
  for (const auto& r : *rows) {
    TicketEvent e{r.str(1), r.str(2), r.str(3), r.str(4), "", r.i64(6) != 0, r.i64(7)};
    if (!r.is_null("body_enc")) {
      auto body = cipher_->open(r.str(5), body_ctx(r.str(0)));
      if (!body) return Error::internal("ticket event failed to decrypt");
      e.body = *body;
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Ticket>> SupportDesk::breached(int64_t now_ms) {
  return list_where(std::string("status IN ") + kOpenStatuses +
                        " AND first_response_at IS NULL AND sla_due_at < $1",
                    {now_ms});
}

Result<std::vector<Ticket>> SupportDesk::at_risk(int64_t now_ms) {
  return list_where(std::string("status IN ") + kOpenStatuses +
                        " AND first_response_at IS NULL AND sla_due_at >= $1 AND sla_due_at < $2",
                    {now_ms, now_ms + at_risk_ms_});
}

Result<std::vector<QueueSummary>> SupportDesk::queue_summaries(
    const std::vector<std::string>& queues, int64_t now_ms) {
  std::vector<QueueSummary> out;
  for (const auto& q : queues) {
    auto row = db_->query_one(
        std::string("SELECT COUNT(*), "
                    "SUM(CASE WHEN first_response_at IS NULL AND sla_due_at >= $2 AND "
                    "sla_due_at < $3 THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN first_response_at IS NULL AND sla_due_at < $2 THEN 1 ELSE 0 "
                    "END) FROM tickets WHERE queue = $1 AND status IN ") +
            kOpenStatuses,
        {q, now_ms, now_ms + at_risk_ms_});
    if (!row) return row.error();
    QueueSummary s{q, 0, 0, 0};
    if (row.value()) {
      s.open = row.value()->i64(0);
      s.at_risk = row.value()->i64(1);
      s.breached = row.value()->i64(2);
    }
    out.push_back(s);
  }
  return out;
}

Status SupportDesk::record_deflection(const std::string& conversation_id,
                                      const std::string& category) {
  auto r = db_->exec(
      "INSERT INTO support_deflections (id, conversation_id, category, created_at) "
      "VALUES ($1, $2, $3, $4)",
      {new_uuid_v7(), conversation_id, category, clock_.now_ms()});
  if (!r) return r.error();
  return {};
}

Result<DeskMetrics> SupportDesk::metrics(int64_t from_ms, int64_t to_ms) {
  auto t = db_->query_one(
      "SELECT COUNT(*), "
      "AVG(CASE WHEN first_response_at IS NOT NULL THEN first_response_at - created_at END), "
      "AVG(CASE WHEN resolved_at IS NOT NULL THEN resolved_at - created_at END), "
      "SUM(CASE WHEN resolved_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ticket_events e "
      "WHERE e.ticket_id = tickets.id AND e.kind = 'reply' AND e.actor <> tickets.customer_id) "
      "THEN 1 ELSE 0 END) "
      "FROM tickets WHERE created_at >= $1 AND created_at < $2",
      {from_ms, to_ms});
  if (!t) return t.error();
  auto d = db_->query_one(
      "SELECT COUNT(*) FROM support_deflections WHERE created_at >= $1 AND created_at < $2",
      {from_ms, to_ms});
  if (!d) return d.error();
  DeskMetrics m;
  const auto& tr = *t.value();
  m.tickets = tr.i64(0);
  m.deflections = d.value()->i64(0);
  if (!tr.is_null(1)) m.avg_first_response_s = tr.f64(1) / 1000.0;
  if (!tr.is_null(2)) m.avg_resolution_s = tr.f64(2) / 1000.0;
  const double total = static_cast<double>(m.tickets + m.deflections);
  if (total > 0) {
    m.deflection_rate = static_cast<double>(m.deflections) / total;
    m.resolved_without_human = static_cast<double>(m.deflections + tr.i64(3)) / total;
  }
  return m;
}

}  // namespace finchat::support
