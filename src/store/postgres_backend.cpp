#include "store/postgres_backend.hpp"

#include <fmt/format.h>
#include <thread>

#include <pqxx/pqxx>
#include <unordered_map>

#include "core/log.hpp"
#include "store/pool.hpp"

namespace finchat::store {

namespace {

constexpr int kMigrationLockKey = 7'321'001;

Value field_value(const pqxx::field& f) {
  if (f.is_null()) return std::monostate{};
  switch (f.type()) {
    case 20:
    case 21:
    case 23: return f.as<int64_t>();  // int8, int2, int4
    case 700:
    case 701:
    case 1700: return f.as<double>();  // float4, float8, numeric
    case 16: return static_cast<int64_t>(std::string_view(f.c_str()) == "t" ? 1 : 0);
    default: return std::string(f.c_str(), f.size());
  }
}

Rows to_rows(const pqxx::result& r) {
  auto columns = std::make_shared<std::vector<std::string>>();
  for (pqxx::row::size_type i = 0; i < r.columns(); ++i) columns->emplace_back(r.column_name(i));
  Rows rows;
  rows.reserve(r.size());
  for (const auto& row : r) {
    std::vector<Value> values;
    values.reserve(row.size());
    for (const auto& f : row) values.push_back(field_value(f));
    rows.emplace_back(columns, std::move(values));
  }
  return rows;
}

Error pg_error(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
    return Error::unavailable(std::string("PostgreSQL connection lost: ") + e.what());
  }
  if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&e)) {
    return Error::conflict(std::string("constraint violation: ") + e.what());
  }
  return Error::internal(std::string("PostgreSQL error: ") + e.what());
}

// Parameters as libpq text values; nullptr marks SQL NULL.
struct TextParams {
  std::vector<std::string> storage;
  std::vector<const char*> pointers;

  explicit TextParams(const Params& params) {
    storage.reserve(params.size());
    for (const auto& p : params) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              storage.emplace_back();
            else if constexpr (std::is_same_v<T, std::string>)
              storage.push_back(v);
            else if constexpr (std::is_same_v<T, double>)
              storage.push_back(fmt::format("{}", v));
            else
              storage.push_back(std::to_string(v));
          },
          p);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      pointers.push_back(std::holds_alternative<std::monostate>(params[i]) ? nullptr
                                                                           : storage[i].c_str());
    }
  }
};

class PgConn {
 public:
  explicit PgConn(const std::string& url) : conn_(url) {}

  pqxx::connection& raw() { return conn_; }

  // Prepares each distinct SQL text once per connection.
  const std::string& statement_name(std::string_view sql) {
    auto it = prepared_.find(std::string(sql));
    if (it != prepared_.end()) return it->second;
    std::string name = "s";
    name += std::to_string(prepared_.size());
    conn_.prepare(name, std::string(sql));
    return prepared_.emplace(std::string(sql), name).first->second;
  }

  void forget_prepared() { prepared_.clear(); }

 private:
  pqxx::connection conn_;
  std::unordered_map<std::string, std::string> prepared_;
};

// A Session bound to one open pqxx transaction.
class PgTxnSession final : public Session {
 public:
  PgTxnSession(PgConn& conn, pqxx::transaction_base& txn) : conn_(conn), txn_(txn) {}

  Result<Rows> query(std::string_view sql, const Params& params) override {
    try {
      return to_rows(run(sql, params));
    } catch (const std::exception& e) {
      return pg_error(e);
    }
  }
  Result<int64_t> exec(std::string_view sql, const Params& params) override {
    try {
      return static_cast<int64_t>(run(sql, params).affected_rows());
    } catch (const std::exception& e) {
      return pg_error(e);
    }
  }
  Status exec_script(std::string_view sql) override {
    try {
      txn_.exec(std::string(sql));
      return {};
    } catch (const std::exception& e) {
      return pg_error(e);
    }
  }

 private:
  pqxx::result run(std::string_view sql, const Params& params) {
    TextParams tp(params);
    const std::string& name = conn_.statement_name(sql);
    return txn_.exec_prepared(name, pqxx::prepare::make_dynamic_params(tp.pointers));
  }

