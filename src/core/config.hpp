#pragma once
// Typed configuration. Precedence: defaults < finchat.yaml < FINCHAT_* environment < CLI flags.
// Every key is declared once in the field table (config.cpp), which gives it its YAML path,
// environment twin (http.port -> FINCHAT_HTTP_PORT), CLI flag (--http.port / --http-port),
// validation and whether it is a secret.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace finchat {

struct HttpConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  int io_threads = 2;
  int worker_threads = 4;
  int64_t max_header_bytes = 16 * 1024;
  int64_t max_body_bytes = 1024 * 1024;
  int idle_timeout_ms = 30'000;    // keep-alive idle and slow-client cut-off
  int request_timeout_ms = 60'000;
  int drain_timeout_ms = 10'000;   // graceful shutdown budget
  std::string static_dir = "web/dist";
  std::vector<std::string> cors_origins;  // deny by default
  int tls_port = 0;                       // 0 disables the TLS listener
  std::string tls_cert;
  std::string tls_key;
};

struct LogConfig {
  std::string level = "info";
  std::string format = "text";  // text | json
};

struct DbConfig {
  std::string url = "sqlite:var/finchat.db";  // or postgresql://user@host:port/db
  int pool_size = 8;
};

struct RedisConfig {
  std::string url;  // empty: no Redis, local-only limits and fan-out
};

struct SecurityConfig {
  std::string data_key_file = "var/keys/data.keys";  // AEAD keys for columns at rest
  std::string data_key;                              // base64; overrides the file (secret)
  std::string signing_key_dir = "var/keys";
  std::string issuer = "http://127.0.0.1:8080";
  std::string audience = "finchat-api";
  int access_token_ttl_s = 900;
  int refresh_token_ttl_s = 30 * 24 * 3600;
  std::string rate_limit_backend = "local";  // local | redis
  double rate_limit_rps = 20;                // per subject/IP, default route class
  double rate_limit_burst = 40;
  double login_rate_limit_per_min = 10;
};

struct SupportConfig {
  std::string kb_dir = "data/kb";
  std::string faq_file = "data/faq/faq.jsonl";
  int encoder_epochs = 30;  // fewer trains the dense encoder faster, with lower recall
  int rerank_folds = 4;
  // Labelled tickets the triage model is trained from at start-up (empty: no triage model).
  std::string tickets_file = "data/tickets/tickets.csv";
  // Escalation rules (YAML, see src/support/escalation.hpp); empty: built-in defaults.
  std::string escalation_file = "data/kb/escalation.yaml";
  // Cache fitted retrieval/triage models under <data_dir>/cache, keyed by a content hash.
  bool cache_models = true;
};

struct ModelConfig {
  std::string path = "models/finchat-mini-q8_0.gguf";  // empty: answers are rendered without a model
  int threads = 1;
  int max_tokens = 160;
};

struct MarketConfig {
  std::string feed = "simulator";  // simulator | replay | redis | alpaca | polygon | finnhub | none
  int64_t seed = 42;
  int tick_interval_ms = 1000;
  std::string replay_file;       // feed=replay: daily OHLCV CSVs, comma-separated
  double replay_speed = 86'400'000;  // market ms per wall ms (default: a trading day a second)
  std::string redis_stream = "finchat:market:ticks";  // Redis Stream of ticks (feed=redis)
  int64_t redis_maxlen = 100'000;  // publisher trims the stream to about this many entries
  std::string vendor_url;          // WebSocket URL (empty: the vendor's public endpoint)
  std::string vendor_key_env = "FINCHAT_MARKET_KEY";        // env var holding the API key
  std::string vendor_secret_env = "FINCHAT_MARKET_SECRET";  // env var holding the secret (Alpaca)
  std::string symbols;  // comma-separated symbols to subscribe to (vendor feeds)
};

struct KgConfig {
  // Finance universe for the demo knowledge graph (tickers shared with the market simulator).
  std::string companies_file = "data/companies/demo_companies.json";
  bool seed_demo = true;  // build and persist the demo graph when the store holds none
};

struct PortfolioConfig {
  int64_t lookback_days = 504;  // daily closes used to estimate returns and covariance
  double risk_free_rate = 0.02;
  bool bond_sleeve = true;  // model a disclosed fixed-income sleeve when no bond fund trades
};

struct ChatConfig {
  // Labelled examples (text,label) the chat intent classifier is trained from at start-up;
  // empty: routing by rules alone.
  std::string intents_file = "data/intents/chat_intents.csv";
  double intent_min_confidence = 0.5;  // below this the classifier's guess is not used
  // Who picks the skill for a turn the rules leave open: "router" (rules, then the trained
  // classifier) or "model" (the configured language model, by schema-constrained JSON,
  // with the router as fallback). Use "model" only with a model trained for tool calls.
  std::string tool_choice = "router";
};

struct DemoConfig {
  bool seed_users = true;  // create the admin and demo customer on first start
};

struct Config {
  std::string data_dir = "var";
  HttpConfig http;
  LogConfig log;
  DbConfig db;
  RedisConfig redis;
  SecurityConfig security;
  SupportConfig support;
  ModelConfig model;
  MarketConfig market;
  KgConfig kg;
  PortfolioConfig portfolio;
  ChatConfig chat;
  DemoConfig demo;

  // Loads YAML (if `yaml_path` is non-empty), then the environment, then `cli_flags`
  // ("--key value" or "--key=value"). Errors name the file/line or key.
  static Result<Config> load(const std::string& yaml_path, const std::vector<std::string>& cli_flags);
  static Result<Config> from_yaml_text(const std::string& text, const std::string& source_name);

  Status set(const std::string& key, const std::string& value);
  Status validate() const;
  // Moves the default database and key paths under a non-default data_dir (see load()).
  void place_defaults_under_data_dir();
  // "key = value" lines, secrets masked.
  std::string describe() const;
  static std::vector<std::string> keys();
  static std::string env_name(const std::string& key);
};

}  // namespace finchat
