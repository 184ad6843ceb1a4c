-- Market data owned by users and imported history.
-- Price alerts: `spec` is the rule JSON (market/alerts.hpp); once triggered an alert stays
-- as a record with the event that fired it.
CREATE TABLE market_alerts (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  event TEXT,
  created_at BIGINT NOT NULL,
  triggered_at BIGINT
);
CREATE INDEX market_alerts_user ON market_alerts (user_id, created_at);
CREATE INDEX market_alerts_status ON market_alerts (status);

-- Daily bars imported from history files (split/dividend adjusted), one row per session.
CREATE TABLE market_daily_bars (
  symbol TEXT NOT NULL,
  session BIGINT NOT NULL,
  open DOUBLE PRECISION NOT NULL,
  high DOUBLE PRECISION NOT NULL,
  low DOUBLE PRECISION NOT NULL,
  close DOUBLE PRECISION NOT NULL,
  volume DOUBLE PRECISION NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (symbol, session)
);
