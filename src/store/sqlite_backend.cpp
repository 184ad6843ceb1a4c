#include "store/sqlite_backend.hpp"

#include <sqlite3.h>

#include <filesystem>

#include "store/pool.hpp"

namespace finchat::store {

namespace {

constexpr int kBusyTimeoutMs = 10'000;

// $1 -> ?1, leaving quoted strings alone, so one SQL text serves both backends.
std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      c = '?';
    }
    out.push_back(c);
  }
  return out;
}

Error sqlite_error(sqlite3* db, std::string_view what) {
  int code = sqlite3_extended_errcode(db);
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  if ((code & 0xff) == SQLITE_CONSTRAINT) return Error{ErrorKind::conflict, msg, {}};
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    return Error{ErrorKind::unavailable, msg, {}};
  }
  return Error::internal(msg);
}

class SqliteConn final : public Session {
 public:
  explicit SqliteConn(sqlite3* db) : db_(db) {}
  ~SqliteConn() override { sqlite3_close_v2(db_); }

  static Result<std::unique_ptr<SqliteConn>> open(const std::string& path) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close_v2(db);
      return Error::unavailable("cannot open SQLite database '" + path + "': " + msg);
    }
    auto conn = std::make_unique<SqliteConn>(db);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    if (auto st = conn->exec_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                    "PRAGMA foreign_keys=ON;");
        !st) {
      return st.error();
    }
    return conn;
  }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = nullptr;
    std::string text = to_sqlite_placeholders(sql);
    if (sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return sqlite_error(db_, "prepare");
    }
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> guard(stmt, sqlite3_finalize);
    if (auto st = bind(stmt, params); !st) return st.error();
    auto columns = std::make_shared<std::vector<std::string>>();
    int ncol = sqlite3_column_count(stmt);
    for (int i = 0; i < ncol; ++i) columns->emplace_back(sqlite3_column_name(stmt, i));
    Rows rows;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return sqlite_error(db_, "step");
      std::vector<Value> values;
      values.reserve(ncol);
      for (int i = 0; i < ncol; ++i) values.push_back(column_value(stmt, i));
      rows.emplace_back(columns, std::move(values));
    }
    last_changes_ = sqlite3_changes(db_);
    return rows;
  }

  Result<int64_t> exec(std::string_view sql, const Params& params) override {
    auto rows = query(sql, params);
    if (!rows) return rows.error();
    return static_cast<int64_t>(last_changes_);
  }

  Status exec_script(std::string_view sql) override {
    char* err = nullptr;
    std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      return Error::internal("SQLite script failed: " + msg);
    }
    return {};
  }

 private:
  Status bind(sqlite3_stmt* stmt, const Params& params) {
    if (static_cast<int>(params.size()) < sqlite3_bind_parameter_count(stmt)) {
      return Error::internal("SQL expects more parameters than were given");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              return sqlite3_bind_null(stmt, idx);
            else if constexpr (std::is_same_v<T, int64_t>)
              return sqlite3_bind_int64(stmt, idx, v);
            else if constexpr (std::is_same_v<T, double>)
              return sqlite3_bind_double(stmt, idx, v);
            else
              return sqlite3_bind_text(stmt, idx, v.data(), static_cast<int>(v.size()),
                                       SQLITE_TRANSIENT);
          },
          params[i]);
      if (rc != SQLITE_OK && rc != SQLITE_RANGE) return sqlite_error(db_, "bind");
    }
    return {};
  }

  static Value column_value(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER: return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
      case SQLITE_NULL: return std::monostate{};
      default: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, i));
        int n = sqlite3_column_bytes(stmt, i);
        return std::string(p ? p : "", static_cast<size_t>(n));
      }
    }
  }

  sqlite3* db_;
  int last_changes_ = 0;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const std::string& path, size_t pool_size)
      : pool_([path] { return SqliteConn::open(path); }, pool_size) {}

  Result<Rows> query(std::string_view sql, const Params& params) override {
    auto lease = pool_.acquire();
    if (!lease) return lease.error();
    return (*lease.value()).query(sql, params);
  }

  Result<int64_t> exec(std::string_view sql, const Params& params) override {
    auto lease = pool_.acquire();
    if (!lease) return lease.error();
    return (*lease.value()).exec(sql, params);
  }

  Status exec_script(std::string_view sql) override {
    auto lease = pool_.acquire();
    if (!lease) return lease.error();
    return (*lease.value()).exec_script(sql);
  }

  Status transaction(const std::function<Status(Session&)>& work) override {
    return run_transaction(work);
  }
  Status exclusive_transaction(const std::function<Status(Session&)>& work) override {
    return run_transaction(work);  // BEGIN IMMEDIATE already serialises writers
  }

  Status ping() override {
    auto r = query("SELECT 1", {});
    if (r) return {};
    return Error::unavailable("SQLite unreachable: " + r.error().message);
  }
  Backend backend() const override { return Backend::sqlite; }

 private:
  Status run_transaction(const std::function<Status(Session&)>& work) {
    auto lease = pool_.acquire();
    if (!lease) return lease.error();
    SqliteConn& conn = *lease.value();
    // IMMEDIATE takes the write lock up front, avoiding deadlocked lock upgrades.
    if (auto st = conn.exec_script("BEGIN IMMEDIATE"); !st) return st;
    Status result;
    try {
      result = work(conn);
    } catch (...) {
      (void)conn.exec_script("ROLLBACK");
      throw;
    }
    if (!result) {
      (void)conn.exec_script("ROLLBACK");
      return result;
    }
    if (auto st = conn.exec_script("COMMIT"); !st) {
      (void)conn.exec_script("ROLLBACK");
      return st;
    }
    return {};
  }

  Pool<SqliteConn> pool_;
};

}  // namespace

Result<std::shared_ptr<Database>> open_sqlite(const std::string& path, int pool_size) {
  std::string target = path;
  size_t size = static_cast<size_t>(std::max(1, pool_size));
  if (path == ":memory:") {
    // A private in-memory database must be one connection, or each sees its own copy.
    size = 1;
  } else {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  auto db = std::make_shared<SqliteDatabase>(target, size);
  if (auto st = db->ping(); !st) return st.error();
  return std::shared_ptr<Database>(db);
}

}  // namespace finchat::store
