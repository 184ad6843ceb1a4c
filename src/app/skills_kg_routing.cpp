// Routing rules and entity finding for the kg skill.
#include "app/skills_kg.hpp"
#include "app/skills_kg_text.hpp"
#include "app/wiring.hpp"
#include "kg/lookups.hpp"

namespace finchat::app {

namespace {

bool links_company(const kg::KnowledgeService& graph, const std::string& text) {
  for (const auto& m : graph.link(text, kg::LinkContext::market)) {
    if (m.candidates[0].type == "Company") return true;
  }
  return false;
}

// A symbol found in the text, or the one in focus, that the graph knows as a company.
bool knows_a_symbol(const kg::KnowledgeService& graph, const chat::RouteContext& ctx) {
  std::vector<std::string> symbols = ctx.symbols;
  if (ctx.state.contains("symbol") && ctx.state["symbol"].is_string()) {
    symbols.push_back(ctx.state["symbol"].get<std::string>());
  }
  return graph.read([&](const kg::Graph& g) {
    for (const auto& s : symbols) {
      if (kg::company_for_ticker(g, s)) return true;
    }
    return false;
  });
}

bool has_listed(const nlohmann::json& state) {
  return state.contains(kListedSymbolsKey) && state[kListedSymbolsKey].is_array() &&
         !state[kListedSymbolsKey].empty();
}

}  // namespace

std::vector<chat::RouteRule> kg_route_rules(const std::shared_ptr<kg::KnowledgeService>& graph) {
  std::vector<chat::RouteRule> rules;
  // "How is the second one doing?" right after a kg answer listed companies.
  rules.push_back({"kg", 58, [](const chat::RouteContext& ctx) {
                     if (ctx.state.value("last_skill", "") != "kg" || !has_listed(ctx.state)) {
                       return false;
                     }
                     return kgq::ordinal_reference(ctx.lowered, ctx.state[kListedSymbolsKey].size())
                         .has_value();
                   }});
  // Competitors, officers and sector of a company the graph knows (named, found as a symbol,
  // or in focus: "who are its competitors?").
  rules.push_back({"kg", 55, [graph](const chat::RouteContext& ctx) {
                     const kgq::Ask ask = kgq::ask_of(ctx.lowered);
                     if (ask != kgq::Ask::peers && ask != kgq::Ask::officers &&
                         ask != kgq::Ask::sector) {
                       return false;
                     }
                     return links_company(*graph, ctx.text) || knows_a_symbol(*graph, ctx);
                   }});
  // "Which fees apply to my wire?": fee questions about a product the graph has fees for.
  rules.push_back({"kg", 54, [graph](const chat::RouteContext& ctx) {
                     if (kgq::ask_of(ctx.lowered) != kgq::Ask::fees) return false;
                     return graph->read([&](const kg::Graph& g) {
                       return !kgq::fees_matching(g, ctx.lowered).empty();
                     });
                   }});
  return rules;
}

std::vector<std::string> KgCompanyFinder::find_symbols(const std::string& text) {
  std::vector<std::string> out;
  auto market = market_ ? market_->get() : nullptr;
  if (!market) return out;
  for (const auto& m : graph_->link(text, kg::LinkContext::market)) {
    const auto& best = m.candidates[0];
    if (best.type != "Company") continue;
    std::string ticker =
        graph_->read([&](const kg::Graph& g) { return kg::ticker_of(g, best.id); });
    // Only companies the market quotes become symbols: the rest cannot be priced.
    if (ticker.empty() || !market->find(ticker)) continue;
    if (std::find(out.begin(), out.end(), ticker) == out.end()) out.push_back(ticker);
  }
  return out;
}

std::vector<std::string> CompositeFinder::find_symbols(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& finder : finders_) {
    if (!finder) continue;
    for (auto& s : finder->find_symbols(text)) {
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
  }
  return out;
}

std::shared_ptr<chat::EntityFinder> market_and_kg_finder(
    std::shared_ptr<api::MarketService> market, std::shared_ptr<chat::EntityFinder> market_finder,
    Services& services) {
  auto kg_finder = std::dynamic_pointer_cast<KgCompanyFinder>(services.kg_finder);
  if (!kg_finder) return market_finder;
  kg_finder->market_handle()->set(std::move(market));
  return std::make_shared<CompositeFinder>(
      std::vector<std::shared_ptr<chat::EntityFinder>>{std::move(market_finder), kg_finder});
}

}  // namespace finchat::app
