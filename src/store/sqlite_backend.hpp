#pragma once
#include <memory>
#include <string>

#include "store/database.hpp"

namespace finchat::store {

// path: a file path or ":memory:". WAL mode and a busy timeout are always set.
Result<std::shared_ptr<Database>> open_sqlite(const std::string& path, int pool_size);

}  // namespace finchat::store
