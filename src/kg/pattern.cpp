#include "kg/pattern.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"

namespace finchat::kg {
namespace {

constexpr NodeIndex kUnbound = UINT32_MAX;

struct VarConstraint {
  std::optional<std::string> id;
  std::optional<TypeId> type;
  std::optional<std::string> name;  // lowercase
};

struct EdgeClause {
  int from = 0;
  int to = 0;
  std::optional<TypeId> type;  // nullopt: any
};

struct Filter {
  enum Kind { ne, eq, has } kind = ne;
  int a = 0;
  int b = 0;        // for ne/eq
  std::string key;  // for has
};

// A compiled query: variables, clauses and the order in which to bind them.
struct Plan {
  std::vector<std::string> vars;
  std::vector<VarConstraint> constraints;
  std::vector<EdgeClause> edges;
  std::vector<Filter> filters;
  std::vector<int> returns;
  size_t limit = 50;

  struct Step {
    enum Kind { anchor, follow } kind = anchor;
    int var = 0;               // variable bound by this step
    int clause = -1;           // edge clause followed (follow)
    std::vector<int> checks;   // edge clauses fully bound after this step
    std::vector<int> filters;  // filters fully bound after this step
  };
  std::vector<Step> steps;
};

using core::lower;

class Compiler {
 public:
  Compiler(const Graph& graph, Plan& plan) : graph_(graph), plan_(plan) {}

  Status compile(const Json& query) {
    if (!query.is_object()) return Error::invalid("pattern query must be a JSON object");
    for (const auto& [key, value] : query.items()) {
      if (key != "match" && key != "where" && key != "return" && key != "limit") {
        return Error::invalid("unknown pattern field \"" + key + "\"", key);
      }
    }
    if (!query.contains("match") || !query.at("match").is_array() || query.at("match").empty()) {
      return Error::invalid("\"match\" must be a non-empty array of clauses", "match");
    }
    if (query.at("match").size() > kMaxPatternClauses) {
      return Error::invalid(
          "too many match clauses (max " + std::to_string(kMaxPatternClauses) + ")", "match");
    }
    for (const Json& clause : query.at("match")) {
      if (Status ok = add_clause(clause); !ok) return ok;
    }
    if (query.contains("where")) {
      if (!query.at("where").is_array()) return Error::invalid("\"where\" must be an array");
      for (const Json& filter : query.at("where")) {
        if (Status ok = add_filter(filter); !ok) return ok;
      }
    }
    if (Status ok = read_returns(query); !ok) return ok;
    if (query.contains("limit")) {
      const Json& limit = query.at("limit");
      if (!limit.is_number_integer() || limit.get<int64_t>() < 1 ||
          limit.get<int64_t>() > static_cast<int64_t>(kMaxPatternRows)) {
        return Error::invalid(
            "\"limit\" must be an integer between 1 and " + std::to_string(kMaxPatternRows),
            "limit");
      }
      plan_.limit = limit.get<size_t>();
    }
    return order_steps();
  }

 private:
  int var(const Json& name_json) {
    if (!name_json.is_string() || name_json.get<std::string>().empty()) return -1;
    const std::string name = name_json.get<std::string>();
    for (size_t i = 0; i < plan_.vars.size(); ++i) {
      if (plan_.vars[i] == name) return static_cast<int>(i);
    }
    plan_.vars.push_back(name);
    plan_.constraints.emplace_back();
    return static_cast<int>(plan_.vars.size() - 1);
  }

  Status add_clause(const Json& clause) {
    if (!clause.is_object()) return Error::invalid("each match clause must be an object");
    if (clause.contains("var")) return add_node_clause(clause);
    if (clause.contains("from") && clause.contains("to")) return add_edge_clause(clause);
    return Error::invalid("a match clause needs \"var\" (node) or \"from\"/\"to\" (edge)", "match");
  }

