#include "core/config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/log.hpp"

namespace finchat {

namespace {

struct Field {
  std::string key;
  bool secret;
  std::function<Status(Config&, const std::string&)> set;
  std::function<std::string(const Config&)> get;
};

Status parse_int(const std::string& raw, int64_t lo, int64_t hi, int64_t& out) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || p != raw.data() + raw.size() || v < lo || v > hi) {
    return Error::invalid(
        fmt::format("must be an integer between {} and {}, got '{}'", lo, hi, raw));
  }
  out = v;
  return {};
}

Status parse_double(const std::string& raw, double lo, double hi, double& out) {
  char* end = nullptr;
  double v = std::strtod(raw.c_str(), &end);
  if (raw.empty() || end != raw.c_str() + raw.size() || !(v >= lo && v <= hi)) {
    return Error::invalid(fmt::format("must be a number between {} and {}, got '{}'", lo, hi, raw));
  }
  out = v;
  return {};
}

Status parse_bool(const std::string& raw, bool& out) {
  if (raw == "true" || raw == "1" || raw == "yes" || raw == "on")
    out = true;
  else if (raw == "false" || raw == "0" || raw == "no" || raw == "off")
    out = false;
  else
    return Error::invalid(fmt::format("must be true or false, got '{}'", raw));
  return {};
}

