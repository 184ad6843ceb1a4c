#pragma once
// The knowledge graph in chat: a `kg` skill that answers from graph facts (cited with their
// provenance) — a company's competitors with each one's last price and day change from the
// market data, its sector and industry, its officers, and the fees that apply to a product
// with the article documenting them — plus its routing rules, references to listed companies
// ("how is the second one doing?") and an entity finder that links company names to market
// symbols.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/market_routes.hpp"
#include "chat/engine.hpp"
#include "kg/service.hpp"

namespace finchat::app {

struct Services;

// The market feed, which is wired after the graph: set once wire_market has made it.
class MarketHandle {
 public:
  void set(std::shared_ptr<api::MarketService> market);
  std::shared_ptr<api::MarketService> get() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<api::MarketService> market_;
};

// Companies named in the text (names, aliases, tickers, small typos) whose ticker is a market
// symbol, in order of appearance.
class KgCompanyFinder final : public chat::EntityFinder {
 public:
  KgCompanyFinder(std::shared_ptr<kg::KnowledgeService> graph, std::shared_ptr<MarketHandle> market)
      : graph_(std::move(graph)), market_(std::move(market)) {}
  std::vector<std::string> find_symbols(const std::string& text) override;
  // Shared with the kg skill; market_and_kg_finder fills it.
  const std::shared_ptr<MarketHandle>& market_handle() const { return market_; }

 private:
  std::shared_ptr<kg::KnowledgeService> graph_;
  std::shared_ptr<MarketHandle> market_;
};

// Symbols from each finder in turn (the first finder's first), without duplicates.
class CompositeFinder final : public chat::EntityFinder {
 public:
  explicit CompositeFinder(std::vector<std::shared_ptr<chat::EntityFinder>> finders)
      : finders_(std::move(finders)) {}
  std::vector<std::string> find_symbols(const std::string& text) override;

 private:
  std::vector<std::shared_ptr<chat::EntityFinder>> finders_;
};

class KgSkill final : public chat::Skill {
 public:
  KgSkill(std::shared_ptr<kg::KnowledgeService> graph, std::shared_ptr<MarketHandle> market)
      : graph_(std::move(graph)), market_(std::move(market)) {}
  std::string name() const override { return "kg"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

 private:
  std::shared_ptr<kg::KnowledgeService> graph_;
  std::shared_ptr<MarketHandle> market_;
};

// Routing to "kg": competitor, sector, officer and fee questions about something the graph
// knows, and ordinal references to companies the previous kg answer listed.
std::vector<chat::RouteRule> kg_route_rules(const std::shared_ptr<kg::KnowledgeService>& graph);

// The entity finder for chat once the market is up: market symbols first, then companies the
// graph links (when it is wired). Also hands the market to the kg skill.
std::shared_ptr<chat::EntityFinder> market_and_kg_finder(
    std::shared_ptr<api::MarketService> market, std::shared_ptr<chat::EntityFinder> market_finder,
    Services& services);

// Memory key of the symbols the last kg answer listed, for "the second one".
inline constexpr const char* kListedSymbolsKey = "listed_symbols";

}  // namespace finchat::app