  Status add_node_clause(const Json& clause) {
    const int v = var(clause.at("var"));
    if (v < 0) return Error::invalid("\"var\" must be a non-empty string", "var");
    VarConstraint& c = plan_.constraints[v];
    for (const auto& [key, value] : clause.items()) {
      if (key == "var") continue;
      if (!value.is_string()) return Error::invalid("\"" + key + "\" must be a string", key);
      const std::string text = value.get<std::string>();
      if (key == "id") {
        c.id = text;
      } else if (key == "name") {
        c.name = lower(text);
      } else if (key == "type") {
        c.type = graph_.schema().node_type(text);
        if (!c.type) return Error::invalid("unknown node type '" + text + "'", "type");
      } else {
        return Error::invalid("unknown node clause field \"" + key + "\"", key);
      }
    }
    return {};
  }

  Status add_edge_clause(const Json& clause) {
    EdgeClause edge;
    edge.from = var(clause.at("from"));
    edge.to = var(clause.at("to"));
    if (edge.from < 0 || edge.to < 0) {
      return Error::invalid("edge clause \"from\" and \"to\" must be variable names", "match");
    }
    for (const auto& [key, value] : clause.items()) {
      if (key == "from" || key == "to") continue;
      if (key != "edge") return Error::invalid("unknown edge clause field \"" + key + "\"", key);
      if (!value.is_string()) return Error::invalid("\"edge\" must be a string", "edge");
      const std::string name = value.get<std::string>();
      if (name == "*") continue;
      edge.type = graph_.schema().edge_type(name);
      if (!edge.type) return Error::invalid("unknown edge type '" + name + "'", "edge");
    }
    plan_.edges.push_back(edge);
    return {};
  }

  int known_var(const Json& name) const {
    if (!name.is_string()) return -1;
    auto it = std::find(plan_.vars.begin(), plan_.vars.end(), name.get<std::string>());
    return it == plan_.vars.end() ? -1 : static_cast<int>(it - plan_.vars.begin());
  }

  Status add_filter(const Json& filter) {
    if (!filter.is_object() || filter.size() != 1) {
      return Error::invalid(
          "each where filter must be one of {\"ne\":[a,b]}, {\"eq\":[a,b]}, "
          "{\"has\":[var,property]}",
          "where");
    }
    const std::string op = filter.begin().key();
    const Json& args = filter.begin().value();
    Filter f;
    if (op == "ne" || op == "eq") {
      f.kind = op == "ne" ? Filter::ne : Filter::eq;
      if (!args.is_array() || args.size() != 2 || (f.a = known_var(args[0])) < 0 ||
          (f.b = known_var(args[1])) < 0) {
        return Error::invalid("\"" + op + "\" needs two variables bound in match", "where");
      }
    } else if (op == "has") {
      f.kind = Filter::has;
      if (!args.is_array() || args.size() != 2 || (f.a = known_var(args[0])) < 0 ||
          !args[1].is_string()) {
        return Error::invalid("\"has\" needs [variable, property name]", "where");
      }
      f.b = f.a;
      f.key = args[1].get<std::string>();
    } else {
      return Error::invalid("unknown where operator \"" + op + "\"", "where");
    }
    plan_.filters.push_back(f);
    return {};
  }

  Status read_returns(const Json& query) {
    if (!query.contains("return")) {
      for (size_t i = 0; i < plan_.vars.size(); ++i) plan_.returns.push_back(static_cast<int>(i));
      return {};
    }
    const Json& list = query.at("return");
    if (!list.is_array() || list.empty()) {
      return Error::invalid("\"return\" must be a non-empty array of variables", "return");
    }
    for (const Json& name : list) {
      const int v = known_var(name);
      if (v < 0) return Error::invalid("\"return\" names an unknown variable", "return");
      plan_.returns.push_back(v);
    }
    return {};
  }

