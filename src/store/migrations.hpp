#pragma once
// Versioned SQL migrations, embedded in the binary from src/store/migrations/NNNN_name.sql.
// Applied in order inside an exclusive transaction and recorded in schema_migrations.
// A released migration is never edited: add a new file instead.
#include <string>
#include <vector>

#include "store/database.hpp"

namespace finchat::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& builtin_migrations();

// Applies pending migrations; returns how many were applied.
Result<int> migrate(Database& db, const std::vector<Migration>& migrations = builtin_migrations());
// Highest applied version, 0 when none.
Result<int> current_version(Database& db);
int latest_version(const std::vector<Migration>& migrations = builtin_migrations());

}  // namespace finchat::store
