#include "finance/fundamentals/demo.hpp"

#include <cmath>
#include <map>
#include <random>

namespace finchat::fundamentals {

namespace {

const char* const kQuarterEnds[] = {"-03-31", "-06-30", "-09-30", "-12-31"};
constexpr double kSeasonality[] = {0.96, 0.99, 1.0, 1.05};  // Q4 is the strongest quarter

struct Balance {
  double cash, receivables, inventory, debt, equity, retained, shares, other_liabilities;
};

class Generator {
 public:
  Generator(const std::string& ticker, std::uint64_t seed)
      : rng_(seed ^ std::hash<std::string>{}(ticker)) {}
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * double(rng_() >> 11) / double(1ULL << 53);
  }

 private:
  std::mt19937_64 rng_;
};

double round_k(double v) { return std::round(v / 1e3) * 1e3; }

}  // namespace

Statements generate_demo_company(const std::string& ticker, std::uint64_t seed, int years) {
  Generator g(ticker, seed);
  Statements s;
  s.company = ticker + " (fictional demo company)";
  s.fictional = true;
  const std::string src = "demo generator (fictional)";
  double quarterly_revenue = g.uniform(0.5e9, 5e9);
  const double trend = g.uniform(-0.01, 0.045);  // quarterly growth drift
  const double gross_margin = g.uniform(0.35, 0.7), opex_share = g.uniform(0.15, 0.3);
  const double payout = g.uniform(0.0, 0.4);
  Balance b{};
  b.cash = quarterly_revenue * g.uniform(0.3, 1.0);
  b.receivables = quarterly_revenue * 0.6;
  b.inventory = quarterly_revenue * 0.2;
  b.debt = quarterly_revenue * g.uniform(0.4, 2.0);
  b.equity = quarterly_revenue * g.uniform(2.0, 4.0);
  b.retained = b.equity * g.uniform(0.3, 0.8);
  b.shares = g.uniform(2e8, 1.5e9);
  b.other_liabilities = quarterly_revenue * g.uniform(0.3, 0.8);
  const int first_year = 2025 - years + 1;
  std::map<std::string, double> annual;
  for (int year = first_year; year <= 2026; ++year) {
    annual.clear();
    for (int q = 0; q < 4; ++q) {
      if (year == 2026 && q == 3) break;  // the demo data ends with 2026 Q3
      const Period p{std::to_string(year) + kQuarterEnds[q], PeriodType::quarter};
      quarterly_revenue *= 1 + trend + g.uniform(-0.03, 0.03);
      const double revenue = quarterly_revenue * kSeasonality[q];
      const double cost = revenue * (1 - gross_margin + g.uniform(-0.02, 0.02));
      const double opex = revenue * opex_share * (1 + g.uniform(-0.05, 0.05));
      const double op = revenue - cost - opex;
      const double interest = b.debt * 0.05 / 4, pretax = op - interest;
      const double tax = pretax > 0 ? pretax * 0.21 : 0, ni = pretax - tax;
      const double da = revenue * 0.04;
      const double working_capital_change = revenue * g.uniform(-0.03, 0.02);
      const double ocf = ni + da + working_capital_change;
      const double capex = revenue * g.uniform(0.03, 0.07);
      const double dividends = ni > 0 ? ni * payout : 0;
      const double debt_change = b.debt * g.uniform(-0.04, 0.02);
      b.debt += debt_change;
      b.shares *= 1 + g.uniform(-0.006, 0.003);
      b.cash = std::max(b.cash + ocf - capex - dividends + debt_change, revenue * 0.05);
      b.receivables = revenue * 0.6;
      b.inventory = revenue * 0.2;
      b.equity += ni - dividends;
      b.retained += ni - dividends;
      const double current_liabilities = revenue * 0.7;
      const double liabilities = current_liabilities + b.debt + b.other_liabilities;
      const double current_assets = b.cash + b.receivables + b.inventory;
      // Non-current assets absorb the difference so the balance sheet balances.
      const double total_assets = std::max(liabilities + b.equity, current_assets * 1.2);
      const double equity = total_assets - liabilities;
      b.equity = equity;
      const double eps = ni / b.shares;
      const std::pair<const char*, double> flows[] = {{"revenue", revenue},
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
                                                      {"dividends_paid", dividends}};
      const std::pair<const char*, double> balances[] = {
          {"cash", b.cash},
          {"receivables", b.receivables},
          {"inventory", b.inventory},
          {"current_assets", current_assets},
          {"total_assets", total_assets},
          {"current_liabilities", current_liabilities},
          {"long_term_debt", b.debt},
          {"total_liabilities", liabilities},
          {"equity", equity},
          {"retained_earnings", b.retained},
          {"shares_outstanding", b.shares}};
      for (const auto& [line, value] : flows) {
        s.set(line, p, round_k(value), "USD", src);
        annual[line] += round_k(value);
      }
      for (const auto& [line, value] : balances) {
        s.set(line, p, round_k(value), line == std::string("shares_outstanding") ? "shares" : "USD",
              src);
      }
      s.set("diluted_shares", p, round_k(b.shares), "shares", src);
      s.set("eps_diluted", p, std::round(eps * 100) / 100, "USD/shares", src);
      annual["diluted_shares"] += round_k(b.shares) / 4;
    }
    if (annual.size() < 2 || year == 2026) continue;
    const Period fy{std::to_string(year) + "-12-31", PeriodType::annual};
    for (const auto& [line, value] : annual) {
      s.set(line, fy, line == "diluted_shares" ? round_k(value) : value,
            line == "diluted_shares" ? "shares" : "USD", src);
    }
    const double fy_eps = annual["net_income"] / round_k(annual["diluted_shares"]);
    s.set("eps_diluted", fy, std::round(fy_eps * 100) / 100, "USD/shares", src);
  }
  return s;
}

}  // namespace finchat::fundamentals
