#include "app/skills_market.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "market/analysis.hpp"
#include "market/trend.hpp"

namespace finchat::app {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string words(std::string label) {
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

std::string money(double v) { return fmt::format("{:.2f}", v); }
std::string signed_pct(double v) {
  return fmt::format("{}{:.2f}%", v >= 0 ? "+" : "-", std::fabs(v));
}

const market::Fact* fact(const std::vector<market::Fact>& facts, const std::string& name) {
  return market::find_fact(facts, name);
}

chat::Fact to_chat(const market::Fact& f) {
  return chat::Fact{f.subject.empty() ? f.name : f.subject + "." + f.name, f.value, f.unit,
                    format_iso8601(f.as_of_ms), f.source};
}

std::string symbol_for(const chat::Turn& turn) {
  if (turn.entities.contains("symbols") && !turn.entities["symbols"].empty()) {
    return turn.entities["symbols"][0].get<std::string>();
  }
  return turn.state.value("symbol", "");
}

void add_source_notes(chat::SkillResult& r, const api::MarketService& m, int64_t as_of) {
  r.citations.push_back(chat::Citation{"data", "", "",
                                       m.simulated() ? "simulated market data" : m.source(),
                                       format_iso8601(as_of), ""});
  r.disclaimer = std::string(chat::kInvestmentDisclaimer) +
                 (m.simulated() ? std::string(" ") + chat::kSimulatedNotice : "");
}

chat::SkillResult ask_for_symbol() {
  chat::SkillResult r;
  r.text = "Which company or ticker do you mean? For example: NOVA, NWBK or \"Novatek\".";
  r.suggestions = {"How is NOVA doing?", "Is the market trending up?"};
  return r;
}

nlohmann::json series_of(const market::SymbolSnapshot& s, size_t n) {
  nlohmann::json out = nlohmann::json::array();
  size_t start = s.daily.size() > n ? s.daily.size() - n : 0;
  for (size_t i = start; i < s.daily.size(); ++i)
    out.push_back({{"t", s.daily[i].start_ms}, {"c", s.daily[i].close}});
  return out;
}

}  // namespace

SymbolFinder::SymbolFinder(std::shared_ptr<api::MarketService> market)
    : market_(std::move(market)) {
  for (const auto& i : market_->universe()) {
    names_.emplace_back(lower(i.name), i.symbol);
    std::string first = lower(i.name.substr(0, i.name.find(' ')));
    // A distinctive first word ("Nova") links too; generic ones ("The", "First") do not.
    static const std::vector<std::string> generic = {"the",    "first",    "american", "global",
                                                     "united", "national", "general",  "northwind"};
    if (first.size() >= 4 && std::find(generic.begin(), generic.end(), first) == generic.end()) {
      names_.emplace_back(first, i.symbol);
    }
  }
  std::sort(names_.begin(), names_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::vector<std::string> SymbolFinder::find_symbols(const std::string& text) {
  std::vector<std::pair<size_t, std::string>> found;
  static const std::regex ticker(R"(\$?\b([A-Z][A-Z0-9]{1,5})\b)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), ticker);
       it != std::sregex_iterator(); ++it) {
    std::string sym = (*it)[1].str();
    if (market_->find(sym)) found.emplace_back(static_cast<size_t>(it->position()), sym);
  }
  std::string low = lower(text);
  for (const auto& [name, sym] : names_) {
    std::regex word("\\b" + name + "\\b");
    std::smatch m;
    if (std::regex_search(low, m, word)) found.emplace_back(static_cast<size_t>(m.position()), sym);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (const auto& [pos, sym] : found) {
    if (std::find(out.begin(), out.end(), sym) == out.end()) out.push_back(sym);
  }
  return out;
}

Result<chat::SkillResult> MarketQuoteSkill::run(chat::Turn& turn) {
  std::string sym = symbol_for(turn);
  if (sym.empty() || !market_->find(sym)) return ask_for_symbol();
  auto snap = market_->snapshot(sym);
  if (snap.daily.size() < 2) return Error::unavailable("no market data for " + sym + " yet");
  const auto* info = market_->find(sym);
  double last = snap.daily.back().close;
  double prev = snap.daily[snap.daily.size() - 2].close;
  double change = last - prev;
  double pct = change / prev * 100.0;
  std::string as_of = format_iso8601(snap.as_of_ms);
  chat::SkillResult r;
  r.facts = {{"symbol", sym, "", as_of, market_->source()},
             {"price", std::round(last * 100) / 100, snap.currency, as_of, market_->source()},
             {"change", std::round(change * 100) / 100, snap.currency, as_of, market_->source()},
             {"change_pct", std::round(pct * 100) / 100, "%", as_of, market_->source()}};
  r.text = fmt::format("{} ({}) is at {} {}, {} {} ({}) from the previous close, as of {}.",
                       info->name, sym, money(last), snap.currency, change >= 0 ? "up" : "down",
                       money(std::fabs(change)), signed_pct(pct), as_of.substr(0, 16) + " UTC");
  if (market_->simulated()) r.text += " These are simulated demo prices.";
  r.card = {{"type", "quote"},
            {"symbol", sym},
            {"name", info->name},
            {"price", last},
            {"change", change},
            {"change_pct", pct},
            {"currency", snap.currency},
            {"as_of", as_of},
            {"source", market_->source()},
            {"simulated", market_->simulated()},
            {"series", series_of(snap, 60)}};
  add_source_notes(r, *market_, snap.as_of_ms);
  r.suggestions = {"What's " + sym + "'s RSI?", "Is the market trending up?"};
  r.memory["symbol"] = sym;
  return r;
}

Result<chat::SkillResult> MarketAnalysisSkill::run(chat::Turn& turn) {
  std::string sym = symbol_for(turn);
  if (sym.empty() || !market_->find(sym)) return ask_for_symbol();
  auto snap = market_->snapshot(sym);
  auto facts = market::analyze_symbol(snap);
  chat::SkillResult r;
  for (const auto& f : facts) r.facts.push_back(to_chat(f));
  const auto* info = market_->find(sym);
  std::string text = info->name + " (" + sym + ")";
  if (const auto* p = fact(facts, "last_price"))
    text += fmt::format(" last traded at {} {}", money(p->value.get<double>()), snap.currency);
  text += ".";
  if (const auto* rsi = fact(facts, "rsi_14")) {
    const auto* label = fact(facts, "rsi_14_signal");
    text += fmt::format(" RSI(14) is {:.2f}, which reads as {}.", rsi->value.get<double>(),
                        label ? words(label->value.get<std::string>()) : "neutral");
  }
  if (const auto* macd = fact(facts, "macd_signal"))
    text += " MACD signal: " + words(macd->value.get<std::string>()) + ".";
  if (const auto* s50 = fact(facts, "price_vs_sma_50"))
    text += " The price is " + s50->value.get<std::string>() + " its 50-day average";
  if (const auto* s200 = fact(facts, "price_vs_sma_200"))
    text += " and " + s200->value.get<std::string>() + " its 200-day average.";
  if (const auto* regime = fact(facts, "regime"))
    text += " Trend regime: " + words(regime->value.get<std::string>()) + ".";
  if (const auto* sup = fact(facts, "support_levels");
      sup && sup->value.is_array() && !sup->value.empty()) {
    text += fmt::format(" Nearest support: {}.", money(sup->value[0].get<double>()));
  }
  if (const auto* res = fact(facts, "resistance_levels");
      res && res->value.is_array() && !res->value.empty()) {
    text += fmt::format(" Nearest resistance: {}.", money(res->value[0].get<double>()));
  }
  r.text = text;
  add_source_notes(r, *market_, snap.as_of_ms);
  r.suggestions = {"How is " + sym + " doing today?", "Is the market trending up?"};
  r.memory["symbol"] = sym;
  return r;
}

Result<chat::SkillResult> MarketTrendSkill::run(chat::Turn&) {
  auto facts = market::analyze_market(market_->snapshots());
  chat::SkillResult r;
  for (const auto& f : facts) r.facts.push_back(to_chat(f));
  auto num = [&](const char* n) -> std::optional<double> {
    const auto* f = fact(facts, n);
    if (!f || !f->value.is_number()) return std::nullopt;
    return f->value.get<double>();
  };
  auto label = [&](const char* n) -> std::string {
    const auto* f = fact(facts, n);
    return f && f->value.is_string() ? f->value.get<std::string>() : "";
  };
  std::string text = "Across the market: ";
  if (auto a = num("advancers"), d = num("decliners"); a && d) {
    text +=
        fmt::format("{} advancers and {} decliners", static_cast<int>(*a), static_cast<int>(*d));
  }
  if (auto p50 = num("pct_above_sma_50"))
    text += fmt::format("; {:.2f}% of stocks are above their 50-day average", *p50);
  if (auto p200 = num("pct_above_sma_200"))
    text += fmt::format(" and {:.2f}% above their 200-day average", *p200);
  text += ".";
  if (auto lead = label("leading_sector"); !lead.empty())
    text += " Leading sector over the past month: " + lead + ";";
  if (auto lag = label("lagging_sector"); !lag.empty()) text += " lagging: " + lag + ".";
  if (auto vol = label("volatility_regime"); !vol.empty())
    text += " Volatility regime: " + words(vol) + ".";
  r.text = text;
  add_source_notes(r, *market_, market_->now_ms());
  r.suggestions = {"How is NOVA doing?", "Which sector is leading?"};
  return r;
}

}  // namespace finchat::app
