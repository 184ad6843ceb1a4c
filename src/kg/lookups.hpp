#pragma once
// Small, bounded lookups over the graph that chat skills and other domains use: a company's
// ticker and peers, its sector and industry, its officers, and the fees of a product with
// the articles that document them. Each answer carries the edge's provenance so a skill can
// cite it. All functions read a const Graph; callers hold the store's shared lock.
#include <optional>
#include <string>
#include <vector>

#include "kg/graph.hpp"

namespace finchat::kg {

// One edge-backed fact: subject -relation-> object, with the edge's properties (e.g. an
// officer's title) and provenance.
struct GraphFact {
  std::string subject;  // node id
  std::string relation;
  std::string object;  // node id
  std::string object_name;
  std::string object_type;
  Json properties = Json::object();
  Provenance provenance;
  std::string edge;  // the edge behind the fact, as stored: "<from> <TYPE> <to>"
};

// "NOVA" -> "company:NOVA" through the Ticker node's HAS_TICKER edge (or the id convention).
std::optional<std::string> company_for_ticker(const Graph& graph, const std::string& symbol);
// The symbol of the company's first ticker ("" when it has none).
std::string ticker_of(const Graph& graph, const std::string& company_id);

// Competitors: COMPETES_WITH in either direction; when there are none, companies in the same
// industry, else in the same sector. relation says which ("COMPETES_WITH", "SAME_INDUSTRY",
// "SAME_SECTOR"); provenance is that of the edge that justified it. At most `limit`.
std::vector<GraphFact> company_peers(const Graph& graph, const std::string& company_id,
                                     size_t limit = 10);
// IN_SECTOR and IN_INDUSTRY facts of a company (sector first).
std::vector<GraphFact> company_classification(const Graph& graph, const std::string& company_id);
// OFFICER_OF edges into the company; properties hold the title. CEO first.
std::vector<GraphFact> company_officers(const Graph& graph, const std::string& company_id);
// HAS_FEE facts of a product (the Fee node's properties are merged into properties), and for
// each fee the DOCUMENTED_IN article ids in `articles` (parallel to the result).
struct FeeFact {
  GraphFact fee;
  std::vector<GraphFact> articles;
};
std::vector<FeeFact> product_fees(const Graph& graph, const std::string& product_id,
                                  size_t limit = 20);

// Fuzzy name search for the API: exact name/alias/id (1.0), prefix (0.9), word prefix or
// substring (0.75), else a typo match (0.7 minus 0.1 per edit). Best first, ties by name.
struct SearchHit {
  NodeIndex node;
  double score;
};
std::vector<SearchHit> search_entities(const Graph& graph, const std::string& query,
                                       const std::string& type, size_t limit);

}  // namespace finchat::kg
