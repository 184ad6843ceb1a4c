#include "chat/types.hpp"

namespace finchat::chat {

nlohmann::json to_json(const Fact& f) {
  return {{"name", f.name},
          {"value", f.value},
          {"unit", f.unit},
          {"as_of", f.as_of},
          {"source", f.source}};
}

nlohmann::json to_json(const Citation& c) {
  nlohmann::json j = {{"kind", c.kind}};
  if (!c.id.empty()) j["id"] = c.id;
  if (!c.title.empty()) j["title"] = c.title;
  if (!c.source.empty()) j["source"] = c.source;
  if (!c.as_of.empty()) j["as_of"] = c.as_of;
  if (!c.fact.empty()) j["fact"] = c.fact;
  return j;
}

nlohmann::json facts_json(const std::vector<Fact>& facts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : facts) out.push_back(to_json(f));
  return out;
}

nlohmann::json citations_json(const std::vector<Citation>& citations) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : citations) out.push_back(to_json(c));
  return out;
}

}  // namespace finchat::chat
