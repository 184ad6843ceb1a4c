#include "core/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace finchat::log {

namespace {
thread_local std::string t_request_id;  // NOLINT: per-thread request context

std::mutex g_mu;
Options g_options;
std::shared_ptr<spdlog::sinks::sink> g_sink;

int64_t to_ms(spdlog::log_clock::time_point tp) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count();
}

class LineFormatter final : public spdlog::formatter {
 public:
  explicit LineFormatter(Format format) : format_(format) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto level_sv = spdlog::level::to_string_view(msg.level);
    std::string level(level_sv.data(), level_sv.size());
    std::string text(msg.payload.data(), msg.payload.size());
    std::string line;
    if (format_ == Format::json) {
      nlohmann::json j{{"ts", format_iso8601(to_ms(msg.time))},
                       {"level", level},
                       {"logger", std::string(msg.logger_name.data(), msg.logger_name.size())},
                       {"msg", text}};
      if (!t_request_id.empty()) j["request_id"] = t_request_id;
      line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      line = format_iso8601(to_ms(msg.time)) + " " + level + " [" +
             std::string(msg.logger_name.data(), msg.logger_name.size()) + "]";
      if (!t_request_id.empty()) line += " [" + t_request_id + "]";
      line += " " + text;
    }
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(format_);
  }

 private:
  Format format_;
};

std::shared_ptr<spdlog::sinks::sink> sink_locked() {
  if (!g_sink) {
    g_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    g_sink->set_formatter(std::make_unique<LineFormatter>(g_options.format));
  }
  return g_sink;
}
}  // namespace

void init(const Options& options) {
  std::lock_guard lock(g_mu);
  g_options = options;
  sink_locked()->set_formatter(std::make_unique<LineFormatter>(options.format));
  auto level = spdlog::level::from_str(options.level);
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { l->set_level(level); });
  spdlog::set_level(level);
}

std::shared_ptr<spdlog::logger> get(const std::string& component) {
  std::lock_guard lock(g_mu);
  if (auto existing = spdlog::get(component)) return existing;
  auto logger = std::make_shared<spdlog::logger>(component, sink_locked());
  logger->set_level(spdlog::level::from_str(g_options.level));
  spdlog::register_logger(logger);
  return logger;
}

RequestScope::RequestScope(std::string request_id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(request_id);
}

RequestScope::~RequestScope() { t_request_id = std::move(previous_); }

const std::string& current_request_id() { return t_request_id; }

std::string mask_secret(std::string_view secret) {
  if (secret.empty()) return "";
  return std::string(secret.substr(0, std::min<size_t>(2, secret.size() / 4))) + "…(" +
         std::to_string(secret.size()) + " chars)";
}

}  // namespace finchat::log
