#include "api/portfolio_routes.hpp"

#include <cmath>
#include <map>

#include "api/idempotency.hpp"
#include "core/json.hpp"
#include "finance/portfolio/portfolio_json.hpp"
#include "http/pipeline.hpp"

namespace finchat::api {

namespace {

using http::Policy;
using http::Request;
using http::Response;
using nlohmann::json;
namespace pf = finchat::portfolio;
namespace fj = finchat::json;

constexpr size_t kMaxHoldings = 200;
constexpr double kMaxCash = 1e9;

const std::string& user_of(const Request& r) { return r.principal->subject; }

Error with_prefix(Error e, const std::string& prefix) {
  e.field = e.field.empty() ? prefix : prefix + "." + e.field;
  return e;
}

Result<pf::StoredProfile> require_profile(pf::PortfolioStore& store, const std::string& user) {
  auto p = store.profile(user);
  if (!p) return p.error();
  if (!p->has_value()) {
    return Error{ErrorKind::conflict,
                 "complete the risk profile first (POST /v1/portfolio/risk-profile)", "profile"};
  }
  return std::move(p->value());
}

json profile_json(const pf::StoredProfile& p) {
  json out = pf::to_json(p.profile);
  out["answers"] = p.answers;
  out["updated_at"] = format_iso8601(p.updated_at);
  return out;
}

Response questions(const PortfolioDeps&, Request&) {
  return Response::json(200, pf::to_json(pf::default_questionnaire()));
}

Response save_profile(const PortfolioDeps& d, Request& r) {
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  json answers_json;
  auto st = fj::ObjectReader(*body).field("answers", answers_json, true).finish();
  if (!st) return Response::from_error(st.error());
  auto answers = pf::answers_from_json(answers_json);
  if (!answers) return Response::from_error(with_prefix(answers.error(), "answers"));
  auto saved = d.store->save_profile(user_of(r), *answers);
  if (!saved) return Response::from_error(with_prefix(saved.error(), "answers"));
  return Response::json(200, profile_json(*saved));
}

Response get_profile(const PortfolioDeps& d, Request& r) {
  auto p = d.store->profile(user_of(r));
  if (!p) return Response::from_error(p.error());
  if (!p->has_value()) return Response::from_error(Error::not_found("no risk profile yet"));
  return Response::json(200, profile_json(**p));
}

Result<pf::RecommendationRequest> read_recommendation_request(const json& body) {
  pf::RecommendationRequest req;
  json constraints = json::object();
  auto st = fj::ObjectReader(body)
                .field("cash", req.cash, true, {1, kMaxCash})
                .field("constraints", constraints, false)
                .finish();
  if (!st) return st.error();
  if (!constraints.is_object()) return Error::invalid("must be an object", "constraints");
  st = fj::ObjectReader(constraints, "constraints")
           .field("max_weight", req.max_weight, {0.01, 1})
           .field("bond_share", req.min_bond_share, {0, 1})
           .field("exclude", req.excluded, false, {1, 16, {}}, 100)
           .finish();
  if (!st) return st.error();
  return req;
}

Response recommend(const PortfolioDeps& d, Request& r) {
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  auto req = read_recommendation_request(*body);
  if (!req) return Response::from_error(req.error());
  auto profile = require_profile(*d.store, user_of(r));
  if (!profile) return Response::from_error(profile.error());
  auto advice = d.advisor->recommend(profile->profile, *req);
  if (!advice) return Response::from_error(advice.error());
  json out = advice_json(*advice);
  json inputs = {{"request", *body},
                 {"profile", profile_json(*profile)},
                 {"as_of", advice->as_of},
                 {"assumptions", advice->assumptions}};
  auto id = d.store->record_recommendation(user_of(r), "api", inputs, out);
  if (!id) return Response::from_error(id.error());
  out["id"] = *id;
  return Response::json(201, out);
}

Result<std::vector<pf::Holding>> read_holdings(const PortfolioDeps& d, const json& list) {
  if (!list.is_array()) return Error::invalid("must be an array", "holdings");
  if (list.size() > kMaxHoldings) return Error::invalid("too many holdings", "holdings");
  std::vector<pf::Holding> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string path = "holdings[" + std::to_string(i) + "]";
    if (!list[i].is_object()) return Error::invalid("must be an object", path);
    pf::Holding h;
    auto st = fj::ObjectReader(list[i], path)
                  .field("ticker", h.ticker, true, {1, 16, {}})
                  .field("quantity", h.quantity, true, {0, kMaxCash})
                  .finish();
    if (!st) return st.error();
    if (d.known_symbol && !d.known_symbol(h.ticker)) {
      return Error::invalid("unknown symbol " + h.ticker, path + ".ticker");
    }
    out.push_back(h);
  }
  return out;
}

Response portfolio_response(const PortfolioDeps& d, const Request& r, const pf::StoredPortfolio& p,
                            int status) {
  json out = pf::to_json(p);
  auto profile = d.store->profile(user_of(r));
  if (profile && profile->has_value() && !p.holdings.empty()) {
    auto risk = d.advisor->assess((*profile)->profile, p.holdings);
    if (risk) out["risk"] = holdings_risk_json(*risk);
  }
  return Response::json(status, out);
}

Response create_portfolio(const PortfolioDeps& d, Request& r) {
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  std::string name;
  json holdings_list = json::array();
  auto st = fj::ObjectReader(*body)
                .field("name", name, true, {1, 100, {}})
                .field("holdings", holdings_list, false)
                .finish();
  if (!st) return Response::from_error(st.error());
  auto holdings = read_holdings(d, holdings_list);
  if (!holdings) return Response::from_error(holdings.error());
  auto p = d.store->create(user_of(r), name, *holdings);
  if (!p) return Response::from_error(p.error());
  Response res = portfolio_response(d, r, *p, 201);
  res.set_header("Location", "/v1/portfolios/" + p->id);
  return res;
}

Response list_portfolios(const PortfolioDeps& d, Request& r) {
  auto list = d.store->list(user_of(r));
  if (!list) return Response::from_error(list.error());
  json items = json::array();
  for (const auto& p : *list) items.push_back(pf::to_json(p));
  return Response::json(200, {{"items", items}});
}

Response get_portfolio(const PortfolioDeps& d, Request& r) {
  auto p = d.store->get(user_of(r), r.param("id"));
  if (!p) return Response::from_error(p.error());
  return portfolio_response(d, r, *p, 200);
}

Response put_portfolio(const PortfolioDeps& d, Request& r) {
  auto existing = d.store->get(user_of(r), r.param("id"));
  if (!existing) return Response::from_error(existing.error());  // 404 before validation
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  std::optional<std::string> name;
  json holdings_list;
  auto st = fj::ObjectReader(*body)
                .field("name", name, {1, 100, {}})
                .field("holdings", holdings_list, true)
                .finish();
  if (!st) return Response::from_error(st.error());
  auto holdings = read_holdings(d, holdings_list);
  if (!holdings) return Response::from_error(holdings.error());
  auto p = d.store->update(user_of(r), existing->id, name.value_or(existing->name), *holdings);
  if (!p) return Response::from_error(p.error());
  return portfolio_response(d, r, *p, 200);
}

pf::RebalanceFrequency frequency_of(const std::string& s) {
  if (s == "never") return pf::RebalanceFrequency::never;
  if (s == "quarterly") return pf::RebalanceFrequency::quarterly;
  if (s == "annually") return pf::RebalanceFrequency::annually;
  return pf::RebalanceFrequency::monthly;
}

Response backtest(const PortfolioDeps& d, Request& r) {
  auto body = http::parse_json_body(r);
  if (!body) return Response::from_error(body.error());
  pf::BacktestPolicy policy;
  std::string rebalance = "monthly";
  std::optional<double> cost_bps;
  json weights;
  auto st =
      fj::ObjectReader(*body)
          .field("policy", policy.name, true,
                 {1,
                  20,
                  {"equal_weight", "min_volatility", "max_sharpe", "hrp", "risk_parity", "fixed"}})
          .field("weights", weights, false)
          .field("rebalance", rebalance, false,
                 {1, 12, {"never", "monthly", "quarterly", "annually"}})
          .field("cost_bps", cost_bps, {0, 500})
          .finish();
  if (!st) return Response::from_error(st.error());
  if ((policy.name == "fixed") != !weights.is_null()) {
    return Response::from_error(
        Error::invalid("weights are required with policy \"fixed\" and only then", "weights"));
  }
  if (!weights.is_null()) {
    if (!weights.is_object() || weights.empty() || weights.size() > kMaxHoldings) {
      return Response::from_error(
          Error::invalid("must be an object of symbol to weight", "weights"));
    }
    double total = 0;
    for (auto it = weights.begin(); it != weights.end(); ++it) {
      const double w = it.value().is_number() ? it.value().get<double>() : -1;
      if (!(w >= 0 && w <= 1)) {
        return Response::from_error(
            Error::invalid("weight must be in [0, 1]", "weights." + it.key()));
      }
      total += w;
      policy.weights[it.key()] = w;
    }
    if (total > 1 + 1e-9) {
      return Response::from_error(Error::invalid("weights must sum to at most 1", "weights"));
    }
  }
  auto result = d.advisor->backtest(policy, frequency_of(rebalance), cost_bps.value_or(0));
  if (!result) return Response::from_error(result.error());
  json out = pf::to_json(result->result);
  out["policy"] = policy.name;
  out["rebalance"] = rebalance;
  out["tickers"] = result->tickers;
  out["assumptions"] = result->assumptions;
  out["disclaimer"] =
      "Hypothetical backtest on historical prices; past performance does not "
      "guarantee future results.";
  return Response::json(200, out);
}

}  // namespace

