#pragma once
// Shared fixtures for the kg tests.
#include <string>

#include "kg/demo.hpp"
#include "kg/graph.hpp"

namespace finchat::kg::testing {

inline std::string testdata(const std::string& name) {
  return std::string(KG_TESTDATA_DIR) + "/" + name;
}

// The demo finance universe (product data under data/companies).
inline std::string companies_file() { return KG_COMPANIES_FILE; }

// company:A -COMPETES_WITH-> company:B, both IN_SECTOR sector:tech, person:p OFFICER_OF A,
// company:C IN_SECTOR sector:energy.
inline Graph small_graph() {
  Graph g;
  auto node = [&](std::string id, std::string type, std::string name) {
    (void)g.upsert_node(Node{std::move(id), std::move(type), std::move(name), {}, Json::object()});
  };
  node("company:A", "Company", "Alpha Widgets");
  node("company:B", "Company", "Beta Gadgets");
  node("company:C", "Company", "Gamma Oil");
  node("sector:tech", "Sector", "Technology");
  node("sector:energy", "Sector", "Energy");
  node("person:p", "Person", "Pat Doe");
  auto edge = [&](std::string from, std::string type, std::string to, Json props = Json::object()) {
    (void)g.upsert_edge(
        Edge{std::move(from), std::move(to), std::move(type), std::move(props), {}});
  };
  edge("company:A", "COMPETES_WITH", "company:B");
  edge("company:A", "IN_SECTOR", "sector:tech");
  edge("company:B", "IN_SECTOR", "sector:tech");
  edge("company:C", "IN_SECTOR", "sector:energy");
  edge("person:p", "OFFICER_OF", "company:A", {{"title", "CEO"}});
  return g;
}

inline Graph demo_finance_graph() {
  auto batch = build_finance_graph(companies_file());
  Graph g;
  if (batch) (void)apply_batch(*batch, g);
  return g;
}

}  // namespace finchat::kg::testing
