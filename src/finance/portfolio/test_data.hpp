#pragma once
// Test helpers: locate and load the shared PyPortfolioOpt reference data.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "finance/portfolio/price_matrix.hpp"

namespace finchat::portfolio::testing {

inline std::string shared_portfolio_dir() {
#ifdef FINCHAT_SHARED_DIR
  return std::string(FINCHAT_SHARED_DIR) + "/data/portfolio";
#else
  return {};
#endif
}

inline bool shared_data_present() {
  const std::string dir = shared_portfolio_dir();
  return !dir.empty() && std::filesystem::exists(dir + "/stock_prices.csv") &&
         std::filesystem::exists(dir + "/expected_values.json");
}

inline nlohmann::json expected_values() {
  std::ifstream in(shared_portfolio_dir() + "/expected_values.json");
  return nlohmann::json::parse(in);
}

inline PriceMatrix stock_prices() {
  auto prices = load_price_csv(shared_portfolio_dir() + "/stock_prices.csv");
  return prices ? *prices : PriceMatrix{};
}

}  // namespace finchat::portfolio::testing

#define FINCHAT_REQUIRE_SHARED_DATA()                                      \
  if (!::finchat::portfolio::testing::shared_data_present()) {             \
    GTEST_SKIP() << "shared portfolio data not found at "                  \
                 << ::finchat::portfolio::testing::shared_portfolio_dir(); \
  }
