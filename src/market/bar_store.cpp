#include "market/bar_store.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "market/csv_import.hpp"

namespace finchat::market {

namespace {

std::string symbol_from_path(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  std::transform(stem.begin(), stem.end(), stem.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return stem;
}

bool valid_symbol(const std::string& s) {
  if (s.empty() || s.size() > 16) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isupper(c) || std::isdigit(c) || c == '.' || c == '-' || c == '^';
  });
}

}  // namespace

Status DailyBarStore::replace(const std::vector<SymbolHistory>& histories) {
  return db_->transaction([&](store::Session& s) -> Status {
    for (const auto& h : histories) {
      if (auto d = s.exec("DELETE FROM market_daily_bars WHERE symbol = $1", {h.symbol}); !d) {
        return d.error();
      }
      for (const Bar& b : h.bars) {
        auto r = s.exec(
            "INSERT INTO market_daily_bars (symbol, session, open, high, low, close, volume, "
            "source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {h.symbol, b.session, b.open, b.high, b.low, b.close, b.volume, h.source});
        if (!r) return r.error();
      }
    }
    return {};
  });
}

Result<std::vector<Bar>> DailyBarStore::load(const std::string& symbol,
                                             const MarketCalendar& calendar) const {
  auto rows = db_->query(
      "SELECT session, open, high, low, close, volume FROM market_daily_bars WHERE symbol = $1 "
      "ORDER BY session",
      {symbol});
  if (!rows) return rows.error();
  std::vector<Bar> bars;
  bars.reserve(rows->size());
  for (const auto& r : *rows) {
    Bar b;
    b.session = r.i64(0);
    b.start_ms = calendar.day_start_ms(b.session);
    b.open = r.f64(1);
    b.high = r.f64(2);
    b.low = r.f64(3);
    b.close = r.f64(4);
    b.volume = r.f64(5);
    bars.push_back(b);
  }
  return bars;
}

Result<std::vector<std::string>> DailyBarStore::symbols() const {
  auto rows = db_->query("SELECT DISTINCT symbol FROM market_daily_bars ORDER BY symbol");
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.str(0));
  return out;
}

Result<std::vector<PriceImportSummary>> import_price_files(DailyBarStore& store,
                                                           const std::vector<PriceImport>& files,
                                                           const MarketCalendar& calendar) {
  std::vector<SymbolHistory> histories;
  std::vector<PriceImportSummary> summary;
  for (const auto& f : files) {
    std::string symbol = f.symbol.empty() ? symbol_from_path(f.path) : f.symbol;
    if (!valid_symbol(symbol)) {
      return Error::invalid(f.path + ": '" + symbol + "' is not a ticker symbol (use --symbol)",
                            "symbol");
    }
    auto bars = load_ohlcv_csv(f.path, calendar);
    if (!bars) return bars.error();
    if (bars->empty()) return Error::invalid(f.path + ": no rows", "rows");
    summary.push_back({symbol, bars->size(), format_date(bars->front().session),
                       format_date(bars->back().session)});
    histories.push_back({symbol, std::move(*bars), "imported"});
  }
  if (auto st = store.replace(histories); !st) return st.error();
  return summary;
}

}  // namespace finchat::market
