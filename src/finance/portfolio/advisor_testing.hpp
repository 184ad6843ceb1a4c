#pragma once
// Test helpers shared by the advisor, API and chat tests: a deterministic synthetic market
// (one-factor model, fixed seed) and answer sets for the two ends of the questionnaire.
#include <cmath>
#include <cstdio>
#include <random>

#include "finance/portfolio/advisor.hpp"

namespace finchat::portfolio::testing {

// `days` daily closes of six stocks in three sectors; one factor plus noise.
inline MarketData synthetic_market(int days = 400, unsigned seed = 7) {
  const std::vector<std::string> tickers = {"AAA", "BBB", "CCC", "DDD", "EEE", "FFF"};
  const std::vector<std::string> sectors = {"Tech", "Tech", "Banks", "Banks", "Power", "Power"};
  const double beta[] = {1.3, 1.1, 1.0, 0.9, 0.6, 0.5};
  const double idio[] = {0.020, 0.018, 0.014, 0.012, 0.009, 0.008};
  std::mt19937 rng(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  MarketData d;
  d.simulated = true;
  d.source = "synthetic";
  d.prices.tickers = tickers;
  d.prices.values.resize(days, 6);
  for (int r = 0; r < days; ++r) {
    char date[16];
    std::snprintf(date, sizeof date, "2024-%02d-%02d", 1 + (r / 28) % 12, 1 + r % 28);
    d.prices.dates.push_back(std::to_string(2020 + r / 336) + std::string(date).substr(4));
    const double market = 0.0003 + 0.01 * z(rng);
    for (int c = 0; c < 6; ++c) {
      const double prev = r == 0 ? 50.0 + 10 * c : d.prices.values(r - 1, c);
      d.prices.values(r, c) = prev * std::exp(beta[c] * market + idio[c] * z(rng));
    }
  }
  for (int c = 0; c < 6; ++c)
    d.assets.push_back({tickers[c], AssetClass::equity, sectors[c], false});
  return d;
}

inline PriceSource synthetic_source(int days = 400) {
  auto data = std::make_shared<MarketData>(synthetic_market(days));
  return [data]() -> Result<MarketData> { return *data; };
}

inline Answers boldest_answers() {
  return {{"horizon", "gt10"},       {"loss_reaction", "buy_more"},
          {"max_loss", "gt30"},      {"income_stability", "very_stable"},
          {"goal", "max_growth"},    {"experience", "advanced"},
          {"liquidity", "lt10"},     {"age_band", "lt30"},
          {"emergency_fund", "gt6"}, {"wealth_share", "lt25"}};
}

inline Answers cautious_answers() {
  return {{"horizon", "1to3"},        {"loss_reaction", "sell_some"},
          {"max_loss", "5"},          {"income_stability", "stable"},
          {"goal", "income"},         {"experience", "funds"},
          {"liquidity", "10to25"},    {"age_band", "60to74"},
          {"emergency_fund", "3to6"}, {"wealth_share", "25to50"}};
}

}  // namespace finchat::portfolio::testing
