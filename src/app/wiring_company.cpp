// Company fundamentals and documents: demo companies (fictional, generated at start-up for the
// market simulator and knowledge-graph tickers), imported companies from the store, the
// /v1/companies and /v1/documents routes, the company and documents chat skills, and the
// `ingest companyfacts` command.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "api/company_routes.hpp"
#include "api/document_routes.hpp"
#include "app/context.hpp"
#include "app/skills_company.hpp"
#include "app/wiring.hpp"
#include "core/log.hpp"
#include "finance/fundamentals/demo.hpp"
#include "finance/fundamentals/importer.hpp"
#include "market/simulator.hpp"

namespace finchat::app {

namespace {

constexpr std::uint64_t kDemoSeed = 20261;  // fixed: demo statements never change between runs
constexpr std::size_t kMaxDocumentBytes = 8 * 1024 * 1024;

// Names and sectors of the knowledge-graph demo universe (file moved to data/companies/;
// the old test-data copy is the fallback).
std::vector<fundamentals::CompanyProfile> kg_demo_profiles(const std::string& configured) {
  std::vector<fundamentals::CompanyProfile> out;
  for (const std::string& path : {configured, std::string("data/companies/demo_companies.json"),
                                  std::string("src/kg/testdata/demo_companies.json")}) {
    if (path.empty() || !std::filesystem::exists(path)) continue;
    std::ifstream in(path);
    auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.contains("companies")) continue;
    std::map<std::string, std::string> sectors;
    for (const auto& s : doc.value("sectors", nlohmann::json::array())) {
      sectors[s.value("id", "")] = s.value("name", "");
    }
    for (const auto& c : doc["companies"]) {
      const std::string sector = c.value("sector", "");
      out.push_back({c.value("ticker", ""), c.value("name", ""),
                     sectors.count(sector) ? sectors[sector] : sector, true, ""});
    }
    break;
  }
  return out;
}

std::vector<fundamentals::CompanyProfile> demo_profiles(const Context& ctx) {
  std::vector<fundamentals::CompanyProfile> out;
  for (const auto& i : market::default_universe()) {
    if (!i.is_index) out.push_back({i.symbol, i.name, i.sector, true, ""});
  }
  for (auto& p : kg_demo_profiles(ctx.config.kg.companies_file)) {
    const bool known =
        std::any_of(out.begin(), out.end(), [&](const auto& o) { return o.ticker == p.ticker; });
    if (!known && !p.ticker.empty()) out.push_back(std::move(p));
  }
  return out;
}

std::shared_ptr<fundamentals::CompanyRepository> load_companies(const Context& ctx) {
  auto repo = std::make_shared<fundamentals::CompanyRepository>(ctx.db);
  for (auto p : demo_profiles(ctx)) {
    auto s = fundamentals::generate_demo_company(p.ticker, kDemoSeed);
    s.company = p.name + " (fictional demo company)";
    p.source = "demo generator (fictional)";
    repo->put(std::move(p), std::move(s));
  }
  if (auto n = repo->load_saved(); !n) {
    log::get("company")->warn("imported companies not loaded: {}", n.error().message);
  } else if (*n > 0) {
    log::get("company")->info("{} imported companies loaded", *n);
  }
  return repo;
}

}  // namespace

Status wire_company(const Context& ctx, http::Router& router, Services& services,
                    SkillMap& skills) {
  auto companies = load_companies(ctx);
  std::function<std::optional<double>(const std::string&)> price;
  if (auto market = services.market) {
    price = [market](const std::string& ticker) -> std::optional<double> {
      if (!market->find(ticker)) return std::nullopt;
      auto snap = market->snapshot(ticker);
      if (snap.daily.empty()) return std::nullopt;
      return snap.daily.back().close;
    };
  }
  api::CompanyDeps deps{companies, price, services.kg_peers};
  api::register_company_routes(router, deps);

  documents::ServiceOptions options;
  options.max_bytes = kMaxDocumentBytes;
  auto docs = std::make_shared<documents::DocumentService>(
      std::make_shared<documents::DocumentStore>(ctx.db, ctx.cipher), options,
      documents::SentimentAnalyzer::bundled());  // trained in the background
  api::register_document_routes(router, docs, make_realizer(ctx, services));

  skills["company"] = std::make_shared<CompanySkill>(companies, price);
  skills["documents"] = std::make_shared<DocumentSkill>(docs);
  for (auto& rule : company_route_rules(companies)) services.route_rules.push_back(std::move(rule));
  services.owned.push_back(companies);
  services.owned.push_back(docs);
  log::get("company")->info("companies: {} with statements", companies->list().size());
  return {};
}

int cmd_ingest_companyfacts(const std::vector<std::string>& args, std::ostream& out,
                            std::ostream& err) {
  std::vector<std::string> flags, paths;
  std::string ticker;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--ticker" && i + 1 < args.size()) {
      ticker = args[++i];
    } else if (args[i].rfind("--", 0) == 0) {
      flags.push_back(args[i]);
      if (args[i].find('=') == std::string::npos && i + 1 < args.size()) flags.push_back(args[++i]);
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.empty()) {
    err << "usage: finchat ingest companyfacts FILE|DIR... [--ticker T] [--config FILE]\n"
           "  FILE: SEC companyfacts JSON (ticker from the name, e.g. lpa_companyfacts.json) or a\n"
           "  CSV with header company,period_end,period_type,line,value,unit\n";
    return 2;
  }
  int rc = 0;
  auto ctx = open_for_command(flags, err, rc, true);
  if (!ctx) return rc;
  fundamentals::CompanyRepository repo(ctx->db);
  for (const auto& path : paths) {
    auto imported = fundamentals::import_path(path, paths.size() == 1 ? ticker : "");
    if (!imported) {
      err << "finchat: " << imported.error().message << "\n";
      return 1;
    }
    for (auto& r : *imported) {
      out << r.profile.ticker << " (" << r.profile.name << "): " << r.statements.values.size()
          << " statement values from " << r.profile.source << "\n";
      for (const auto& line : r.report) out << "  " << line << "\n";
      if (auto st = repo.save(r.profile, std::move(r.statements)); !st) {
        err << "finchat: " << r.profile.ticker << ": " << st.error().message << "\n";
        return 1;
      }
    }
  }
  return 0;
}

}  // namespace finchat::app
