#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace finchat {

// UUIDv7 (RFC 9562): time-ordered, so ids sort by creation and index well.
std::string new_uuid_v7(int64_t epoch_ms);
std::string new_uuid_v7();
bool is_uuid(std::string_view s);

}  // namespace finchat
