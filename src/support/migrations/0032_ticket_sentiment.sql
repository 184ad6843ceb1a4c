-- Customer sentiment at the time the ticket was opened (from triage).
ALTER TABLE tickets ADD COLUMN sentiment TEXT NOT NULL DEFAULT 'neutral';