  // Greedy order: follow an edge from a bound variable when possible (cheap), else anchor
  // the most selective unbound variable (id, then name, then type).
  Status order_steps() {
    std::vector<bool> bound(plan_.vars.size(), false);
    std::vector<bool> used(plan_.edges.size(), false);
    for (size_t n = 0; n < plan_.vars.size(); ++n) {
      Plan::Step step;
      if (!pick_follow(bound, used, step) && !pick_anchor(bound, step)) {
        return Error::invalid("variable '" + first_unbound(bound) +
                                  "' is unconstrained: give it an id, name or type, or join "
                                  "it by an edge to an anchored variable",
                              "match");
      }
      bound[step.var] = true;
      for (size_t c = 0; c < plan_.edges.size(); ++c) {
        if (!used[c] && bound[plan_.edges[c].from] && bound[plan_.edges[c].to]) {
          used[c] = true;
          step.checks.push_back(static_cast<int>(c));
        }
      }
      for (size_t f = 0; f < plan_.filters.size(); ++f) {
        const Filter& filter = plan_.filters[f];
        const bool ready = bound[filter.a] && bound[filter.b];
        const bool newly = filter.a == step.var || filter.b == step.var;
        if (ready && newly) step.filters.push_back(static_cast<int>(f));
      }
      plan_.steps.push_back(std::move(step));
    }
    return {};
  }

  bool pick_follow(const std::vector<bool>& bound, std::vector<bool>& used, Plan::Step& step) {
    for (size_t c = 0; c < plan_.edges.size(); ++c) {
      const EdgeClause& e = plan_.edges[c];
      if (used[c] || bound[e.from] == bound[e.to]) continue;
      used[c] = true;
      step.kind = Plan::Step::follow;
      step.clause = static_cast<int>(c);
      step.var = bound[e.from] ? e.to : e.from;
      return true;
    }
    return false;
  }

  bool pick_anchor(const std::vector<bool>& bound, Plan::Step& step) {
    int best = -1, best_rank = 0;
    for (size_t v = 0; v < plan_.vars.size(); ++v) {
      if (bound[v]) continue;
      const VarConstraint& c = plan_.constraints[v];
      const int rank = c.id ? 3 : c.name ? 2 : c.type ? 1 : 0;
      if (rank > best_rank) best = static_cast<int>(v), best_rank = rank;
    }
    if (best < 0) return false;
    step.kind = Plan::Step::anchor;
    step.var = best;
    return true;
  }

  std::string first_unbound(const std::vector<bool>& bound) const {
    for (size_t v = 0; v < bound.size(); ++v) {
      if (!bound[v]) return plan_.vars[v];
    }
    return "?";
  }

  const Graph& graph_;
  Plan& plan_;
};

class Executor {
 public:
  Executor(const Graph& graph, const Plan& plan, const Limits& limits)
      : graph_(graph), plan_(plan), budget_(limits), binding_(plan.vars.size(), kUnbound) {}

  Result<PatternResult> run() {
    PatternResult result;
    for (int v : plan_.returns) result.columns.push_back(plan_.vars[v]);
    result_ = &result;
    if (Status ok = step(0); !ok) return ok.error();
    return result;
  }

 private:
  bool matches(int var, NodeIndex node) const {
    const VarConstraint& c = plan_.constraints[var];
    const Node& n = graph_.node(node);
    if (c.type && graph_.node_type(node) != *c.type) return false;
    if (c.id && n.id != *c.id) return false;
    if (c.name) {
      bool hit = lower(n.name) == *c.name;
      for (const std::string& alias : n.aliases) hit = hit || lower(alias) == *c.name;
      if (!hit) return false;
    }
    return true;
  }

  bool edge_exists(const EdgeClause& clause) const {
    const NodeIndex from = binding_[clause.from], to = binding_[clause.to];
    for (EdgeIndex e : graph_.out_edges(from)) {
      const EdgeRec& rec = graph_.edge_rec(e);
      if (rec.to == to && (!clause.type || rec.type == *clause.type)) return true;
    }
    return false;
  }

