#include "finance/fundamentals/repository.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace finchat::fundamentals {

std::string upper_ticker(std::string ticker) {
  std::transform(ticker.begin(), ticker.end(), ticker.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return ticker;
}

std::optional<PeriodType> period_type_from_string(const std::string& s) {
  for (auto t : {PeriodType::instant, PeriodType::quarter, PeriodType::half,
                 PeriodType::nine_months, PeriodType::annual, PeriodType::other}) {
    if (s == to_string(t)) return t;
  }
  return std::nullopt;
}

void CompanyRepository::put(CompanyProfile profile, Statements statements) {
  profile.ticker = upper_ticker(profile.ticker);
  auto s = std::make_shared<const Statements>(std::move(statements));
  const std::string key = profile.ticker;
  std::lock_guard lock(mu_);
  companies_[key] = CompanyData{std::move(profile), std::move(s)};
}

Status CompanyRepository::save(CompanyProfile profile, Statements statements) {
  profile.ticker = upper_ticker(profile.ticker);
  if (db_) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    auto st = db_->transaction([&](store::Session& tx) -> Status {
      auto up = tx.exec(
          "INSERT INTO company_profiles (ticker, name, sector, fictional, source, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ticker) DO UPDATE SET name = "
          "excluded.name, sector = excluded.sector, fictional = excluded.fictional, source = "
          "excluded.source, updated_at = excluded.updated_at",
          {profile.ticker, profile.name, profile.sector, int64_t(profile.fictional), profile.source,
           int64_t(now)});
      if (!up) return up.error();
      auto del =
          tx.exec("DELETE FROM company_statement_values WHERE ticker = $1", {profile.ticker});
      if (!del) return del.error();
      for (const auto& v : statements.values) {
        auto ins = tx.exec(
            "INSERT INTO company_statement_values (ticker, line, period_end, period_type, value, "
            "unit, source) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {profile.ticker, v.line, v.period.end, std::string(to_string(v.period.type)), v.value,
             v.unit, v.source});
        if (!ins) return ins.error();
      }
      return {};
    });
    if (!st) return st;
  }
  put(std::move(profile), std::move(statements));
  return {};
}

Result<std::size_t> CompanyRepository::load_saved() {
  if (!db_) return std::size_t{0};
  auto profiles = db_->query(
      "SELECT ticker, name, sector, fictional, source FROM company_profiles ORDER BY ticker");
  if (!profiles) return profiles.error();
  for (const auto& r : *profiles) {
    CompanyProfile p{r.str("ticker"), r.str("name"), r.str("sector"), r.i64("fictional") != 0,
                     r.str("source")};
    auto rows = db_->query(
        "SELECT line, period_end, period_type, value, unit, source FROM company_statement_values "
        "WHERE ticker = $1",
        {p.ticker});
    if (!rows) return rows.error();
    Statements s;
    s.company = p.name;
    s.fictional = p.fictional;
    for (const auto& v : *rows) {
      const auto type = period_type_from_string(v.str("period_type"));
      if (!type) continue;
      s.values.push_back({v.str("line"),
                          {v.str("period_end"), *type},
                          v.f64("value"),
                          v.str("unit"),
                          v.str("source")});
    }
    put(std::move(p), std::move(s));
  }
  return profiles->size();
}

std::optional<CompanyData> CompanyRepository::get(const std::string& ticker) const {
  std::lock_guard lock(mu_);
  auto it = companies_.find(upper_ticker(ticker));
  if (it == companies_.end()) return std::nullopt;
  return it->second;
}

std::vector<CompanyData> CompanyRepository::list() const {
  std::lock_guard lock(mu_);
  std::vector<CompanyData> out;
  for (const auto& [ticker, data] : companies_) out.push_back(data);
  return out;
}

}  // namespace finchat::fundamentals
