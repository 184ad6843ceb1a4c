#pragma once
// Suitability checks and the full recommendation: profile + universe + cash -> portfolio.
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/portfolio/allocation.hpp"
#include "finance/portfolio/efficient_frontier.hpp"
#include "finance/portfolio/risk_profile.hpp"

namespace finchat::portfolio {

enum class AssetClass { equity, bond, cash, commodity, real_estate, other };
const char* to_string(AssetClass c);
Result<AssetClass> asset_class_from_string(const std::string& name);

struct Asset {
  std::string ticker;
  AssetClass asset_class = AssetClass::equity;
  std::string sector;        // empty = none
  bool diversified = false;  // a fund: exempt from the single-asset concentration limit
};

struct Universe {
  std::vector<Asset> assets;
  Eigen::VectorXd expected_returns;  // annual
  Eigen::MatrixXd cov;               // annual
  Eigen::VectorXd latest_prices;
  bool simulated = false;  // inputs are simulated rather than market history
};
Status validate_universe(const Universe& u);

struct ConcentrationLimits {
  double max_single_asset = 0.25;  // not applied to diversified funds
  double max_sector = 0.40;
};

struct SuitabilityIssue {
  std::string code;     // volatility_above_profile, equity_above_profile, single_asset, sector
  std::string subject;  // ticker or sector, empty for portfolio-wide checks
  double value = 0;
  double limit = 0;
};

struct SuitabilityReport {
  bool suitable = true;
  double volatility = 0;
  double equity_share = 0;
  std::vector<SuitabilityIssue> issues;
};

SuitabilityReport check_suitability(const Eigen::VectorXd& weights, const Universe& universe,
                                    const RiskProfile& profile, const ConcentrationLimits& limits);

struct Fact {  // a structured reason: numbers come from computation, never from prose
  std::string name;
  double value = 0;
  std::string unit;  // "fraction", "ratio", "currency", "count", "points"
};

struct Recommendation {
  std::string method;  // which optimiser produced the weights
  RiskLevel level = RiskLevel::conservative;
  std::vector<std::string> tickers;
  Eigen::VectorXd weights;
  PortfolioPerformance performance;
  double return_p05 = 0;  // 1-year 5th percentile, normal approximation
  double return_p95 = 0;
  double equity_share = 0;
  double cash_amount = 0;
  DiscreteAllocation allocation;
  SuitabilityReport suitability;
  std::vector<Fact> reasons;
  std::vector<std::string> disclosures;
};

enum class RecommendationObjective {
  max_sharpe,         // best risk-adjusted portfolio that fits the profile
  target_volatility,  // highest expected return using the profile's full volatility budget
};

struct RecommendationOptions {
  RecommendationObjective objective = RecommendationObjective::max_sharpe;
  double risk_free_rate = 0.02;
  ConcentrationLimits limits;
  double min_bond_share = 0;  // floor on bond-class weight ("at least 30% bonds"); 0 = none
};

// Within the profile's equity cap and the concentration limits: max Sharpe (or, with
// target_volatility, skip to the next step); if that is more volatile than the profile allows,
// the highest-return portfolio at the profile's volatility; if even that is impossible,
// minimum volatility (flagged as unsuitable by the suitability report).
Result<Recommendation> build_recommendation(const RiskProfile& profile, const Universe& universe,
                                            double cash, const RecommendationOptions& options = {});

// "What if I add 10% bonds": w' = (1 - f) w + f e_bond, metrics and allocation recomputed.
Result<Recommendation> blend_with_asset(const Recommendation& base, const RiskProfile& profile,
                                        const Universe& universe, const std::string& ticker,
                                        double fraction, const RecommendationOptions& options = {});

// 5th/95th percentile of a one-year return ~ N(mu, sigma^2).
std::pair<double, double> normal_return_range(double mu, double sigma);

}  // namespace finchat::portfolio
