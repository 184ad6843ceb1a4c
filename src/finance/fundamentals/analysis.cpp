#include "finance/fundamentals/analysis.hpp"

#include <cmath>

namespace finchat::fundamentals {

namespace {

class Builder {
 public:
  Builder(const Statements& s, Period p) : s_(s), p_(std::move(p)) {}
  std::optional<double> get(const std::string& line) const { return s_.get(line, p_); }
  void add(const std::string& name, std::optional<double> v, const std::string& unit,
           const std::string& source) {
    if (v && std::isfinite(*v)) out.push_back({name, *v, unit, p_.label(), source});
  }
  std::vector<AnalysisFact> out;

 private:
  const Statements& s_;
  Period p_;
};

std::optional<double> div(std::optional<double> a, std::optional<double> b) {
  if (!a || !b || *b == 0) return std::nullopt;
  return *a / *b;
}
std::optional<double> sub(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *a - *b;
}
std::optional<double> add(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *a + *b;
}
std::optional<double> mul(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *a * *b;
}

std::optional<double> gross_profit(const Statements& s, const Period& p) {
  if (auto g = s.get("gross_profit", p)) return g;
  return sub(s.get("revenue", p), s.get("cost_of_revenue", p));
}
std::optional<double> total_debt(const Statements& s, const Period& p) {
  auto lt = s.get("long_term_debt", p);
  auto st = s.get("short_term_debt", p);
  if (!lt && !st) return std::nullopt;
  return lt.value_or(0) + st.value_or(0);
}
std::optional<double> shares(const Statements& s, const Period& p) {
  if (auto d = s.get("diluted_shares", p)) return d;
  return s.get("shares_outstanding", p);
}

void add_growth(Builder& b, const Statements& s, const Period& p) {
  for (const char* line : {"revenue", "net_income", "operating_income", "eps_diluted"}) {
    if (auto prev = s.prior(p, 365)) {
      auto cur = s.get(line, p), old = s.get(line, *prev);
      if (cur && old && *old != 0) {
        b.add(std::string(line) + "_growth_yoy", (*cur - *old) / std::fabs(*old) * 100, "percent",
              std::string(line) + " vs " + prev->label());
      }
    }
    if (p.type == PeriodType::quarter) {
      if (auto prev = s.prior(p, 91)) {
        auto cur = s.get(line, p), old = s.get(line, *prev);
        if (cur && old && *old != 0) {
          b.add(std::string(line) + "_growth_qoq", (*cur - *old) / std::fabs(*old) * 100, "percent",
                std::string(line) + " vs " + prev->label());
        }
      }
    }
  }
}

}  // namespace

std::vector<AnalysisFact> analyze(const Statements& s, const Period& p,
                                  const AnalysisOptions& options) {
  Builder b(s, p);
  const auto revenue = b.get("revenue"), ni = b.get("net_income"), op = b.get("operating_income"),
             assets = b.get("total_assets"), equity = b.get("equity"), cash = b.get("cash"),
             ocf = b.get("operating_cash_flow"), capex = b.get("capex"),
             da = b.get("depreciation_amortization");
  const auto gp = gross_profit(s, p);
  const auto debt = total_debt(s, p);
  const auto sh = shares(s, p);
  b.add("gross_margin", mul(div(gp, revenue), 100.0), "percent", "gross_profit / revenue");
  b.add("operating_margin", mul(div(op, revenue), 100.0), "percent", "operating_income / revenue");
  b.add("net_margin", mul(div(ni, revenue), 100.0), "percent", "net_income / revenue");
  b.add("roe", mul(div(ni, equity), 100.0), "percent", "net_income / equity (period end)");
  b.add("roa", mul(div(ni, assets), 100.0), "percent", "net_income / total_assets (period end)");
  const auto tax_rate = div(b.get("income_tax"), b.get("pretax_income"));
  const auto invested = sub(add(debt, equity), cash);
  b.add("roic", mul(div(mul(op, sub(1.0, tax_rate)), invested), 100.0), "percent",
        "operating_income * (1 - income_tax/pretax_income) / (debt + equity - cash)");
  b.add("current_ratio", div(b.get("current_assets"), b.get("current_liabilities")), "ratio",
        "current_assets / current_liabilities");
  const auto quick_assets = sub(b.get("current_assets"), b.get("inventory").value_or(0));
  b.add("quick_ratio", div(quick_assets, b.get("current_liabilities")), "ratio",
        "(current_assets - inventory) / current_liabilities");
  b.add("debt_to_equity", div(debt, equity), "ratio",
        "(long_term_debt + short_term_debt) / equity");
  b.add("interest_coverage", div(op, b.get("interest_expense")), "ratio",
        "operating_income / interest_expense");
  const auto turnover = div(revenue, assets);
  b.add("asset_turnover", turnover, "ratio", "revenue / total_assets");
  b.add("cash_conversion", div(ocf, ni), "ratio", "operating_cash_flow / net_income");
  const auto fcf = sub(ocf, capex);
  b.add("free_cash_flow", fcf, "USD", "operating_cash_flow - capex");
  const auto eps = div(ni, sh);
  b.add("eps", eps, "USD/shares", "net_income / shares");
  b.add("revenue_per_share", div(revenue, sh), "USD/shares", "revenue / shares");
  b.add("book_value_per_share", div(equity, sh), "USD/shares", "equity / shares");
  b.add("fcf_per_share", div(fcf, sh), "USD/shares", "free_cash_flow / shares");
  // DuPont: ROE = net margin x asset turnover x equity multiplier.
  b.add("dupont_net_margin", div(ni, revenue), "ratio", "net_income / revenue");
  b.add("dupont_asset_turnover", turnover, "ratio", "revenue / total_assets");
  b.add("dupont_equity_multiplier", div(assets, equity), "ratio", "total_assets / equity");
  if (options.price) {
    const auto mcap = mul(*options.price, sh);
    b.add("market_cap", mcap, "USD", "price * shares");
    b.add("pe", div(*options.price, eps), "ratio", "price / (net_income / shares)");
    b.add("ps", div(mcap, revenue), "ratio", "market_cap / revenue");
    const auto ev = sub(add(mcap, debt.value_or(0)), cash.value_or(0));
    b.add("enterprise_value", ev, "USD", "market_cap + debt - cash");
    b.add("ev_ebitda", div(ev, add(op, da)), "ratio",
          "enterprise_value / (operating_income + depreciation_amortization)");
  }
  add_growth(b, s, p);
  return b.out;
}

std::optional<AnalysisFact> cagr(const Statements& s, const std::string& line) {
  std::vector<std::pair<Period, double>> pts;
  for (const auto& p : s.periods(PeriodType::annual)) {
    if (auto v = s.get(line, p)) pts.emplace_back(p, *v);
  }
  if (pts.size() < 2 || pts.front().second <= 0 || pts.back().second <= 0) return std::nullopt;
  const double years =
      double(*parse_date(pts.back().first.end) - *parse_date(pts.front().first.end)) / 365.25;
  const double years_rounded = std::round(years);
  if (years_rounded < 1) return std::nullopt;
  const double rate = std::pow(pts.back().second / pts.front().second, 1.0 / years_rounded) - 1;
  return AnalysisFact{line + "_cagr", rate * 100, "percent",
                      pts.front().first.end + ".." + pts.back().first.end,
                      line + " over " + std::to_string(int(years_rounded)) + " years"};
}

std::vector<AnalysisFact> piotroski(const Statements& s, const Period& p) {
  std::vector<AnalysisFact> out;
  const auto prev = s.prior(p, 365);
  if (!prev) return out;
  auto g = [&](const char* line, const Period& q) { return s.get(line, q); };
  auto roa = [&](const Period& q) { return div(g("net_income", q), g("total_assets", q)); };
  auto lev = [&](const Period& q) { return div(g("long_term_debt", q), g("total_assets", q)); };
  auto cur = [&](const Period& q) {
    return div(g("current_assets", q), g("current_liabilities", q));
  };
  auto gm = [&](const Period& q) { return div(gross_profit(s, q), g("revenue", q)); };
  auto at = [&](const Period& q) { return div(g("revenue", q), g("total_assets", q)); };
  int score = 0;
  auto test = [&](const char* name, std::optional<double> a, std::optional<double> b, bool greater,
                  const char* why) {
    if (!a || !b) return;
    const bool pass = greater ? *a > *b : *a < *b;
    score += pass;
    out.push_back({std::string("fscore_") + name, pass ? 1.0 : 0.0, "score", p.label(), why});
  };
  test("roa_positive", roa(p), 0.0, true, "net_income / total_assets > 0");
  test("cfo_positive", g("operating_cash_flow", p), 0.0, true, "operating_cash_flow > 0");
  test("roa_improved", roa(p), roa(*prev), true, "ROA > prior-year ROA");
  test("accruals", g("operating_cash_flow", p), g("net_income", p), true,
       "operating_cash_flow > net_income");
  test("leverage_down", lev(p), lev(*prev), false, "long_term_debt/total_assets < prior year");
  test("current_ratio_up", cur(p), cur(*prev), true, "current ratio > prior year");
  auto sh_now = shares(s, p), sh_prev = shares(s, *prev);
  if (sh_now && sh_prev) {
    const bool pass = *sh_now <= *sh_prev;
    score += pass;
    out.push_back({"fscore_no_dilution", pass ? 1.0 : 0.0, "score", p.label(),
                   "shares <= prior-year shares"});
  }
  test("gross_margin_up", gm(p), gm(*prev), true, "gross margin > prior year");
  test("asset_turnover_up", at(p), at(*prev), true, "asset turnover > prior year");
  out.push_back({"piotroski_f_score", double(score), "score", p.label(),
                 "sum of " + std::to_string(out.size()) + " tests"});
  return out;
}

std::vector<AnalysisFact> altman(const Statements& s, const Period& p,
                                 const AnalysisOptions& options) {
  std::vector<AnalysisFact> out;
  auto g = [&](const char* line) { return s.get(line, p); };
  const auto ta = g("total_assets");
  const auto wc = sub(g("current_assets"), g("current_liabilities"));
  const auto x1 = div(wc, ta), x2 = div(g("retained_earnings"), ta),
             x3 = div(g("operating_income"), ta), x5 = div(g("revenue"), ta);
  const bool market = options.price && shares(s, p);
  const auto equity_value = market ? mul(*options.price, shares(s, p)) : g("equity");
  const auto x4 = div(equity_value, g("total_liabilities"));
  if (!x1 || !x2 || !x3 || !x4 || !x5) return out;
  auto add_input = [&](const char* name, double v, const char* why) {
    out.push_back({name, v, "ratio", p.label(), why});
  };
  add_input("altman_x1", *x1, "(current_assets - current_liabilities) / total_assets");
  add_input("altman_x2", *x2, "retained_earnings / total_assets");
  add_input("altman_x3", *x3, "operating_income (EBIT) / total_assets");
  add_input("altman_x4", *x4,
            market ? "market_cap / total_liabilities" : "equity / total_liabilities");
  add_input("altman_x5", *x5, "revenue / total_assets");
  const double z = market ? 1.2 * *x1 + 1.4 * *x2 + 3.3 * *x3 + 0.6 * *x4 + 1.0 * *x5
                          : 0.717 * *x1 + 0.847 * *x2 + 3.107 * *x3 + 0.420 * *x4 + 0.998 * *x5;
  out.push_back({"altman_z_score", z, "score", p.label(),
                 market ? "1.2x1+1.4x2+3.3x3+0.6x4+1.0x5"
                        : "Z' (book equity): 0.717x1+0.847x2+3.107x3+0.420x4+0.998x5"});
  return out;
}

std::vector<AnalysisFact> peer_percentiles(const std::string& metric,
                                           const std::map<std::string, double>& values) {
  std::vector<AnalysisFact> out;
  const double n = double(values.size());
  for (const auto& [company, v] : values) {
    double below = 0, equal = 0;
    for (const auto& [other, w] : values) {
      if (w < v) ++below;
      if (w == v) ++equal;
    }
    out.push_back({metric + "_percentile", (below + 0.5 * equal) / n * 100, "percent", "",
                   company + " among " + std::to_string(values.size()) + " peers"});
  }
  return out;
}

const AnalysisFact* find_fact(const std::vector<AnalysisFact>& facts, const std::string& name) {
  for (const auto& f : facts) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace finchat::fundamentals