json advice_json(const pf::Advice& a) {
  json out = pf::to_json(a.recommendation);
  json assets = json::array();
  for (const auto& x : a.assets) {
    assets.push_back({{"ticker", x.ticker},
                      {"asset_class", x.asset_class},
                      {"sector", x.sector},
                      {"weight", x.weight},
                      {"expected_return", x.expected_return},
                      {"volatility", x.volatility},
                      {"risk_contribution", x.risk_contribution}});
  }
  out["assets"] = assets;
  out["bond_share"] = a.bond_share;
  out["as_of"] = a.as_of;
  out["assumptions"] = a.assumptions;
  return out;
}

json holdings_risk_json(const pf::HoldingsRisk& risk) {
  json issues = json::array();
  for (const auto& s : risk.suitability.issues) {
    issues.push_back(
        {{"code", s.code}, {"subject", s.subject}, {"value", s.value}, {"limit", s.limit}});
  }
  return {{"market_value", risk.market_value},
          {"performance", pf::to_json(risk.performance)},
          {"equity_share", risk.suitability.equity_share},
          {"suitability", {{"suitable", risk.suitability.suitable}, {"issues", issues}}},
          {"unknown_tickers", risk.unknown_tickers},
          {"assumptions", risk.assumptions}};
}

pf::PriceSource market_price_source(const std::shared_ptr<MarketService>& market) {
  return [market]() -> Result<pf::MarketData> {
    pf::MarketData d;
    d.simulated = market->simulated();
    d.source = market->source();
    std::vector<std::map<int64_t, double>> closes;
    std::map<int64_t, bool> sessions;
    for (const auto& snap : market->snapshots()) {
      if (snap.is_index) continue;  // indices are not investable
      std::map<int64_t, double> series;
      size_t complete = snap.daily.size();
      if (snap.session_in_progress && complete > 0) --complete;  // today's close is not final
      for (size_t i = 0; i < complete; ++i) {
        series[snap.daily[i].session] = snap.daily[i].close;
        sessions[snap.daily[i].session] = true;
      }
      d.prices.tickers.push_back(snap.symbol);
      d.assets.push_back({snap.symbol, pf::AssetClass::equity, snap.sector, false});
      closes.push_back(std::move(series));
    }
    if (sessions.empty()) return Error::unavailable("no daily market history yet");
    d.prices.values.resize(static_cast<Eigen::Index>(sessions.size()),
                           static_cast<Eigen::Index>(closes.size()));
    Eigen::Index row = 0;
    for (const auto& [session, unused] : sessions) {
      d.prices.dates.push_back(format_iso8601(session * 86'400'000).substr(0, 10));
      for (size_t c = 0; c < closes.size(); ++c) {
        auto it = closes[c].find(session);
        d.prices.values(row, static_cast<Eigen::Index>(c)) =
            it == closes[c].end() ? std::nan("") : it->second;
      }
      ++row;
    }
    return d;
  };
}

void register_portfolio_routes(http::Router& router, PortfolioDeps deps) {
  auto d = std::make_shared<const PortfolioDeps>(std::move(deps));
  auto bind = [d](Response (*fn)(const PortfolioDeps&, Request&)) {
    return [d, fn](Request& r) { return fn(*d, r); };
  };
  const auto customer = Policy::roles_any({"customer"});
  router.add("GET", "/v1/portfolio/risk-profile/questions", Policy::signed_in(), bind(questions));
  router.add("GET", "/v1/portfolio/risk-profile", customer, bind(get_profile));
  router.add("POST", "/v1/portfolio/risk-profile", customer, bind(save_profile));
  router.add("POST", "/v1/portfolio/recommendations", customer, bind(recommend));
  router.add("POST", "/v1/portfolio/backtest", customer, bind(backtest));
  router.add("GET", "/v1/portfolios", customer, bind(list_portfolios));
  router.add("POST", "/v1/portfolios", customer, idempotent(bind(create_portfolio)));
  router.add("GET", "/v1/portfolios/{id}", customer, bind(get_portfolio));
  router.add("PUT", "/v1/portfolios/{id}", customer, bind(put_portfolio));
}

}  // namespace finchat::api
