#pragma once
// One error model for expected failures: Result<T> holds a value or an Error.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace finchat {

enum class ErrorKind {
  invalid_argument,  // malformed or semantically bad input
  not_found,
  conflict,
  unauthenticated,
  forbidden,
  rate_limited,
  payload_too_large,
  unsupported_media_type,
  precondition_failed,
  unavailable,  // a dependency (database, model) is down
  timeout,
  internal,
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::string field;  // the offending input field or config key, when there is one

  static Error invalid(std::string msg, std::string field_name = {}) {
    return {ErrorKind::invalid_argument, std::move(msg), std::move(field_name)};
  }
  static Error not_found(std::string msg) { return {ErrorKind::not_found, std::move(msg), {}}; }
  static Error internal(std::string msg) { return {ErrorKind::internal, std::move(msg), {}}; }
  static Error unavailable(std::string msg) {
    return {ErrorKind::unavailable, std::move(msg), {}};
  }
  static Error conflict(std::string msg) { return {ErrorKind::conflict, std::move(msg), {}}; }
  static Error forbidden(std::string msg) { return {ErrorKind::forbidden, std::move(msg), {}}; }
  static Error unauthenticated(std::string msg) {
    return {ErrorKind::unauthenticated, std::move(msg), {}};
  }
};

// The single table from error kinds to HTTP status codes.
int http_status(ErrorKind kind);
const char* to_string(ErrorKind kind);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(implicit)
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(implicit)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  T value_or(T fallback) const { return ok() ? std::get<0>(v_) : std::move(fallback); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(implicit)

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace finchat
