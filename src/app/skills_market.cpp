#include "app/skills_market.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "app/skills_kg.hpp"
#include "app/skills_kg_text.hpp"
#include "core/text.hpp"
#include "market/analysis.hpp"
#include "market/trend.hpp"

namespace finchat::app {

namespace {

using core::lower;

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

// The symbol a turn is about: one the engine found, a company the previous answer listed
// ("how is the second one doing?"), else the symbol in focus. A resolved reference is
// recorded in the turn's entities like a named symbol.
}  // namespace

std::optional<std::string> listed_reference(const std::string& text, const nlohmann::json& state) {
  if (!state.is_object()) return std::nullopt;
  auto it = state.find(kListedSymbolsKey);
  if (it == state.end() || !it->is_array() || it->empty()) return std::nullopt;
  auto at = kgq::ordinal_reference(lower(text), it->size());
  if (!at || !(*it)[*at].is_string()) return std::nullopt;
  return (*it)[*at].get<std::string>();
}

namespace {

std::string symbol_for(chat::Turn& turn) {
  if (turn.entities.contains("symbols") && !turn.entities["symbols"].empty()) {
    return turn.entities["symbols"][0].get<std::string>();
  }
  if (auto listed = listed_reference(turn.text, turn.state)) {
    turn.entities["symbols"] = nlohmann::json::array({*listed});
    return *listed;
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

// Asks which company; the next turn naming one goes back to `skill` (see
// market_route_rules).
chat::SkillResult ask_for_symbol(const std::string& skill) {
  chat::SkillResult r;
  r.text = "Which company or ticker do you mean? For example: NOVA, NWBK or \"Novatek\".";
  r.suggestions = {"How is NOVA doing?", "Is the market trending up?"};
  r.memory[kAwaitingSymbolKey] = skill;
  return r;
}

bool asks_volatility(const std::string& text) {
  static const std::regex r = chat::words_regex({"volatil(e|ity)", "swings?", "how risky"});
  return chat::contains_any(lower(text), r);
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// A word of a company name as customers mistype or shorten it: "sytems" for "systems",
// "nova" for "novatek", "solarion" for "solarix".
bool near_word(const std::string& typed, const std::string& name) {
  if (typed == name) return true;
  const size_t shorter = std::min(typed.size(), name.size());
  if (shorter >= 5 && edit_distance(typed, name) <= 1) return true;
  size_t common = 0;
  while (common < shorter && typed[common] == name[common]) ++common;
  return common >= 4 && common * 4 >= shorter * 3;
}

std::vector<std::pair<size_t, std::string>> words_of(const std::string& lowered) {
  static const std::regex word(R"([a-z][a-z0-9]*)");
  std::vector<std::pair<size_t, std::string>> out;
  for (auto it = std::sregex_iterator(lowered.begin(), lowered.end(), word);
       it != std::sregex_iterator(); ++it) {
    out.emplace_back(static_cast<size_t>(it->position()), it->str());
  }
  return out;
}

bool is_corporate_suffix(const std::string& w) {
  static const std::vector<std::string> suffixes = {"inc", "corp", "co", "ltd", "plc", "llc"};
  return std::find(suffixes.begin(), suffixes.end(), w) != suffixes.end();
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
  for (const auto& i : market_->universe()) {
    std::vector<std::string> w;
    for (auto& [pos, word] : words_of(lower(i.name))) w.push_back(word);
    if (w.size() >= 2 && !is_corporate_suffix(w[1])) name_pairs_.push_back({w[0], w[1], i.symbol});
    std::string sym = lower(i.symbol);
    if (sym.size() >= 4) lower_tickers_.emplace_back(sym, i.symbol);
  }
}

// Only when nothing matched exactly: a mistyped or shortened two-word name ("Nova Sytems"),
// or a lower-case ticker in a market question ("whats qbit at").
std::vector<std::pair<size_t, std::string>> SymbolFinder::near_matches(
    const std::string& lowered) const {
  std::vector<std::pair<size_t, std::string>> found;
  const auto words = words_of(lowered);
  for (size_t k = 0; k + 1 < words.size(); ++k) {
    for (const auto& n : name_pairs_) {
      if (near_word(words[k].second, n.first) && near_word(words[k + 1].second, n.second)) {
        found.emplace_back(words[k].first, n.symbol);
      }
    }
  }
  static const std::regex kMarketCue = chat::words_regex(
      {"price", "quote", "trading", "traded", "stock", "shares?", "doing", "rsi", "macd", "chart",
       "ticker", "worth", "(what'?s|whats|where'?s|wheres) [a-z0-9]+ at"});
  if (found.empty() && chat::contains_any(lowered, kMarketCue)) {
    for (const auto& [pos, word] : words) {
      for (const auto& [low, sym] : lower_tickers_) {
        if (word == low) found.emplace_back(pos, sym);
      }
    }
  }
  return found;
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
  if (found.empty()) found = near_matches(low);
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (const auto& [pos, sym] : found) {
    if (std::find(out.begin(), out.end(), sym) == out.end()) out.push_back(sym);
  }
  return out;
}

Result<chat::SkillResult> MarketQuoteSkill::run(chat::Turn& turn) {
  std::string sym = symbol_for(turn);
  if (sym.empty() || !market_->find(sym)) return ask_for_symbol(name());
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
  r.memory[kAwaitingSymbolKey] = nullptr;
  return r;
}

Result<chat::SkillResult> MarketAnalysisSkill::run(chat::Turn& turn) {
  std::string sym = symbol_for(turn);
  if (sym.empty() || !market_->find(sym)) return ask_for_symbol(name());
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
  if (const auto* vol = fact(facts, "realized_vol_20d");
      vol && vol->value.is_number() && asks_volatility(turn.text)) {
    text += fmt::format(" Realized volatility over 20 days: {:.2f}% annualized.",
                        vol->value.get<double>());
  }
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
  r.memory[kAwaitingSymbolKey] = nullptr;
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

namespace {

const std::regex& technical_words() {
  static const std::regex r = chat::words_regex({"rsi",
                                                 "macd",
                                                 "bollinger",
                                                 "adx",
                                                 "support levels?",
                                                 "resistance( levels?)?",
                                                 "analysis",
                                                 "analy[sz]e",
                                                 "technicals?",
                                                 "trend(s|ing)?",
                                                 "up ?trend",
                                                 "down ?trend",
                                                 "momentum",
                                                 "overbought",
                                                 "oversold",
                                                 "sma",
                                                 "ema",
                                                 "moving averages?",
                                                 "volatil(e|ity)",
                                                 "atr",
                                                 "pivot",
                                                 "breakout",
                                                 "stochastic",
                                                 "golden cross",
                                                 "death cross",
                                                 "indicators?"});
  return r;
}

// Indicator names that mean a technical question even without a company named.
const std::regex& indicator_words() {
  static const std::regex r =
      chat::words_regex({"rsi", "macd", "bollinger( bands?)?", "adx", "moving averages?", "sma",
                         "ema", "stochastic", "technical analysis", "golden cross", "death cross"});
  return r;
}

const std::regex& quote_words() {
  static const std::regex r =
      chat::words_regex({"price", "doing", "quote", "trading", "trade", "worth", "cost", "up",
                         "down", "moving", "performing", "performance", "today"});
  return r;
}

std::string state_string(const nlohmann::json& state, const char* key) {
  if (!state.is_object()) return "";
  auto it = state.find(key);
  return it != state.end() && it->is_string() ? it->get<std::string>() : "";
}

size_t word_count(const std::string& t) {
  static const std::regex word(R"([a-z0-9$]+)");
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(t.begin(), t.end(), word), std::sregex_iterator()));
}

}  // namespace

std::vector<chat::RouteRule> market_route_rules() {
  std::vector<chat::RouteRule> rules;
  // "How is the first one doing?" after a list of companies: a market question about it
  // (questions about its officers or sector stay with the kg rules).
  // The listing counts while the conversation stays on companies and markets.
  auto recent_listing = [](const chat::RouteContext& c) {
    const std::string last = state_string(c.state, "last_skill");
    return (last == "kg" || last.rfind("market_", 0) == 0) &&
           listed_reference(c.text, c.state).has_value();
  };
  rules.push_back({"market_analysis", 59, [recent_listing](const chat::RouteContext& c) {
                     return chat::contains_any(c.lowered, technical_words()) && recent_listing(c);
                   }});
  rules.push_back({"market_quote", 59, [recent_listing](const chat::RouteContext& c) {
                     return chat::contains_any(c.lowered, quote_words()) && recent_listing(c);
                   }});
  // The answer to "which company or ticker?": a short turn naming one goes to the skill that
  // asked, right after it asked.
  for (const char* skill : {"market_analysis", "market_quote"}) {
    rules.push_back({skill, 57, [skill](const chat::RouteContext& c) {
                       return !c.symbols.empty() &&
                              state_string(c.state, kAwaitingSymbolKey) == skill &&
                              state_string(c.state, "last_skill") == skill &&
                              word_count(c.lowered) <= 8;
                     }});
  }
  // Technical questions: about a named company ("Is NOVA trending up?"), or naming an
  // indicator with none (the skill uses the symbol in focus or asks which).
  rules.push_back({"market_analysis", 40, [](const chat::RouteContext& c) {
                     if (!c.symbols.empty())
                       return chat::contains_any(c.lowered, technical_words());
                     return chat::contains_any(c.lowered, indicator_words());
                   }});
  return rules;
}

}  // namespace finchat::app
