#include "core/result.hpp"

namespace finchat {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_argument: return 400;
    case ErrorKind::unauthenticated: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::precondition_failed: return 412;
    case ErrorKind::payload_too_large: return 413;
    case ErrorKind::unsupported_media_type: return 415;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::internal: return 500;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::timeout: return 504;
  }
  return 500;
}

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_argument: return "invalid_argument";
    case ErrorKind::unauthenticated: return "unauthenticated";
    case ErrorKind::forbidden: return "forbidden";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::precondition_failed: return "precondition_failed";
    case ErrorKind::payload_too_large: return "payload_too_large";
    case ErrorKind::unsupported_media_type: return "unsupported_media_type";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::internal: return "internal";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::timeout: return "timeout";
  }
  return "internal";
}

}  // namespace finchat
