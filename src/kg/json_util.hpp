#pragma once
// Null-safe JSON field reads. nlohmann's value() trips GCC's -Wnull-dereference at -O3, so
// kg code reads optional fields through these instead.
#include <nlohmann/json.hpp>
#include <string>

namespace finchat::kg {

// The string at obj[key], or `fallback` when obj is not an object or the field is not a string.
inline std::string string_or(const nlohmann::json& obj, const char* key, std::string fallback) {
  if (!obj.is_object() || !obj.contains(key)) return fallback;
  const nlohmann::json& value = obj.at(key);
  return value.is_string() ? value.get<std::string>() : fallback;
}

inline bool bool_or(const nlohmann::json& obj, const char* key, bool fallback) {
  if (!obj.is_object() || !obj.contains(key)) return fallback;
  const nlohmann::json& value = obj.at(key);
  return value.is_boolean() ? value.get<bool>() : fallback;
}

}  // namespace finchat::kg
