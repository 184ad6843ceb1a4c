#pragma once
// Small text helpers shared by every component.
#include <string>
#include <string_view>

namespace finchat::core {

// ASCII lower case; other bytes (UTF-8 included) pass through unchanged.
std::string lower(std::string_view s);

}  // namespace finchat::core
