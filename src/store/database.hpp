#pragma once
// The one storage interface domain code uses. SQL is written once in a portable subset:
// $1..$N placeholders, TEXT / BIGINT / DOUBLE PRECISION columns, INSERT ... ON CONFLICT,
// RETURNING. Backends (SQLite, PostgreSQL) live behind this header; domain code never
// includes sqlite3.h or pqxx.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace finchat::store {

using Value = std::variant<std::monostate, int64_t, double, std::string>;
using Params = std::vector<Value>;

inline Value null() { return std::monostate{}; }
template <class T>
Value opt(const std::optional<T>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  bool is_null(size_t i) const;
  int64_t i64(size_t i) const;  // coerces numeric text; null -> 0
  double f64(size_t i) const;
  std::string str(size_t i) const;  // null -> ""
  std::optional<std::string> opt_str(size_t i) const;
  const Value& at(size_t i) const { return values_.at(i); }

  // By column name (throws std::out_of_range for an unknown name: a programming error).
  size_t index(std::string_view column) const;
  int64_t i64(std::string_view c) const { return i64(index(c)); }
  double f64(std::string_view c) const { return f64(index(c)); }
  std::string str(std::string_view c) const { return str(index(c)); }
  bool is_null(std::string_view c) const { return is_null(index(c)); }

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

// A unit of work on one connection (inside or outside a transaction).
class Session {
 public:
  virtual ~Session() = default;
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of affected rows.
  virtual Result<int64_t> exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status exec_script(std::string_view sql) = 0;

  Result<std::optional<Row>> query_one(std::string_view sql, const Params& params = {});
};

enum class Backend { sqlite, postgres };

class Database : public Session {
 public:
  // Runs `work` in a transaction: committed if it returns ok, rolled back otherwise or on
  // exception. Retried once when the connection was lost before anything committed.
  virtual Status transaction(const std::function<Status(Session&)>& work) = 0;
  // Like transaction, but serialised across processes (migrations, key rotation).
  virtual Status exclusive_transaction(const std::function<Status(Session&)>& work) = 0;
  virtual Status ping() = 0;
  virtual Backend backend() const = 0;
};

// url: "sqlite:path/to.db", "sqlite::memory:", or "postgresql://user:pw@host:port/db?sslmode=…"
Result<std::shared_ptr<Database>> open_database(const std::string& url, int pool_size = 8);

}  // namespace finchat::store
