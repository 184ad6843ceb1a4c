#pragma once
// Structured facts: every number the chatbot may quote comes from one of these, with its unit,
// time and source. Prose is written elsewhere from these facts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "market/types.hpp"

namespace finchat::market {

struct Fact {
  std::string name;      // e.g. "rsi_14", "change_1d"
  std::string subject;   // symbol or sector the fact is about
  nlohmann::json value;  // number, label string, boolean, array or object
  std::string unit;      // "USD", "%", "ratio", "points", "label", "count", ...
  int64_t as_of_ms = 0;
  std::string source;  // "simulated", "replay", vendor name
};

nlohmann::json to_json(const Fact& f);
nlohmann::json to_json(const std::vector<Fact>& facts);
// The first fact with this name (and subject, when given).
const Fact* find_fact(const std::vector<Fact>& facts, const std::string& name,
                      const std::string& subject = {});

// Input for analysis: one symbol's daily bars, oldest first. When session_in_progress is set
// the last bar is the current, still-forming session.
struct SymbolSnapshot {
  std::string symbol;
  std::string name;
  std::string sector;
  bool is_index = false;
  std::vector<Bar> daily;
  bool session_in_progress = false;
  int64_t as_of_ms = 0;
  std::string source;
  std::string currency = "USD";
};

}  // namespace finchat::market
