#pragma once
// Structured logging: per-component spdlog loggers, JSON lines or text, and the current
// request id stamped on every line written while a request is being handled.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

namespace finchat::log {

enum class Format { text, json };

struct Options {
  std::string level = "info";  // trace, debug, info, warn, error, off
  Format format = Format::text;
};

void init(const Options& options);

// A logger named after its component ("http", "store", ...), created on first use.
std::shared_ptr<spdlog::logger> get(const std::string& component);

// Sets the request id for log lines on this thread until destroyed.
class RequestScope {
 public:
  explicit RequestScope(std::string request_id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::string previous_;
};

const std::string& current_request_id();

// Shows only enough of a secret to recognise it: "ab…(32 chars)".
std::string mask_secret(std::string_view secret);

}  // namespace finchat::log
