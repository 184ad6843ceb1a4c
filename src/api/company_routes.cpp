#include "api/company_routes.hpp"

#include "finance/fundamentals/importer.hpp"
#include "finance/fundamentals/insights.hpp"
#include "http/pipeline.hpp"

namespace finchat::api {

namespace {

using fundamentals::CompanyData;
using http::Policy;
using http::Request;
using http::Response;

nlohmann::json profile_json(const CompanyData& c) {
  const auto& p = c.profile;
  nlohmann::json j = {{"ticker", p.ticker},
                      {"name", p.name},
                      {"sector", p.sector},
                      {"fictional", p.fictional},
                      {"source", p.source}};
  const auto quarters = c.statements->periods(fundamentals::PeriodType::quarter);
  const auto years = c.statements->periods(fundamentals::PeriodType::annual);
  if (!quarters.empty())
    j["latest_quarter"] = fundamentals::fiscal_label(*c.statements, quarters.back());
  if (!years.empty()) j["latest_year"] = fundamentals::fiscal_label(*c.statements, years.back());
  return j;
}

Result<CompanyData> company(const CompanyDeps& d, const Request& r) {
  auto c = d.companies->get(r.param("ticker"));
  if (!c) return Error::not_found("unknown ticker " + r.param("ticker"));
  return *c;
}

Result<fundamentals::ResolvedPeriod> period_of(const CompanyData& c, const Request& r) {
  return fundamentals::resolve_period(c.statements, r.query_or("period", "latest"));
}

nlohmann::json period_json(const fundamentals::ResolvedPeriod& p) {
  return {{"label", p.label}, {"basis", p.basis}, {"end", p.end}};
}

Response list(const CompanyDeps& d, Request&) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& c : d.companies->list()) items.push_back(profile_json(c));
  return Response::json(200, {{"items", items}});
}

Response fundamentals_of(const CompanyDeps& d, Request& r) {
  auto c = company(d, r);
  if (!c) return Response::from_error(c.error());
  auto p = period_of(*c, r);
  if (!p) return Response::from_error(p.error());
  auto out = profile_json(*c);
  out["period"] = period_json(*p);
  out["statements"] = fundamentals::statement_lines_json(*p);
  out["available_periods"] = fundamentals::available_periods_json(*c->statements);
  return Response::json(200, out);
}

Response insights(const CompanyDeps& d, Request& r) {
  auto c = company(d, r);
  if (!c) return Response::from_error(c.error());
  auto p = period_of(*c, r);
  if (!p) return Response::from_error(p.error());
  fundamentals::AnalysisOptions options;
  if (d.price) options.price = d.price(c->profile.ticker);
  auto out = profile_json(*c);
  out["period"] = period_json(*p);
  if (options.price) out["price"] = *options.price;
  out["facts"] = nlohmann::json::array();
  for (const auto& f : fundamentals::company_insights(*p, options)) {
    out["facts"].push_back(fundamentals::to_json(f));
  }
  return Response::json(200, out);
}

Response peers(const CompanyDeps& d, Request& r) {
  auto c = company(d, r);
  if (!c) return Response::from_error(c.error());
  const auto cmp = fundamentals::compare_peers(*d.companies, c->profile.ticker, peers_of(d, *c));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [ticker, metrics] : cmp.metrics) {
    if (ticker == c->profile.ticker) continue;
    items.push_back({{"ticker", ticker}, {"metrics", metrics}});
  }
  nlohmann::json own = cmp.metrics.count(c->profile.ticker)
                           ? nlohmann::json(cmp.metrics.at(c->profile.ticker))
                           : nlohmann::json::object();
  return Response::json(200, {{"ticker", c->profile.ticker},
                              {"basis", cmp.basis},
                              {"metrics", own},
                              {"peers", items},
                              {"percentiles", cmp.percentiles},
                              {"percentile_method", "share of the group below, ties count half"}});
}

Response import(const CompanyDeps& d, Request& r) {
  const std::string type = r.header("content-type");
  const std::string ticker = r.query_or("ticker");
  if (r.body.empty()) return Response::from_error(Error::invalid("empty body", "body"));
  Result<fundamentals::ImportResult> imported =
      Error::invalid("unsupported content type", "content-type");
  if (type.rfind("text/csv", 0) == 0) {
    imported = fundamentals::import_statement_csv(r.body, "upload.csv", ticker);
  } else if (type.rfind("application/json", 0) == 0) {
    if (ticker.empty()) {
      return Response::from_error(Error::invalid("ticker query parameter is required", "ticker"));
    }
    imported = fundamentals::import_companyfacts_text(r.body, "upload.json", ticker);
  } else {
    return Response::from_error(Error::invalid(
        "content type must be application/json (SEC companyfacts) or text/csv", "content-type"));
  }
  if (!imported) return Response::from_error(imported.error());
  if (auto existing = d.companies->get(imported->profile.ticker)) {
    if (imported->profile.sector.empty()) imported->profile.sector = existing->profile.sector;
  }
  const auto values = imported->statements.values.size();
  auto report = imported->report;
  const auto profile = imported->profile;
  if (auto st = d.companies->save(imported->profile, std::move(imported->statements)); !st) {
    return Response::from_error(st.error());
  }
  return Response::json(
      201,
      {{"ticker", profile.ticker}, {"name", profile.name}, {"values", values}, {"report", report}});
}

}  // namespace

std::vector<std::string> peers_of(const CompanyDeps& deps, const CompanyData& c) {
  std::vector<std::string> out;
  if (deps.peers) out = deps.peers(c.profile.ticker);
  if (!out.empty() || c.profile.sector.empty()) return out;
  for (const auto& other : deps.companies->list()) {
    if (other.profile.sector == c.profile.sector && other.profile.ticker != c.profile.ticker) {
      out.push_back(other.profile.ticker);
    }
  }
  return out;
}

void register_company_routes(http::Router& router, CompanyDeps deps) {
  auto d = std::make_shared<const CompanyDeps>(std::move(deps));
  auto bind = [d](Response (*fn)(const CompanyDeps&, Request&)) {
    return [d, fn](Request& r) { return fn(*d, r); };
  };
  const auto readers = Policy::signed_in();
  router.add("GET", "/v1/companies", readers, bind(list));
  router.add("GET", "/v1/companies/{ticker}/fundamentals", readers, bind(fundamentals_of));
  router.add("GET", "/v1/companies/{ticker}/insights", readers, bind(insights));
  router.add("GET", "/v1/companies/{ticker}/peers", readers, bind(peers));
  router.add("POST", "/v1/companies/import", Policy::roles_any({"admin", "analyst"}), bind(import));
}

}  // namespace finchat::api
