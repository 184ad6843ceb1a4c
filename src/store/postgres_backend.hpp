#pragma once
#include <memory>
#include <string>

#include "store/database.hpp"

namespace finchat::store {

// A libpqxx connection pool with prepared statements and one retry on connection loss.
Result<std::shared_ptr<Database>> open_postgres(const std::string& url, int pool_size);

}  // namespace finchat::store
