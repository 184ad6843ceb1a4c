-- Company profiles and normalised statement lines imported from SEC companyfacts or CSV.
-- Demo companies are generated at start-up and not stored here.
CREATE TABLE company_profiles (
  ticker TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sector TEXT NOT NULL,
  fictional BIGINT NOT NULL,
  source TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE company_statement_values (
  ticker TEXT NOT NULL,
  line TEXT NOT NULL,
  period_end TEXT NOT NULL,
  period_type TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (ticker, line, period_end, period_type)
);
