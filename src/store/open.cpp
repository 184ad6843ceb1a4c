#include "store/database.hpp"
#include "store/postgres_backend.hpp"
#include "store/sqlite_backend.hpp"

namespace finchat::store {

Result<std::shared_ptr<Database>> open_database(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) return open_sqlite(url.substr(7), pool_size);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return open_postgres(url, pool_size);
  }
  return Error::invalid("unsupported database URL (use sqlite:PATH or postgresql://…)", "db.url");
}

}  // namespace finchat::store
