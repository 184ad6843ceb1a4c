#include "kg/lookups.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.hpp"
#include "kg/fuzzy.hpp"
#include "kg/json_util.hpp"

namespace finchat::kg {
namespace {

using core::lower;

GraphFact fact_of(const Graph& graph, EdgeIndex e, NodeIndex subject, NodeIndex object,
                  std::string relation) {
  Edge edge = graph.edge(e);
  const Node& o = graph.node(object);
  std::string key = edge.from + " " + edge.type + " " + edge.to;
  return GraphFact{
      graph.node(subject).id,     std::move(relation),        o.id,          o.name, o.type,
      std::move(edge.properties), std::move(edge.provenance), std::move(key)};
}

// Targets of `type` edges out of `node`, with the edge.
std::vector<Hop> hops(const Graph& graph, NodeIndex node, const char* type, Direction direction) {
  std::vector<Hop> out;
  auto t = graph.schema().edge_type(type);
  if (!t) return out;
  graph.for_each_hop(node, direction, *t, [&](const Hop& h) {
    out.push_back(h);
    return true;
  });
  return out;
}

bool is_company(const Graph& graph, NodeIndex i) { return graph.node(i).type == "Company"; }

// Companies sharing the group `via` (IN_INDUSTRY / IN_SECTOR) with the company.
void add_group_peers(const Graph& graph, NodeIndex company, const char* via, const char* relation,
                     size_t limit, std::set<NodeIndex>& seen, std::vector<GraphFact>& out) {
  for (const Hop& group : hops(graph, company, via, Direction::out)) {
    for (const Hop& member : hops(graph, group.other, via, Direction::in)) {
      if (out.size() >= limit) return;
      if (!is_company(graph, member.other) || !seen.insert(member.other).second) continue;
      GraphFact f = fact_of(graph, member.edge, company, member.other, relation);
      f.properties = Json{{"via", graph.node(group.other).id}};
      out.push_back(std::move(f));
    }
  }
}

double match_score(const std::string& form, const std::string& query) {
  if (form == query) return 1.0;
  if (form.rfind(query, 0) == 0) return 0.9;
  if (size_t at = form.find(query); at != std::string::npos) {
    return at > 0 && form[at - 1] == ' ' ? 0.8 : 0.75;
  }
  if (query.size() < 4) return 0;
  // Typos: compare against the form and its words.
  int best = bounded_edit_distance(form, query, allowed_typos(form.size()));
  if (best <= allowed_typos(form.size())) return 0.7 - 0.1 * best;
  size_t start = 0;
  while (start < form.size()) {
    size_t end = form.find(' ', start);
    if (end == std::string::npos) end = form.size();
    std::string_view word(form.data() + start, end - start);
    int limit = allowed_typos(word.size());
    int d = bounded_edit_distance(word, query, limit);
    if (limit > 0 && d <= limit) return 0.6 - 0.1 * d;
    start = end + 1;
  }
  return 0;
}

}  // namespace

std::optional<std::string> company_for_ticker(const Graph& graph, const std::string& symbol) {
  std::string upper = symbol;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (auto t = graph.index_of("ticker:" + upper)) {
    for (const Hop& h : hops(graph, *t, "HAS_TICKER", Direction::in)) {
      if (is_company(graph, h.other)) return graph.node(h.other).id;
    }
  }
  if (const Node* n = graph.find("company:" + upper); n && n->type == "Company") return n->id;
  return std::nullopt;
}

std::string ticker_of(const Graph& graph, const std::string& company_id) {
  auto c = graph.index_of(company_id);
  if (!c) return "";
  for (const Hop& h : hops(graph, *c, "HAS_TICKER", Direction::out)) {
    const Node& t = graph.node(h.other);
    std::string symbol = string_or(t.properties, "symbol", "");
    return symbol.empty() ? t.name : symbol;
  }
  return "";
}

std::vector<GraphFact> company_peers(const Graph& graph, const std::string& company_id,
                                     size_t limit) {
  std::vector<GraphFact> out;
  auto c = graph.index_of(company_id);
  if (!c) return out;
  std::set<NodeIndex> seen{*c};
  for (const Hop& h : hops(graph, *c, "COMPETES_WITH", Direction::both)) {
    if (out.size() >= limit) break;
    if (is_company(graph, h.other) && seen.insert(h.other).second) {
      out.push_back(fact_of(graph, h.edge, *c, h.other, "COMPETES_WITH"));
    }
  }
  if (!out.empty()) return out;
  add_group_peers(graph, *c, "IN_INDUSTRY", "SAME_INDUSTRY", limit, seen, out);
  if (!out.empty()) return out;
  add_group_peers(graph, *c, "IN_SECTOR", "SAME_SECTOR", limit, seen, out);
  return out;
}

std::vector<GraphFact> company_classification(const Graph& graph, const std::string& company_id) {
  std::vector<GraphFact> out;
  auto c = graph.index_of(company_id);
  if (!c) return out;
  for (const char* type : {"IN_SECTOR", "IN_INDUSTRY"}) {
    for (const Hop& h : hops(graph, *c, type, Direction::out)) {
      out.push_back(fact_of(graph, h.edge, *c, h.other, type));
    }
  }
  return out;
}

std::vector<GraphFact> company_officers(const Graph& graph, const std::string& company_id) {
  std::vector<GraphFact> out;
  auto c = graph.index_of(company_id);
  if (!c) return out;
  for (const Hop& h : hops(graph, *c, "OFFICER_OF", Direction::in)) {
    out.push_back(fact_of(graph, h.edge, *c, h.other, "OFFICER_OF"));
  }
  std::stable_sort(out.begin(), out.end(), [](const GraphFact& a, const GraphFact& b) {
    return (string_or(a.properties, "title", "") == "CEO") >
           (string_or(b.properties, "title", "") == "CEO");
  });
  return out;
}

std::vector<FeeFact> product_fees(const Graph& graph, const std::string& product_id, size_t limit) {
  std::vector<FeeFact> out;
  auto p = graph.index_of(product_id);
  if (!p) return out;
  for (const Hop& h : hops(graph, *p, "HAS_FEE", Direction::out)) {
    if (out.size() >= limit) break;
    FeeFact f{fact_of(graph, h.edge, *p, h.other, "HAS_FEE"), {}};
    const Json& fee_props = graph.node(h.other).properties;
    if (fee_props.is_object()) f.fee.properties.update(fee_props);
    for (const Hop& a : hops(graph, h.other, "DOCUMENTED_IN", Direction::out)) {
      f.articles.push_back(fact_of(graph, a.edge, h.other, a.other, "DOCUMENTED_IN"));
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<SearchHit> search_entities(const Graph& graph, const std::string& query,
                                       const std::string& type, size_t limit) {
  std::vector<SearchHit> hits;
  const std::string q = lower(query);
  if (q.empty() || limit == 0) return hits;
  graph.for_each_node([&](NodeIndex i, const Node& n) {
    if (!type.empty() && n.type != type) return;
    double best = lower(n.id) == q ? 1.0 : 0.0;
    best = std::max(best, match_score(lower(n.name), q));
    for (const std::string& a : n.aliases) best = std::max(best, match_score(lower(a), q));
    if (best > 0) hits.push_back({i, best});
  });
  std::sort(hits.begin(), hits.end(), [&](const SearchHit& a, const SearchHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return graph.node(a.node).name < graph.node(b.node).name;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace finchat::kg
