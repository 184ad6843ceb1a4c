#include "support/tickets.hpp"

#include <array>

#include "core/crypto.hpp"
#include "core/ids.hpp"

namespace finchat::support {

namespace {
const char* kColumns =
    "id, number, customer_id, conversation_id, category, priority, status, queue, reason, "
    "summary_enc, transcript_enc, sla_due_at, created_at, sentiment";

std::string ctx(const char* col, const std::string& id) { return std::string(col) + ":" + id; }

std::string new_number() {
  auto b = crypto::random_bytes(4);
  uint32_t v = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
  return "SUP-" + std::to_string(100000 + v % 900000);
}
}  // namespace

int64_t sla_minutes(const std::string& priority) {
  if (priority == "urgent") return 15;
  if (priority == "high") return 60;
  if (priority == "low") return 24 * 60;
  return 4 * 60;
}

std::string queue_for(const std::string& category) {
  if (category == "fraud_dispute" || category == "card_lost_stolen") return "fraud";
  if (category == "trading_order") return "brokerage";
  if (category == "card_declined" || category == "transfer_payment" || category == "fees" ||
      category == "statements") {
    return "payments_cards";
  }
  if (category == "account_access" || category == "app_bug") return "digital";
  if (category == "complaint") return "complaints";
  return "general";
}

bool transition_allowed(const std::string& from, const std::string& to) {
  static const std::array<std::pair<const char*, const char*>, 12> allowed = {{
      {"new", "open"},
      {"new", "escalated"},
      {"open", "pending_customer"},
      {"open", "escalated"},
      {"open", "resolved"},
      {"pending_customer", "open"},
      {"pending_customer", "resolved"},
      {"escalated", "open"},
      {"escalated", "resolved"},
      {"resolved", "closed"},
      {"resolved", "open"},
      {"pending_customer", "escalated"},
  }};
  for (const auto& [f, t] : allowed) {
    if (from == f && to == t) return true;
  }
  return false;
}

TicketStore::TicketStore(std::shared_ptr<store::Database> db,
                         std::shared_ptr<store::FieldCipher> cipher, const Clock& clock)
    : db_(std::move(db)), cipher_(std::move(cipher)), clock_(clock) {}

Result<Ticket> TicketStore::create(const NewTicket& n) {
  Ticket t;
  t.id = new_uuid_v7(clock_.now_ms());
  t.number = new_number();
  t.customer_id = n.customer_id;
  t.conversation_id = n.conversation_id;
  t.category = n.category;
  t.priority = n.priority;
  t.status = "escalated";
  t.queue = queue_for(n.category);
  t.reason = n.reason;
  t.summary = n.summary;
  t.transcript = n.transcript;
  t.sentiment = n.sentiment;
  t.created_at = clock_.now_ms();
  t.sla_due_at = t.created_at + sla_minutes(n.priority) * 60'000;
  auto st = db_->transaction([&](store::Session& s) -> Status {
    auto r = s.exec(
        "INSERT INTO tickets (id, number, customer_id, conversation_id, category, priority, "
        "status, queue, reason, summary_enc, transcript_enc, sla_due_at, created_at, updated_at, "
        "sentiment) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$13,$14)",
        {t.id, t.number, t.customer_id, t.conversation_id, t.category, t.priority, t.status,
         t.queue, t.reason, cipher_->seal(t.summary, ctx("tickets.summary", t.id)),
         cipher_->seal(t.transcript, ctx("tickets.transcript", t.id)), t.sla_due_at, t.created_at,
         t.sentiment});
    if (!r) return r.error();
    auto e = s.exec(
        "INSERT INTO ticket_events (id, ticket_id, actor, kind, from_status, to_status, "
        "created_at) VALUES ($1, $2, $3, 'created', NULL, $4, $5)",
        {new_uuid_v7(), t.id, t.customer_id, t.status, t.created_at});
    if (!e) return e.error();
    return {};
  });
  if (!st) return st.error();
  return t;
}

Result<Ticket> TicketStore::from_row(const store::Row& r) const {
  Ticket t;
  t.id = r.str("id");
  t.number = r.str("number");
  t.customer_id = r.str("customer_id");
  t.conversation_id = r.str("conversation_id");
  t.category = r.str("category");
  t.priority = r.str("priority");
  t.status = r.str("status");
  t.queue = r.str("queue");
  t.reason = r.str("reason");
  auto summary = cipher_->open(r.str("summary_enc"), ctx("tickets.summary", t.id));
  auto transcript = cipher_->open(r.str("transcript_enc"), ctx("tickets.transcript", t.id));
  if (!summary || !transcript) return Error::internal("ticket " + t.id + " failed to decrypt");
  t.summary = *summary;
  t.transcript = *transcript;
  t.sla_due_at = r.i64("sla_due_at");
  t.created_at = r.i64("created_at");
  t.sentiment = r.str("sentiment");
  return t;
}

Result<Ticket> TicketStore::get_for_customer(const std::string& customer_id,
                                             const std::string& id) {
  auto row = db_->query_one(
      std::string("SELECT ") + kColumns + " FROM tickets WHERE id = $1 AND customer_id = $2",
      {id, customer_id});
  if (!row) return row.error();
  if (!row.value()) return Error::not_found("ticket not found");
  return from_row(*row.value());
}

Result<std::vector<Ticket>> TicketStore::list_for_customer(const std::string& customer_id) {
  auto rows =
      db_->query(std::string("SELECT ") + kColumns +
                     " FROM tickets WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 200",
                 {customer_id});
  if (!rows) return rows.error();
  std::vector<Ticket> out;
  for (const auto& r : *rows) {
    auto t = from_row(r);
    if (!t) return t.error();
    out.push_back(std::move(t.value()));
  }
  return out;
}

Result<std::optional<Ticket>> TicketStore::open_for_conversation(
    const std::string& conversation_id) {
  auto row = db_->query_one(std::string("SELECT ") + kColumns +
                                " FROM tickets WHERE conversation_id = $1 AND status NOT IN "
                                "('resolved', 'closed') ORDER BY created_at DESC LIMIT 1",
                            {conversation_id});
  if (!row) return row.error();
  if (!row.value()) return std::optional<Ticket>{};
  auto t = from_row(*row.value());
  if (!t) return t.error();
  return std::optional<Ticket>(std::move(t.value()));
}

Status TicketStore::transition(const std::string& id, const std::string& actor,
                               const std::string& to) {
  return db_->transaction(
      [&](store::Session& s) -> Status { return transition_in(s, id, actor, to); });
}

Status TicketStore::transition_in(store::Session& s, const std::string& id,
                                  const std::string& actor, const std::string& to) const {
  auto row = s.query_one("SELECT status FROM tickets WHERE id = $1", {id});
  if (!row) return row.error();
  if (!row.value()) return Error::not_found("ticket not found");
  std::string from = row.value()->str(0);
  if (!transition_allowed(from, to)) {
    return Error{ErrorKind::conflict, "cannot move a ticket from " + from + " to " + to, "status"};
  }
  auto u = s.exec("UPDATE tickets SET status = $1, updated_at = $2 WHERE id = $3",
                  {to, clock_.now_ms(), id});
  if (!u) return u.error();
  auto e = s.exec(
      "INSERT INTO ticket_events (id, ticket_id, actor, kind, from_status, to_status, "
      "created_at) VALUES ($1, $2, $3, 'transition', $4, $5, $6)",
      {new_uuid_v7(), id, actor, from, to, clock_.now_ms()});
  if (!e) return e.error();
  return {};
}

const char* TicketStore::columns() { return kColumns; }

nlohmann::json to_json(const Ticket& t) {
  return {{"id", t.id},
          {"number", t.number},
          {"category", t.category},
          {"priority", t.priority},
          {"sentiment", t.sentiment},
          {"status", t.status},
          {"queue", t.queue},
          {"reason", t.reason},
          {"summary", t.summary},
          {"sla_due", format_iso8601(t.sla_due_at)},
          {"created_at", format_iso8601(t.created_at)}};
}

}  // namespace finchat::support