  bool filter_holds(const Filter& f) const {
    switch (f.kind) {
      case Filter::ne: return binding_[f.a] != binding_[f.b];
      case Filter::eq: return binding_[f.a] == binding_[f.b];
      case Filter::has: return graph_.node(binding_[f.a]).properties.contains(f.key);
    }
    return false;
  }

  // Tries `node` for the step's variable and recurses; false stops the search.
  Status bind(size_t index, NodeIndex node) {
    const Plan::Step& s = plan_.steps[index];
    if (Status ok = budget_.visit("pattern query"); !ok) return ok;
    if (!matches(s.var, node)) return {};
    binding_[s.var] = node;
    bool ok = true;
    for (int c : s.checks) ok = ok && edge_exists(plan_.edges[c]);
    for (int f : s.filters) ok = ok && filter_holds(plan_.filters[f]);
    Status status;
    if (ok) status = step(index + 1);
    binding_[s.var] = kUnbound;
    return status;
  }

  Status step(size_t index) {
    if (done_) return {};
    if (index == plan_.steps.size()) return emit();
    const Plan::Step& s = plan_.steps[index];
    if (s.kind == Plan::Step::anchor) return anchor(index);
    const EdgeClause& clause = plan_.edges[s.clause];
    const bool forward = binding_[clause.from] != kUnbound;
    const NodeIndex at = forward ? binding_[clause.from] : binding_[clause.to];
    // A reference is safe: the graph does not change during a read-only query.
    const auto& list = forward ? graph_.out_edges(at) : graph_.in_edges(at);
    for (EdgeIndex e : list) {
      const EdgeRec& rec = graph_.edge_rec(e);
      if (clause.type && rec.type != *clause.type) continue;
      if (Status ok = bind(index, forward ? rec.to : rec.from); !ok) return ok;
      if (done_) break;
    }
    return {};
  }

  Status anchor(size_t index) {
    const VarConstraint& c = plan_.constraints[plan_.steps[index].var];
    if (c.id) {
      auto node = graph_.index_of(*c.id);
      return node ? bind(index, *node) : Status{};
    }
    for (size_t n = 0; n < graph_.node_slots() && !done_; ++n) {
      if (!graph_.alive(static_cast<NodeIndex>(n))) continue;
      // Cheap pre-check so only real candidates count against the budget.
      if (!matches(plan_.steps[index].var, static_cast<NodeIndex>(n))) continue;
      if (Status ok = bind(index, static_cast<NodeIndex>(n)); !ok) return ok;
    }
    return {};
  }

  Status emit() {
    std::vector<NodeIndex> row;
    for (int v : plan_.returns) row.push_back(binding_[v]);
    if (seen_.insert(row).second) {
      if (result_->rows.size() == plan_.limit) {
        result_->truncated = true;
        done_ = true;
        return {};
      }
      result_->rows.push_back(std::move(row));
    }
    return {};
  }

  const Graph& graph_;
  const Plan& plan_;
  Budget budget_;
  std::vector<NodeIndex> binding_;
  std::set<std::vector<NodeIndex>> seen_;
  PatternResult* result_ = nullptr;
  bool done_ = false;
};

}  // namespace

Result<PatternResult> run_pattern(const Graph& graph, const Json& query, const Limits& limits) {
  if (Status ok = check_limits(limits); !ok) return ok.error();
  Plan plan;
  Compiler compiler(graph, plan);
  if (Status ok = compiler.compile(query); !ok) return ok.error();
  return Executor(graph, plan, limits).run();
}

Json pattern_result_to_json(const Graph& graph, const PatternResult& result) {
  Json rows = Json::array();
  for (const auto& row : result.rows) {
    Json obj = Json::object();
    for (size_t i = 0; i < row.size(); ++i) obj[result.columns[i]] = node_summary(graph, row[i]);
    rows.push_back(std::move(obj));
  }
  return Json{{"columns", result.columns}, {"rows", rows}, {"truncated", result.truncated}};
}

}  // namespace finchat::kg
