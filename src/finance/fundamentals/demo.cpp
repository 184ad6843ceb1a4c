#include "finance/fundamentals/demo.hpp"

#include <cmath>
#include <random>

namespace finchat::fundamentals {

Statements generate_demo_company(const std::string& ticker, std::uint64_t seed, int years) {
  std::mt19937_64 rng(seed ^ std::hash<std::string>{}(ticker));
  auto uniform = [&](double lo, double hi) {
    return lo + (hi - lo) * double(rng() >> 11) / double(1ULL << 53);
  };
  Statements s;
  s.company = ticker + " (fictional demo company)";
  s.fictional = true;
  double revenue = uniform(2e9, 20e9);
  const double gross_margin = uniform(0.35, 0.7), opex_share = uniform(0.15, 0.4);
  double shares = uniform(2e8, 1.5e9), retained = revenue * uniform(0.2, 1.0);
  double debt = revenue * uniform(0.1, 0.6), cash = revenue * uniform(0.05, 0.3);
  const std::string src = "demo generator (fictional)";
  for (int y = 0; y < years; ++y) {
    Period p{std::to_string(2020 + y) + "-12-31", PeriodType::annual};
    revenue *= 1 + uniform(-0.05, 0.18);
    const double cost = revenue * (1 - gross_margin + uniform(-0.02, 0.02));
    const double op = revenue - cost - revenue * opex_share;
    const double interest = debt * 0.05, pretax = op - interest;
    const double tax = pretax > 0 ? pretax * 0.21 : 0, ni = pretax - tax;
    const double da = revenue * 0.04, ocf = ni + da + revenue * uniform(-0.02, 0.04);
    const double capex = revenue * uniform(0.03, 0.07);
    retained += ni * 0.7;
    cash = std::max(cash + ocf - capex - ni * 0.3, revenue * 0.03);
    debt *= 1 + uniform(-0.1, 0.05);
    shares *= 1 + uniform(-0.02, 0.01);
    const double current_assets = cash + revenue * 0.25, current_liabilities = revenue * 0.2;
    const double total_assets = current_assets + revenue * uniform(0.8, 1.2);
    const double equity = std::max(total_assets - debt - current_liabilities, total_assets * 0.1);
    const double liabilities = total_assets - equity;
    const std::pair<const char*, double> lines[] = {{"revenue", revenue},
                                                    {"cost_of_revenue", cost},
                                                    {"gross_profit", revenue - cost},
                                                    {"operating_income", op},
                                                    {"interest_expense", interest},
                                                    {"pretax_income", pretax},
                                                    {"income_tax", tax},
                                                    {"net_income", ni},
                                                    {"depreciation_amortization", da},
                                                    {"operating_cash_flow", ocf},
                                                    {"capex", capex},
                                                    {"cash", cash},
                                                    {"current_assets", current_assets},
                                                    {"inventory", revenue * 0.05},
                                                    {"total_assets", total_assets},
                                                    {"current_liabilities", current_liabilities},
                                                    {"long_term_debt", debt},
                                                    {"total_liabilities", liabilities},
                                                    {"equity", equity},
                                                    {"retained_earnings", retained},
                                                    {"diluted_shares", shares}};
    for (const auto& [line, value] : lines) {
      s.set(line, p, std::round(value / 1e3) * 1e3,
            line == std::string("diluted_shares") ? "shares" : "USD", src);
    }
  }
  return s;
}

}  // namespace finchat::fundamentals
