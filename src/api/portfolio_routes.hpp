#pragma once
// /v1/portfolio and /v1/portfolios: the risk-profile questionnaire, recommendations (stored with
// their inputs for audit), the customer's own portfolios (holdings sealed at rest; another
// user's id is "not found") and policy backtests.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "api/market_routes.hpp"
#include "finance/portfolio/advisor.hpp"
#include "finance/portfolio/portfolio_store.hpp"
#include "http/router.hpp"

namespace finchat::api {

struct PortfolioDeps {
  std::shared_ptr<const portfolio::Advisor> advisor;
  std::shared_ptr<portfolio::PortfolioStore> store;
  // Whether a ticker may be held (market symbols and the bond sleeve); null accepts any.
  std::function<bool(const std::string&)> known_symbol;
};

void register_portfolio_routes(http::Router& router, PortfolioDeps deps);

// Daily closes of the market's tradeable (non-index) symbols, completed sessions only.
portfolio::PriceSource market_price_source(const std::shared_ptr<MarketService>& market);

// The recommendation as the API returns it (also kept as the audit record's output).
nlohmann::json advice_json(const portfolio::Advice& advice);
nlohmann::json holdings_risk_json(const portfolio::HoldingsRisk& risk);

}  // namespace finchat::api