  PgConn& conn_;
  pqxx::transaction_base& txn_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(const std::string& url, size_t pool_size)
      : pool_(
            [url]() -> Result<std::unique_ptr<PgConn>> {
              try {
                return std::make_unique<PgConn>(url);
              } catch (const std::exception& e) {
                return Error::unavailable(std::string("cannot connect to PostgreSQL: ") + e.what());
              }
            },
            pool_size) {}

  Result<Rows> query(std::string_view sql, const Params& params) override {
    return with_retry<Rows>([&](Session& s) { return s.query(sql, params); });
  }
  Result<int64_t> exec(std::string_view sql, const Params& params) override {
    return with_retry<int64_t>([&](Session& s) { return s.exec(sql, params); });
  }
  Status exec_script(std::string_view sql) override {
    auto r = with_retry<int>([&](Session& s) -> Result<int> {
      if (auto st = s.exec_script(sql); !st) return st.error();
      return 0;
    });
    return r ? Status{} : Status(r.error());
  }

  Status transaction(const std::function<Status(Session&)>& work) override {
    auto r = with_retry<int>([&](Session& s) -> Result<int> {
      if (auto st = work(s); !st) return st.error();
      return 0;
    });
    return r ? Status{} : Status(r.error());
  }

  Status exclusive_transaction(const std::function<Status(Session&)>& work) override {
    return transaction([&](Session& s) -> Status {
      // Transaction-scoped advisory lock: released at commit or rollback.
      if (auto r = s.query("SELECT pg_advisory_xact_lock($1)", {int64_t{kMigrationLockKey}}); !r) {
        return r.error();
      }
      return work(s);
    });
  }

  Status ping() override {
    auto r = query("SELECT 1", {});
    return r ? Status{} : Status(r.error());
  }
  Backend backend() const override { return Backend::postgres; }

 private:
  // Runs fn in a transaction, single statements too: a statement cut off by a lost
  // connection then never committed, so retrying it cannot apply it twice. When the
  // connection turns out broken or the server refuses connections (it may be restarting),
  // it retries on a fresh connection with exponential backoff, for about six seconds in
  // all. A failed commit is never retried (its outcome is unknown).
  template <class T>
  Result<T> with_retry(const std::function<Result<T>(Session&)>& fn) {
    constexpr int kMaxAttempts = 8;
    auto delay = std::chrono::milliseconds(50);
    Error last = Error::unavailable("PostgreSQL unavailable");
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
      if (attempt > 1) {
        std::this_thread::sleep_for(delay);
        delay *= 2;
      }
      auto lease = pool_.acquire();
      if (!lease) {
        if (lease.error().kind != ErrorKind::unavailable) return lease.error();
        last = lease.error();
        continue;
      }
      auto& l = lease.value();
      bool broken = false;
      try {
        auto result = run_once<T>(*l, fn, broken);
        if (!broken) return result;
        if (!result) last = result.error();
      } catch (const pqxx::broken_connection& e) {
        last = Error::unavailable(std::string("PostgreSQL connection lost: ") + e.what());
      } catch (const pqxx::in_doubt_error& e) {
        return Error::unavailable(std::string("commit outcome unknown: ") + e.what());
      }
      l.discard();
      pool_.discard_idle();
      log::get("store")->warn(
          "PostgreSQL connection lost (attempt {}); retrying on a new connection", attempt);
    }
    std::string message = "PostgreSQL unavailable after retries: ";
    message += last.message;  // appended, not operator+: GCC 12 -O3 warns (-Wrestrict) on that
    return Error::unavailable(message);
  }

  template <class T>
  Result<T> run_once(PgConn& conn, const std::function<Result<T>(Session&)>& fn, bool& broken) {
    if (!conn.raw().is_open()) {
      broken = true;
      return Error::unavailable("connection closed");
    }
    pqxx::work txn(conn.raw());
    PgTxnSession session(conn, txn);
    auto r = fn(session);
    if (!r && r.error().kind == ErrorKind::unavailable &&
        r.error().message.find("connection lost") != std::string::npos) {
      broken = true;
      return r;
    }
    if (r) txn.commit();
    return r;
  }

  Pool<PgConn> pool_;
};

}  // namespace

Result<std::shared_ptr<Database>> open_postgres(const std::string& url, int pool_size) {
  auto db = std::make_shared<PostgresDatabase>(url, static_cast<size_t>(std::max(1, pool_size)));
  if (auto st = db->ping(); !st) return st.error();
  return std::shared_ptr<Database>(db);
}

}  // namespace finchat::store
