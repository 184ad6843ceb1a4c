#pragma once
// Support tickets: creation from a conversation hand-off, SLA deadline by priority, a
// customer-scoped read path (another customer's ticket is "not found"), and the audited
// lifecycle new -> open -> pending_customer -> escalated -> resolved -> closed.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::support {

struct Ticket {
  std::string id;
  std::string number;  // human-friendly, e.g. SUP-104233
  std::string customer_id;
  std::string conversation_id;
  std::string category;
  std::string priority;  // low | normal | high | urgent
  std::string status;
  std::string queue;
  std::string reason;
  std::string summary;
  std::string transcript;
  int64_t sla_due_at = 0;
  int64_t created_at = 0;
  std::string sentiment = "neutral";  // negative | neutral | positive, from triage
};

struct NewTicket {
  std::string customer_id;
  std::string conversation_id;
  std::string category = "other";
  std::string priority = "normal";
  std::string reason;
  std::string summary;
  std::string transcript;
  std::string sentiment = "neutral";
};

// Minutes until first response is due, by priority.
int64_t sla_minutes(const std::string& priority);
std::string queue_for(const std::string& category);
bool transition_allowed(const std::string& from, const std::string& to);

class TicketStore {
 public:
  TicketStore(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
              const Clock& clock = SystemClock::instance());

  Result<Ticket> create(const NewTicket& t);
  Result<Ticket> get_for_customer(const std::string& customer_id, const std::string& id);
  Result<std::vector<Ticket>> list_for_customer(const std::string& customer_id);
  Result<std::optional<Ticket>> open_for_conversation(const std::string& conversation_id);
  Status transition(const std::string& id, const std::string& actor, const std::string& to);
  // Same, inside a caller's transaction (so the desk can combine it with other writes).
  Status transition_in(store::Session& s, const std::string& id, const std::string& actor,
                       const std::string& to) const;

  // Column list matching from_row, for callers that select tickets with their own filters.
  static const char* columns();
  Result<Ticket> from_row(const store::Row& r) const;

 private:
  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  const Clock& clock_;
};

nlohmann::json to_json(const Ticket& t);

}  // namespace finchat::support
