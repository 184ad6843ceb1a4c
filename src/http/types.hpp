#pragma once
// Request/response model shared by the router, middleware and handlers. Nothing here
// depends on Beast, so domain and API code can be written and tested without a socket.
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace finchat::http {

// Who is calling, as established by the Authenticator.
struct Principal {
  std::string subject;   // user id, or client id for service clients
  std::string username;  // empty for service clients
  std::string role;      // customer | agent | analyst | admin | service
  std::vector<std::string> scopes;
  std::string client_id;
  std::string token_id;  // jti
  bool service = false;
  bool has_scope(std::string_view s) const;
};

struct Request {
  std::string method;
  std::string target;
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> path_params;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::string route;  // the matched pattern, for metrics and logs
  bool tls = false;
  std::shared_ptr<const Principal> principal;

  std::string header(std::string_view name) const;  // name is case-insensitive
  std::string query_or(const std::string& key, const std::string& fallback = {}) const;
  std::string param(const std::string& key) const;
  bool accepts_event_stream() const;
};

class SseStream;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::shared_ptr<SseStream> sse;  // set: the connection turns into an event stream

  void set_header(std::string name, std::string value);
  std::string header(std::string_view name) const;

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
  // RFC 9457 problem details. `extra` members are merged into the body.
  static Response problem(int status, std::string title, std::string detail,
                          const nlohmann::json& extra = nlohmann::json::object());
  static Response from_error(const Error& error);
  static Response stream(std::shared_ptr<SseStream> sse);
};

using Handler = std::function<Response(Request&)>;

const char* reason_phrase(int status);

}  // namespace finchat::http
