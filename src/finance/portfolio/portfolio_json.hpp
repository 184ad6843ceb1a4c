#pragma once
// JSON (nlohmann) forms of the portfolio inputs and outputs, for the API layer.
#include <nlohmann/json.hpp>
#include <vector>

#include "core/result.hpp"
#include "finance/portfolio/backtest.hpp"
#include "finance/portfolio/recommendation.hpp"
#include "finance/portfolio/risk_profile.hpp"

namespace finchat::portfolio {

nlohmann::json to_json(const Questionnaire& q);
Result<Questionnaire> questionnaire_from_json(const nlohmann::json& j);

// {"horizon": "5to10", ...}; errors name the offending question id.
Result<Answers> answers_from_json(const nlohmann::json& j);
nlohmann::json to_json(const RiskProfile& p);

// {"assets": [{"ticker", "asset_class", "sector", "diversified"}], "expected_returns": [..], "cov":
// [[..]],
//  "latest_prices": [..], "simulated": false}
Result<Universe> universe_from_json(const nlohmann::json& j);
nlohmann::json to_json(const Universe& u);

nlohmann::json to_json(const PortfolioPerformance& p);
nlohmann::json to_json(const Recommendation& r);
nlohmann::json to_json(const std::vector<FrontierPoint>& frontier);
nlohmann::json to_json(const BacktestResult& b);
nlohmann::json to_json(const RebalancePlan& plan, const std::vector<std::string>& tickers);

}  // namespace finchat::portfolio
