#include "market/facts.hpp"

namespace finchat::market {

nlohmann::json to_json(const Fact& f) {
  nlohmann::json j = {{"name", f.name},
                      {"value", f.value},
                      {"unit", f.unit},
                      {"as_of", f.as_of_ms},
                      {"source", f.source}};
  if (!f.subject.empty()) j["subject"] = f.subject;
  return j;
}

nlohmann::json to_json(const std::vector<Fact>& facts) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : facts) arr.push_back(to_json(f));
  return arr;
}

const Fact* find_fact(const std::vector<Fact>& facts, const std::string& name,
                      const std::string& subject) {
  for (const auto& f : facts) {
    if (f.name == name && (subject.empty() || f.subject == subject)) return &f;
  }
  return nullptr;
}

}  // namespace finchat::market
