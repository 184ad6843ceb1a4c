#pragma once
// A small synchronous Redis client over hiredis. One connection, guarded by a mutex,
// reconnecting on failure. Used for shared rate limits and market fan-out.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"

struct redisContext;

namespace finchat::store {

struct RedisReply {
  enum class Type { nil, integer, string, array, status };
  Type type = Type::nil;
  int64_t integer = 0;
  std::string str;
  std::vector<RedisReply> elements;
};

class RedisClient {
 public:
  // url: redis://host:port[/db]
  static Result<std::unique_ptr<RedisClient>> connect(
      const std::string& url, std::chrono::milliseconds timeout = std::chrono::milliseconds(500));
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  Result<RedisReply> command(const std::vector<std::string>& args);
  bool healthy();

 private:
  RedisClient(std::string host, int port, int db, std::chrono::milliseconds timeout);
  Status ensure_connected();

  std::string host_;
  int port_;
  int db_;
  std::chrono::milliseconds timeout_;
  std::mutex mu_;
  redisContext* ctx_ = nullptr;
};

struct RedisUrl {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
};
Result<RedisUrl> parse_redis_url(const std::string& url);

}  // namespace finchat::store
