// The knowledge graph: loaded from the store, or on first start built from our data (the
// demo finance universe and the help-centre KB) and persisted; the /v1/kg routes with audited
// admin writes; the kg chat skill and its routing rules; peer and sector lookups for other
// domains; and the company-name finder that wire_market composes with market symbols.
#include <filesystem>

#include "api/kg_routes.hpp"
#include "app/skills_kg.hpp"
#include "app/wiring.hpp"
#include "auth/audit.hpp"
#include "core/log.hpp"
#include "kg/demo.hpp"
#include "kg/lookups.hpp"

namespace finchat::app {

namespace {

// What a first start seeds: the companies file and the KB, whichever exist.
Result<kg::Batch> demo_batch(const Context& ctx) {
  kg::Batch batch;
  const std::string& companies = ctx.config.kg.companies_file;
  if (!companies.empty() && std::filesystem::exists(companies)) {
    auto finance = kg::build_finance_graph(companies);
    if (!finance) return finance.error();
    batch.append(std::move(*finance));
  } else {
    log::get("kg")->warn("kg.companies_file {} not found: no finance entities", companies);
  }
  const std::string& kb = ctx.config.support.kb_dir;
  if (!kb.empty() && std::filesystem::is_directory(kb)) {
    auto support = kg::build_support_graph(kb);
    if (!support) return support.error();
    for (const auto& w : support->warnings) log::get("kg")->warn("{}", w.to_string());
    batch.append(std::move(support->batch));
  }
  return batch;
}

void set_lookups(const std::shared_ptr<kg::KnowledgeService>& graph, Services& services) {
  services.kg_peers = [graph](const std::string& ticker) {
    return graph->read([&](const kg::Graph& g) {
      std::vector<std::string> out;
      auto company = kg::company_for_ticker(g, ticker);
      if (!company) return out;
      for (const auto& f : kg::company_peers(g, *company)) {
        if (auto t = kg::ticker_of(g, f.object); !t.empty()) out.push_back(t);
      }
      return out;
    });
  };
  services.kg_sector = [graph](const std::string& ticker) {
    return graph->read([&](const kg::Graph& g) -> std::string {
      auto company = kg::company_for_ticker(g, ticker);
      if (!company) return "";
      for (const auto& f : kg::company_classification(g, *company)) {
        if (f.relation == "IN_SECTOR") return f.object_name;
      }
      return "";
    });
  };
}

api::KgAuditFn audit_writes(const Context& ctx) {
  auto log = std::make_shared<auth::AuditLog>(ctx.db, SystemClock::instance());
  return [log](const http::Request& r, const std::string& event, const std::string& subject,
               const nlohmann::json& detail) {
    log->record(auth::AuditEntry{event, r.principal ? r.principal->subject : "unknown", subject,
                                 r.remote_ip, detail});
  };
}

}  // namespace

Status wire_kg(const Context& ctx, http::Router& router, Services& services, SkillMap& skills) {
  auto graph = std::make_shared<kg::KnowledgeService>(ctx.db);
  std::function<Result<kg::Batch>()> seed;
  if (ctx.config.kg.seed_demo) seed = [&ctx] { return demo_batch(ctx); };
  auto nodes = graph->load(seed);
  if (!nodes) return nodes.error();
  log::get("kg")->info("knowledge graph: {} nodes, {} edges", *nodes,
                       graph->read([](const kg::Graph& g) { return g.edge_count(); }));

  api::KgDeps deps;
  deps.graph = graph;
  deps.audit = audit_writes(ctx);
  api::register_kg_routes(router, deps);

  set_lookups(graph, services);
  auto market = std::make_shared<MarketHandle>();
  skills["kg"] = std::make_shared<KgSkill>(graph, market);
  for (auto& rule : kg_route_rules(graph)) services.route_rules.push_back(std::move(rule));
  services.kg_finder = std::make_shared<KgCompanyFinder>(graph, market);
  services.owned.push_back(graph);
  return {};
}

}  // namespace finchat::app
