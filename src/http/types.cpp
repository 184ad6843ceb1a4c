#include "http/types.hpp"

#include <algorithm>
#include <cctype>

namespace finchat::http {

namespace {
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

bool Principal::has_scope(std::string_view s) const {
  return std::find(scopes.begin(), scopes.end(), s) != scopes.end();
}

std::string Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

std::string Request::query_or(const std::string& key, const std::string& fallback) const {
  auto it = query.find(key);
  return it == query.end() ? fallback : it->second;
}

std::string Request::param(const std::string& key) const {
  auto it = path_params.find(key);
  return it == path_params.end() ? std::string() : it->second;
}

bool Request::accepts_event_stream() const {
  return header("accept").find("text/event-stream") != std::string::npos;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.set_header("Content-Type", "application/json");
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", std::move(content_type));
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::problem(int status, std::string title, std::string detail,
                           const nlohmann::json& extra) {
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", std::move(title)},
                         {"status", status},
                         {"detail", std::move(detail)}};
  for (const auto& [k, v] : extra.items()) body[k] = v;
  Response r = json(status, body);
  r.set_header("Content-Type", "application/problem+json");
  return r;
}

Response Response::from_error(const Error& error) {
  int status = http_status(error.kind);
  nlohmann::json extra = nlohmann::json::object();
  if (!error.field.empty()) extra["errors"] = {{{"field", error.field}, {"detail", error.message}}};
  // Internal details stay in the logs, not in responses.
  std::string detail = error.kind == ErrorKind::internal ? "internal error" : error.message;
  return problem(status, reason_phrase(status), detail, extra);
}

Response Response::stream(std::shared_ptr<SseStream> sse) {
  Response r;
  r.sse = std::move(sse);
  r.set_header("Content-Type", "text/event-stream");
  r.set_header("Cache-Control", "no-cache");
  r.set_header("X-Accel-Buffering", "no");
  return r;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Error";
  }
}

}  // namespace finchat::http
