-- Portfolio advice: risk profiles, recommendations (all inputs kept for audit) and customer
-- portfolios. Answers, advice and holdings are personal financial data and are encrypted.
CREATE TABLE portfolio_profiles (
  user_id TEXT PRIMARY KEY,
  level TEXT NOT NULL,
  questionnaire_version TEXT NOT NULL,
  answers_enc TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE portfolio_recommendations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  inputs_enc TEXT NOT NULL,
  output_enc TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX portfolio_recommendations_user ON portfolio_recommendations (user_id, created_at);

CREATE TABLE portfolios (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name_enc TEXT NOT NULL,
  holdings_enc TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX portfolios_user ON portfolios (user_id, updated_at);
