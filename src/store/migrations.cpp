#include "store/migrations.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/log.hpp"

namespace finchat::store {

namespace {
constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

// Under the migration lock: two replicas creating the table at once would otherwise race
// in PostgreSQL's catalog (a duplicate pg_type row) even with IF NOT EXISTS.
Status ensure_table(Database& db) {
  return db.exclusive_transaction([](Session& s) { return s.exec_script(kCreateTable); });
}

}  // namespace

int latest_version(const std::vector<Migration>& migrations) {
  int v = 0;
  for (const auto& m : migrations) v = std::max(v, m.version);
  return v;
}

Result<int> current_version(Database& db) {
  if (auto st = ensure_table(db); !st) return st.error();
  auto row = db.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!row) return row.error();
  return row.value() ? static_cast<int>(row.value()->i64(0)) : 0;
}

Result<int> migrate(Database& db, const std::vector<Migration>& migrations) {
  if (auto st = ensure_table(db); !st) return st.error();
  std::vector<Migration> ordered = migrations;
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  int applied = 0;
  for (const auto& m : ordered) {
    // One exclusive transaction per migration: replicas starting together apply it once.
    auto st = db.exclusive_transaction([&](Session& s) -> Status {
      auto done = s.query_one("SELECT version FROM schema_migrations WHERE version = $1",
                              {int64_t{m.version}});
      if (!done) return done.error();
      if (done.value()) return {};
      if (auto run = s.exec_script(m.sql); !run) {
        return Error::internal("migration " + std::to_string(m.version) + " (" + m.name +
                               ") failed: " + run.error().message);
      }
      auto ins =
          s.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                 {int64_t{m.version}, m.name, SystemClock::instance().now_ms()});
      if (!ins) return ins.error();
      ++applied;
      log::get("store")->info("applied migration {} {}", m.version, m.name);
      return {};
    });
    if (!st) return st.error();
  }
  return applied;
}

}  // namespace finchat::store
