-- Conversations and messages. Message bodies, titles and dialogue state are encrypted.
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  title_enc TEXT NOT NULL,
  state_enc TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX conversations_user ON conversations (user_id, updated_at);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  content_enc TEXT NOT NULL,
  meta_enc TEXT NOT NULL,
  skill TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, created_at);

CREATE TABLE message_feedback (
  message_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  rating TEXT NOT NULL,
  reason_enc TEXT,
  created_at BIGINT NOT NULL
);
