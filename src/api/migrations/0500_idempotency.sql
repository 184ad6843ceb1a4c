-- Idempotency-Key records (api/idempotency.hpp): one per (subject, key). `state` is
-- 'pending' while the first request runs (it holds `lease_until`), then 'done' with the
-- answer sealed in `response_enc`. Rows past `expires_at` are replayed no more and are
-- deleted by `finchat admin retention run` and on reuse of the key.
CREATE TABLE idempotency_keys (
  subject TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL,
  lease_until BIGINT NOT NULL,
  status BIGINT,
  response_enc TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (subject, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
