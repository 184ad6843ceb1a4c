#pragma once
// The advisor behind the API and chat: estimates a universe from daily closes (with a
// modelled fixed-income sleeve when the market has no bond fund), recommends, assesses
// holdings against a profile and backtests policies. Market-agnostic: prices come from a
// PriceSource supplied by the caller.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/portfolio/backtest.hpp"
#include "finance/portfolio/price_matrix.hpp"
#include "finance/portfolio/recommendation.hpp"

namespace finchat::portfolio {

// A fixed-income sleeve with stated assumptions, used when no bond instrument is traded. It has
// no price history: it is never backtested and its "shares" are currency units.
struct BondSleeve {
  std::string ticker = "BONDS";
  double expected_return = 0.035;  // annual
  double volatility = 0.05;        // annual
  double correlation = 0.0;        // with every equity
};

struct MarketData {
  PriceMatrix prices;         // daily closes, dates x tickers
  std::vector<Asset> assets;  // one per price column, same order
  bool simulated = false;
  std::string source;
};
using PriceSource = std::function<Result<MarketData>()>;

struct AdvisorConfig {
  Eigen::Index lookback_days = 504;  // price rows used for estimation
  Eigen::Index min_history_days = 60;
  double risk_free_rate = 0.02;
  double risk_aversion = 2.5;  // for market-implied equity returns
  bool bond_sleeve = true;     // add `bonds` when the market has no bond-class asset
  BondSleeve bonds;
  ConcentrationLimits limits;
  // Highest expected return within the profile's volatility budget (max Sharpe would put even
  // an aggressive investor mostly in bonds when the sleeve's Sharpe ratio is competitive).
  RecommendationObjective objective = RecommendationObjective::target_volatility;
};

struct RecommendationRequest {
  double cash = 0;
  std::optional<double> max_weight;      // per single security
  std::optional<double> min_bond_share;  // floor on bond-class weight
  std::vector<std::string> excluded;     // tickers left out
};

struct AssetReason {  // why an asset is in the portfolio, as numbers
  std::string ticker;
  std::string asset_class;
  std::string sector;
  double weight = 0;
  double expected_return = 0;
  double volatility = 0;
  double risk_contribution = 0;  // share of portfolio variance
};

struct Advice {
  Recommendation recommendation;
  std::vector<AssetReason> assets;  // held assets, largest weight first
  double bond_share = 0;
  std::vector<std::string> assumptions;  // estimation method and any modelled asset
  std::string as_of;                     // last price date used
};

struct HoldingsRisk {
  double market_value = 0;
  Eigen::VectorXd weights;  // over the universe
  PortfolioPerformance performance;
  SuitabilityReport suitability;
  std::vector<std::string> unknown_tickers;  // held but not in the universe (not assessed)
  std::vector<std::string> assumptions;
};

struct Holding {
  std::string ticker;
  double quantity = 0;
};

// Named policies re-estimated at each rebalance from trailing history, or fixed weights.
struct BacktestPolicy {
  std::string name;  // equal_weight | min_volatility | max_sharpe | hrp | risk_parity | fixed
  std::map<std::string, double> weights;  // for "fixed"
};

struct BacktestAdvice {
  BacktestResult result;
  std::vector<std::string> tickers;
  std::vector<std::string> assumptions;
};

class Advisor {
 public:
  Advisor(PriceSource source, AdvisorConfig config)
      : source_(std::move(source)), config_(std::move(config)) {}

  // Ledoit-Wolf covariance and market-implied (equilibrium) equity returns from the last
  // lookback_days closes, plus the bond sleeve.
  Result<Universe> universe(const std::vector<std::string>& excluded = {},
                            std::vector<std::string>* assumptions = nullptr,
                            std::string* as_of = nullptr) const;
  Result<Advice> recommend(const RiskProfile& profile, const RecommendationRequest& request) const;
  Result<HoldingsRisk> assess(const RiskProfile& profile,
                              const std::vector<Holding>& holdings) const;
  Result<BacktestAdvice> backtest(const BacktestPolicy& policy, RebalanceFrequency rebalance,
                                  double cost_bps) const;
  const AdvisorConfig& config() const { return config_; }

 private:
  PriceSource source_;
  AdvisorConfig config_;
};

double bond_share(const Eigen::VectorXd& weights, const Universe& universe);

}  // namespace finchat::portfolio
