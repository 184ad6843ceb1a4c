#pragma once
// Market skills for the chat engine: a quote, a technical analysis and the market trend,
// each as facts computed from market data, rendered deterministically.
#include <memory>

#include "api/market_routes.hpp"
#include "chat/engine.hpp"

namespace finchat::app {

class SymbolFinder final : public chat::EntityFinder {
 public:
  explicit SymbolFinder(std::shared_ptr<api::MarketService> market);
  std::vector<std::string> find_symbols(const std::string& text) override;

 private:
  std::vector<std::pair<std::string, std::string>> names_;  // lower-case name -> symbol
  std::shared_ptr<api::MarketService> market_;
};

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
