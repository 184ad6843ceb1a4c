-- Support desk: agents and their queues, assignment history, deflections, response timers.
CREATE TABLE support_agents (
  user_id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  max_load BIGINT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);

CREATE TABLE support_agent_queues (
  user_id TEXT NOT NULL,
  queue TEXT NOT NULL,
  PRIMARY KEY (user_id, queue)
);
CREATE INDEX support_agent_queues_queue ON support_agent_queues (queue);

CREATE TABLE ticket_assignments (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  how TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX ticket_assignments_ticket ON ticket_assignments (ticket_id, created_at);

CREATE TABLE support_deflections (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  category TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX support_deflections_time ON support_deflections (created_at);

ALTER TABLE tickets ADD COLUMN first_response_at BIGINT;
ALTER TABLE tickets ADD COLUMN resolved_at BIGINT;
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
