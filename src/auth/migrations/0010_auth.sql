-- Auth: lookups used on hot paths (refresh families per user, revocation sweeps, key listing).
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX revoked_access_tokens_expires ON revoked_access_tokens (expires_at);
CREATE INDEX signing_keys_status ON signing_keys (status);
CREATE INDEX audit_log_event ON audit_log (event, at);
