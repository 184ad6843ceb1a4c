#pragma once
// The agent side of the support desk: agents with skills (queues) and a maximum load,
// skills-based assignment to the least-loaded agent, queue-scoped reads (a ticket outside the
// agent's queues is "not found"), claim / reply / internal note / resolve, all audited in
// ticket_events with bodies encrypted, SLA breach lists and desk metrics.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"
#include "support/tickets.hpp"

namespace finchat::support {

struct Agent {
  std::string user_id;
  std::string display_name;
  std::vector<std::string> queues;
  int64_t max_load = 10;
};

struct TicketEvent {
  std::string actor;
  std::string kind;  // created | transition | assigned | claimed | reply | note
  std::string from_status;
  std::string to_status;
  std::string body;
  bool internal = false;
  int64_t created_at = 0;
};

struct QueueSummary {
  std::string queue;
  int64_t open = 0;      // not resolved or closed
  int64_t at_risk = 0;   // first response due within the risk window
  int64_t breached = 0;  // first response overdue
};

struct DeskMetrics {
  int64_t tickets = 0;
  int64_t deflections = 0;
  std::optional<double> avg_first_response_s;
  std::optional<double> avg_resolution_s;
  double deflection_rate = 0.0;         // deflections / (deflections + tickets)
  double resolved_without_human = 0.0;  // (deflections + tickets resolved with no agent
                                        // reply) / (deflections + tickets)
};

class SupportDesk {
 public:
  SupportDesk(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
              const Clock& clock = SystemClock::instance(), int64_t at_risk_minutes = 10);

  Status upsert_agent(const Agent& agent);
  Result<std::optional<Agent>> agent(const std::string& user_id);
  Result<std::vector<std::string>> all_queues();

  // Assigns the ticket to the least-loaded active agent of its queue with spare capacity.
  Result<std::optional<std::string>> auto_assign(const std::string& ticket_id);

  // Queue-scoped reads: not_found unless the ticket is in one of the agent's queues.
  Result<Ticket> get_for_agent(const std::string& agent_id, const std::string& ticket_id);
  Result<std::vector<Ticket>> list_for_agent(const std::string& agent_id);
  Result<std::vector<Ticket>> list_queue(const std::string& queue);  // admin view
  Result<Ticket> get_any(const std::string& ticket_id);              // admin view

  Status claim(const std::string& agent_id, const std::string& ticket_id);
  Status reply_as_agent(const std::string& agent_id, const std::string& ticket_id,
                        const std::string& body);
  Status add_note(const std::string& agent_id, const std::string& ticket_id,
                  const std::string& body);
  Status resolve(const std::string& agent_id, const std::string& ticket_id);
  // Customer reply on their own ticket (not_found otherwise); reopens a pending ticket.
  Status reply_as_customer(const std::string& customer_id, const std::string& ticket_id,
                           const std::string& body);
  Result<std::vector<TicketEvent>> events(const std::string& ticket_id, bool include_internal);

  Result<std::vector<Ticket>> breached(int64_t now_ms);
  Result<std::vector<Ticket>> at_risk(int64_t now_ms);
  Result<std::vector<QueueSummary>> queue_summaries(const std::vector<std::string>& queues,
                                                    int64_t now_ms);

  Status record_deflection(const std::string& conversation_id, const std::string& category);
  Result<DeskMetrics> metrics(int64_t from_ms, int64_t to_ms);

 private:
  Status in_agent_queue(const std::string& agent_id, const std::string& ticket_id);
  Status add_message(const std::string& actor, const std::string& ticket_id,
                     const std::string& body, bool internal, bool first_response);
  Result<std::vector<Ticket>> list_where(const std::string& where, const store::Params& params);

  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  const Clock& clock_;
  int64_t at_risk_ms_;
  TicketStore tickets_;
};

}  // namespace finchat::support