std::vector<std::string> split_list(const std::string& raw) {
  std::vector<std::string> out;
  std::stringstream ss(raw);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto b = item.find_first_not_of(' ');
    auto e = item.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

// Field builders keep the table below one line per key.
template <class S, class M>
Field make_int(std::string key, S Config::*section, M S::*member, int64_t lo, int64_t hi) {
  return {key, false,
          [=](Config& c, const std::string& raw) -> Status {
            int64_t v = 0;
            if (auto st = parse_int(raw, lo, hi, v); !st) return st;
            (c.*section).*member = static_cast<M>(v);
            return {};
          },
          [=](const Config& c) { return std::to_string((c.*section).*member); }};
}

template <class S>
Field make_double(std::string key, S Config::*section, double S::*member, double lo, double hi) {
  return {key, false,
          [=](Config& c, const std::string& raw) {
            return parse_double(raw, lo, hi, (c.*section).*member);
          },
          [=](const Config& c) { return fmt::format("{}", (c.*section).*member); }};
}

template <class S>
Field make_string(std::string key, S Config::*section, std::string S::*member,
                  const std::vector<std::string>& one_of = {}, bool secret = false) {
  return {key, secret,
          [=](Config& c, const std::string& raw) -> Status {
            if (!one_of.empty() && std::find(one_of.begin(), one_of.end(), raw) == one_of.end()) {
              return Error::invalid(
                  fmt::format("must be one of {}, got '{}'", fmt::join(one_of, "|"), raw));
            }
            (c.*section).*member = raw;
            return {};
          },
          [=](const Config& c) { return (c.*section).*member; }};
}

template <class S>
Field make_bool(std::string key, S Config::*section, bool S::*member) {
  return {key, false,
          [=](Config& c, const std::string& raw) { return parse_bool(raw, (c.*section).*member); },
          [=](const Config& c) { return std::string((c.*section).*member ? "true" : "false"); }};
}

template <class S>
Field make_list(std::string key, S Config::*section, std::vector<std::string> S::*member) {
  return {key, false,
          [=](Config& c, const std::string& raw) -> Status {
            (c.*section).*member = split_list(raw);
            return {};
          },
          [=](const Config& c) { return fmt::format("{}", fmt::join((c.*section).*member, ",")); }};
}

const std::vector<Field>& fields() {
  using C = Config;
  static const std::vector<Field> table = {
      {"data_dir", false,
       [](Config& c, const std::string& raw) -> Status {
         if (raw.empty()) return Error::invalid("must not be empty");
         c.data_dir = raw;
         return {};
       },
       [](const Config& c) { return c.data_dir; }},
      make_string("http.host", &C::http, &HttpConfig::host),
      make_int("http.port", &C::http, &HttpConfig::port, 0, 65535),
      make_int("http.io_threads", &C::http, &HttpConfig::io_threads, 1, 256),
      make_int("http.worker_threads", &C::http, &HttpConfig::worker_threads, 1, 1024),
      make_int("http.max_header_bytes", &C::http, &HttpConfig::max_header_bytes, 1024, 1 << 20),
      make_int("http.max_body_bytes", &C::http, &HttpConfig::max_body_bytes, 1024, 1LL << 30),
      make_int("http.idle_timeout_ms", &C::http, &HttpConfig::idle_timeout_ms, 100, 3'600'000),
      make_int("http.request_timeout_ms", &C::http, &HttpConfig::request_timeout_ms, 100,
               3'600'000),
      make_int("http.drain_timeout_ms", &C::http, &HttpConfig::drain_timeout_ms, 0, 600'000),
      make_string("http.static_dir", &C::http, &HttpConfig::static_dir),
      make_list("http.cors_origins", &C::http, &HttpConfig::cors_origins),
      make_int("http.tls_port", &C::http, &HttpConfig::tls_port, 0, 65535),
      make_string("http.tls_cert", &C::http, &HttpConfig::tls_cert),
      make_string("http.tls_key", &C::http, &HttpConfig::tls_key),
      make_string("log.level", &C::log, &LogConfig::level,
                  {"trace", "debug", "info", "warn", "error", "off"}),
      make_string("log.format", &C::log, &LogConfig::format, {"text", "json"}),
      make_string("db.url", &C::db, &DbConfig::url, {}, true),
      make_int("db.pool_size", &C::db, &DbConfig::pool_size, 1, 256),
      make_string("redis.url", &C::redis, &RedisConfig::url, {}, true),
      make_string("security.data_key_file", &C::security, &SecurityConfig::data_key_file),
      make_string("security.data_key", &C::security, &SecurityConfig::data_key, {}, true),
      make_string("security.signing_key_dir", &C::security, &SecurityConfig::signing_key_dir),
      make_string("security.issuer", &C::security, &SecurityConfig::issuer),
      make_string("security.audience", &C::security, &SecurityConfig::audience),
      make_int("security.access_token_ttl_s", &C::security, &SecurityConfig::access_token_ttl_s, 30,
               86'400),
      make_int("security.refresh_token_ttl_s", &C::security, &SecurityConfig::refresh_token_ttl_s,
               60, 365 * 86'400),
      make_string("security.rate_limit_backend", &C::security, &SecurityConfig::rate_limit_backend,
                  {"local", "redis"}),
      make_double("security.rate_limit_rps", &C::security, &SecurityConfig::rate_limit_rps, 0.01,
                  1e6),
      make_double("security.rate_limit_burst", &C::security, &SecurityConfig::rate_limit_burst, 1,
                  1e6),
      make_double("security.login_rate_limit_per_min", &C::security,
                  &SecurityConfig::login_rate_limit_per_min, 1, 1e6),
      make_string("support.kb_dir", &C::support, &SupportConfig::kb_dir),
      make_string("support.faq_file", &C::support, &SupportConfig::faq_file),
      make_int("support.encoder_epochs", &C::support, &SupportConfig::encoder_epochs, 1, 1000),
      make_int("support.rerank_folds", &C::support, &SupportConfig::rerank_folds, 2, 20),
      make_string("support.tickets_file", &C::support, &SupportConfig::tickets_file),
      make_string("support.escalation_file", &C::support, &SupportConfig::escalation_file),
      make_bool("support.cache_models", &C::support, &SupportConfig::cache_models),
      make_string("model.path", &C::model, &ModelConfig::path),
      make_int("model.threads", &C::model, &ModelConfig::threads, 1, 256),
      make_int("model.max_tokens", &C::model, &ModelConfig::max_tokens, 1, 4096),
      make_string("market.feed", &C::market, &MarketConfig::feed,
                  {"simulator", "replay", "redis", "alpaca", "polygon", "finnhub", "none"}),
      make_int("market.seed", &C::market, &MarketConfig::seed, 0, INT64_MAX),
      make_int("market.tick_interval_ms", &C::market, &MarketConfig::tick_interval_ms, 10, 60'000),
      make_string("market.replay_file", &C::market, &MarketConfig::replay_file),
      make_double("market.replay_speed", &C::market, &MarketConfig::replay_speed, 1, 1e12),
      make_string("market.redis_stream", &C::market, &MarketConfig::redis_stream),
      make_int("market.redis_maxlen", &C::market, &MarketConfig::redis_maxlen, 100, INT64_MAX),
      make_string("market.vendor_url", &C::market, &MarketConfig::vendor_url),
      make_string("market.vendor_key_env", &C::market, &MarketConfig::vendor_key_env),
      make_string("market.vendor_secret_env", &C::market, &MarketConfig::vendor_secret_env),
      make_string("market.symbols", &C::market, &MarketConfig::symbols),
      make_string("kg.companies_file", &C::kg, &KgConfig::companies_file),
      make_bool("kg.seed_demo", &C::kg, &KgConfig::seed_demo),
      make_int("portfolio.lookback_days", &C::portfolio, &PortfolioConfig::lookback_days, 60, 5000),
      make_double("portfolio.risk_free_rate", &C::portfolio, &PortfolioConfig::risk_free_rate,
                  -0.05, 0.25),
      make_bool("portfolio.bond_sleeve", &C::portfolio, &PortfolioConfig::bond_sleeve),
      make_string("chat.intents_file", &C::chat, &ChatConfig::intents_file),
      make_double("chat.intent_min_confidence", &C::chat, &ChatConfig::intent_min_confidence, 0, 1),
      make_string("chat.tool_choice", &C::chat, &ChatConfig::tool_choice, {"router", "model"}),
      make_bool("demo.seed_users", &C::demo, &DemoConfig::seed_users),
  };
  return table;
}

const Field* find_field(const std::string& key) {
  for (const auto& f : fields()) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

std::string scalar_text(const YAML::Node& node) {
  if (node.IsSequence()) {
    std::vector<std::string> items;
    for (const auto& item : node) items.push_back(item.as<std::string>());
    return fmt::format("{}", fmt::join(items, ","));
  }
  return node.as<std::string>();
}

Status apply_yaml(Config& config, const YAML::Node& node, const std::string& prefix,
                  const std::string& source) {
  for (const auto& kv : node) {
    std::string key = prefix + kv.first.as<std::string>();
    int line = kv.first.Mark().line + 1;
    const YAML::Node& value = kv.second;
    if (value.IsMap()) {
      if (auto st = apply_yaml(config, value, key + ".", source); !st) return st;
      continue;
    }
    const Field* f = find_field(key);
    if (!f) return Error::invalid(fmt::format("{}:{}: unknown key '{}'", source, line, key), key);
    if (value.IsNull()) continue;
    if (auto st = f->set(config, scalar_text(value)); !st) {
      return Error::invalid(fmt::format("{}:{}: {}: {}", source, line, key, st.error().message),
                            key);
    }
  }
  return {};
}

std::string flag_to_key(std::string flag) {
  flag = flag.substr(2);
  if (find_field(flag)) return flag;
  // --http-port -> http.port, --security-access-token-ttl-s -> security.access_token_ttl_s
  for (const auto& f : fields()) {
    std::string dashed = f.key;
    for (char& ch : dashed) {
      if (ch == '.' || ch == '_') ch = '-';
    }
    if (dashed == flag) return f.key;
  }
  return flag;
}

}  // namespace

std::string Config::env_name(const std::string& key) {
  std::string out = "FINCHAT_";
  for (char c : key) out += (c == '.') ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

std::vector<std::string> Config::keys() {
  std::vector<std::string> out;
  for (const auto& f : fields()) out.push_back(f.key);
  return out;
}

Status Config::set(const std::string& key, const std::string& value) {
  const Field* f = find_field(key);
  if (!f) return Error::invalid(fmt::format("unknown configuration key '{}'", key), key);
  if (auto st = f->set(*this, value); !st) {
    return Error::invalid(fmt::format("{}: {}", key, st.error().message), key);
  }
  return {};
}

Result<Config> Config::from_yaml_text(const std::string& text, const std::string& source_name) {
  Config config;
  try {
    YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return config;
    if (!root.IsMap()) return Error::invalid(source_name + ": top level must be a mapping");
    if (auto st = apply_yaml(config, root, "", source_name); !st) return st.error();
  } catch (const YAML::Exception& e) {
    return Error::invalid(fmt::format("{}:{}: {}", source_name, e.mark.line + 1, e.msg));
  }
  return config;
}

Result<Config> Config::load(const std::string& yaml_path,
                            const std::vector<std::string>& cli_flags) {
  Config config;
  if (!yaml_path.empty()) {
    std::ifstream in(yaml_path);
    if (!in) return Error::invalid(fmt::format("cannot read configuration file '{}'", yaml_path));
    std::stringstream ss;
    ss << in.rdbuf();
    auto loaded = from_yaml_text(ss.str(), yaml_path);
    if (!loaded) return loaded.error();
    config = std::move(loaded.value());
  }
  for (const auto& f : fields()) {
    if (const char* v = std::getenv(env_name(f.key).c_str())) {
      if (auto st = f.set(config, v); !st) {
        return Error::invalid(
            fmt::format("environment {}: {}", env_name(f.key), st.error().message), f.key);
      }
    }
  }
  for (size_t i = 0; i < cli_flags.size(); ++i) {
    const std::string& arg = cli_flags[i];
    if (arg.rfind("--", 0) != 0)
      return Error::invalid(fmt::format("unexpected argument '{}'", arg));
    std::string name = arg;
    std::string value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (i + 1 < cli_flags.size()) {
      value = cli_flags[++i];
    } else {
      return Error::invalid(fmt::format("flag '{}' needs a value", arg));
    }
    std::string key = flag_to_key(name);
    if (auto st = config.set(key, value); !st) {
      return Error::invalid(fmt::format("flag {}: {}", name, st.error().message), key);
    }
  }
  config.place_defaults_under_data_dir();
  if (auto st = config.validate(); !st) return st.error();
  return config;
}

// The database and key defaults live under the default data_dir ("var"). When an operator
// moves data_dir (a container volume, a read-only working directory), they follow it unless
// they were set explicitly.
void Config::place_defaults_under_data_dir() {
  const Config defaults;
  if (data_dir == defaults.data_dir || data_dir.empty()) return;
  const std::string dir =
      data_dir.back() == '/' ? data_dir.substr(0, data_dir.size() - 1) : data_dir;
  if (db.url == defaults.db.url) db.url = "sqlite:" + dir + "/finchat.db";
  if (security.data_key_file == defaults.security.data_key_file) {
    security.data_key_file = dir + "/keys/data.keys";
  }
  if (security.signing_key_dir == defaults.security.signing_key_dir) {
    security.signing_key_dir = dir + "/keys";
  }
}

Status Config::validate() const {
  if (http.tls_port != 0 && (http.tls_cert.empty() || http.tls_key.empty())) {
    return Error::invalid("http.tls_port is set but http.tls_cert or http.tls_key is missing",
                          "http.tls_port");
  }
  if (db.url.rfind("sqlite:", 0) != 0 && db.url.rfind("postgresql://", 0) != 0 &&
      db.url.rfind("postgres://", 0) != 0) {
    return Error::invalid("db.url must start with sqlite: or postgresql://", "db.url");
  }
  if (!redis.url.empty() && redis.url.rfind("redis://", 0) != 0) {
    return Error::invalid("redis.url must start with redis://", "redis.url");
  }
  if (market.feed == "replay" && market.replay_file.empty()) {
    return Error::invalid("market.feed=replay needs market.replay_file", "market.replay_file");
  }
  if (market.feed == "redis" && redis.url.empty()) {
    return Error::invalid("market.feed=redis needs redis.url", "market.feed");
  }
  if (security.rate_limit_backend == "redis" && redis.url.empty()) {
    return Error::invalid("security.rate_limit_backend=redis needs redis.url",
                          "security.rate_limit_backend");
  }
  return {};
}

std::string Config::describe() const {
  std::string out;
  for (const auto& f : fields()) {
    std::string v = f.get(*this);
    if (f.secret && !v.empty()) v = log::mask_secret(v);
    out += fmt::format("{} = {}\n", f.key, v);
  }
  return out;
}

}  // namespace finchat
