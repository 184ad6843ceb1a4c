-- Uploaded documents, owner-scoped. Title, text and the analysis are encrypted at rest.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  title_enc TEXT NOT NULL,
  format TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  status TEXT NOT NULL,
  sections_done BIGINT NOT NULL,
  sections_total BIGINT NOT NULL,
  text_enc TEXT NOT NULL,
  analysis_enc TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX documents_owner ON documents (owner_id, created_at);
