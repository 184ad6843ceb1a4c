#pragma once
// Market skills for the chat engine: a quote, a technical analysis and the market trend,
// each as facts computed from market data, rendered deterministically.
#include <memory>

#include "api/market_routes.hpp"
#include "chat/engine.hpp"

namespace finchat::app {

// Market symbols in a text: upper-case tickers, company names and distinctive first words;
// failing those, a mistyped or shortened two-word name ("Nova Sytems") or a lower-case
// ticker in a market question ("whats qbit at").
class SymbolFinder final : public chat::EntityFinder {
 public:
  explicit SymbolFinder(std::shared_ptr<api::MarketService> market);
  std::vector<std::string> find_symbols(const std::string& text) override;

 private:
  struct NamePair {
    std::string first, second, symbol;
  };
  std::vector<std::pair<size_t, std::string>> near_matches(const std::string& lowered) const;

  std::vector<std::pair<std::string, std::string>> names_;  // lower-case name -> symbol
  std::vector<NamePair> name_pairs_;                        // first two words of each name
  std::vector<std::pair<std::string, std::string>> lower_tickers_;
  std::shared_ptr<api::MarketService> market_;
};

// Memory key: the market skill that asked "which company?" and takes the next turn that
// names one ("can you run an RSI check?" ... "on Medisona").
inline constexpr const char* kAwaitingSymbolKey = "awaiting_symbol_for";

// The symbol an ordinal reference ("the second one") picks from the companies the previous
// answer listed, if any.
std::optional<std::string> listed_reference(const std::string& text, const nlohmann::json& state);

// Routing to the market skills beyond the engine's defaults: a market question about a
// company the previous answer listed, the answer to "which company?", and technical
// questions (trend, momentum, volatility, indicators) with or without a symbol.
std::vector<chat::RouteRule> market_route_rules();

class MarketQuoteSkill final : public chat::Skill {
 public:
  explicit MarketQuoteSkill(std::shared_ptr<api::MarketService> m) : market_(std::move(m)) {}
  std::string name() const override { return "market_quote"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

 private:
  std::shared_ptr<api::MarketService> market_;
};

class MarketAnalysisSkill final : public chat::Skill {
 public:
  explicit MarketAnalysisSkill(std::shared_ptr<api::MarketService> m) : market_(std::move(m)) {}
  std::string name() const override { return "market_analysis"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

 private:
  std::shared_ptr<api::MarketService> market_;
};

class MarketTrendSkill final : public chat::Skill {
 public:
  explicit MarketTrendSkill(std::shared_ptr<api::MarketService> m) : market_(std::move(m)) {}
  std::string name() const override { return "market_trends"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

 private:
  std::shared_ptr<api::MarketService> market_;
};

}  // namespace finchat::app
