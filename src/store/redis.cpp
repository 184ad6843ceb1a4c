#include "store/redis.hpp"

#include <hiredis/hiredis.h>

#include <charconv>

namespace finchat::store {

namespace {
RedisReply convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::integer;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::string;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::status;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::array;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default: break;
  }
  return out;
}

timeval to_timeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000),
                 static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}
}  // namespace

Result<RedisUrl> parse_redis_url(const std::string& url) {
  const std::string prefix = "redis://";
  if (url.rfind(prefix, 0) != 0)
    return Error::invalid("redis URL must start with redis://", "redis.url");
  RedisUrl out;
  std::string rest = url.substr(prefix.size());
  if (auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  std::string hostport = rest;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    hostport = rest.substr(0, slash);
    std::string db = rest.substr(slash + 1);
    if (!db.empty()) {
      auto [p, ec] = std::from_chars(db.data(), db.data() + db.size(), out.db);
      if (ec != std::errc() || p != db.data() + db.size()) {
        return Error::invalid("bad Redis database number", "redis.url");
      }
    }
  }
  if (auto colon = hostport.rfind(':'); colon != std::string::npos) {
    std::string port = hostport.substr(colon + 1);
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || p != port.data() + port.size()) {
      return Error::invalid("bad Redis port", "redis.url");
    }
    hostport = hostport.substr(0, colon);
  }
  if (!hostport.empty()) out.host = hostport;
  return out;
}

RedisClient::RedisClient(std::string host, int port, int db, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), db_(db), timeout_(timeout) {}

RedisClient::~RedisClient() {
  if (ctx_) redisFree(ctx_);
}

Result<std::unique_ptr<RedisClient>> RedisClient::connect(const std::string& url,
                                                          std::chrono::milliseconds timeout) {
  auto parsed = parse_redis_url(url);
  if (!parsed) return parsed.error();
  std::unique_ptr<RedisClient> client(
      new RedisClient(parsed->host, parsed->port, parsed->db, timeout));
  std::lock_guard lock(client->mu_);
  if (auto st = client->ensure_connected(); !st) return st.error();
  return client;
}

Status RedisClient::ensure_connected() {
  if (ctx_ && ctx_->err == 0) return {};
  if (ctx_) {
    redisFree(ctx_);
    ctx_ = nullptr;
  }
  ctx_ = redisConnectWithTimeout(host_.c_str(), port_, to_timeval(timeout_));
  if (!ctx_ || ctx_->err) {
    std::string msg = ctx_ ? ctx_->errstr : "allocation failed";
    if (ctx_) redisFree(ctx_);
    ctx_ = nullptr;
    return Error::unavailable("cannot connect to Redis: " + msg);
  }
  redisSetTimeout(ctx_, to_timeval(timeout_));
  if (db_ != 0) {
    auto* r = static_cast<redisReply*>(redisCommand(ctx_, "SELECT %d", db_));
    if (r) freeReplyObject(r);
  }
  return {};
}

Result<RedisReply> RedisClient::command(const std::vector<std::string>& args) {
  std::lock_guard lock(mu_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto st = ensure_connected(); !st) return st.error();
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    auto* r = static_cast<redisReply*>(
        redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (!r) continue;  // connection dropped: reconnect once
    std::unique_ptr<redisReply, decltype(&freeReplyObject)> guard(r, freeReplyObject);
    if (r->type == REDIS_REPLY_ERROR)
      return Error::internal("Redis error: " + std::string(r->str, r->len));
    return convert(r);
  }
  return Error::unavailable("Redis connection lost");
}

bool RedisClient::healthy() {
  auto r = command({"PING"});
  return r.ok() && r->str == "PONG";
}

}  // namespace finchat::store
