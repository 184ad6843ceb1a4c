-- Support tickets. The transcript and the summary are encrypted at rest.
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  conversation_id TEXT,
  category TEXT NOT NULL,
  priority TEXT NOT NULL,
  status TEXT NOT NULL,
  queue TEXT NOT NULL,
  assignee_id TEXT,
  reason TEXT NOT NULL,
  summary_enc TEXT NOT NULL,
  transcript_enc TEXT NOT NULL,
  sla_due_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tickets_customer ON tickets (customer_id, created_at);
CREATE INDEX tickets_queue ON tickets (queue, status);

CREATE TABLE ticket_events (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  body_enc TEXT,
  internal BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, created_at);
