#include "app/skills_kg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/skills_kg_text.hpp"
#include "app/wiring.hpp"
#include "core/text.hpp"
#include "kg/json_util.hpp"
#include "kg/lookups.hpp"

namespace finchat::app {

namespace {

using kgq::Ask;

using core::lower;

// One graph fact as a chat citation: the stored edge is the id, its provenance the source.
chat::Citation cite(const kg::GraphFact& f, const std::string& subject_name) {
  return chat::Citation{"graph",
                        f.edge,
                        subject_name + " " + f.relation + " " + f.object_name,
                        f.provenance.source,
                        f.provenance.as_of,
                        f.relation};
}

struct Company {
  std::string id;
  std::string name;
  std::string ticker;
};

std::optional<Company> company_by_id(const kg::Graph& g, const std::string& id) {
  const kg::Node* n = g.find(id);
  if (!n || n->type != "Company") return std::nullopt;
  return Company{n->id, n->name, kg::ticker_of(g, n->id)};
}

std::string label(const Company& c) {
  return c.ticker.empty() ? c.name : c.name + " (" + c.ticker + ")";
}

// The company the turn is about: an ordinal reference to the last listed companies, a name
// the graph links, a symbol the engine found, or the symbol in focus.
std::optional<Company> company_of(const kg::KnowledgeService& graph, const chat::Turn& turn,
                                  const std::string& lowered) {
  return graph.read([&](const kg::Graph& g) -> std::optional<Company> {
    const auto& listed = turn.state.contains(kListedSymbolsKey) ? turn.state[kListedSymbolsKey]
                                                                : nlohmann::json::array();
    if (listed.is_array()) {
      if (auto at = kgq::ordinal_reference(lowered, listed.size()); at && listed[*at].is_string()) {
        if (auto id = kg::company_for_ticker(g, listed[*at].get<std::string>())) {
          return company_by_id(g, *id);
        }
      }
    }
    for (const auto& m : graph.link(turn.text, kg::LinkContext::market)) {
      if (m.candidates[0].type == "Company") return company_by_id(g, m.candidates[0].id);
    }
    if (turn.entities.contains("symbols")) {
      for (const auto& s : turn.entities["symbols"]) {
        if (!s.is_string()) continue;
        if (auto id = kg::company_for_ticker(g, s.get<std::string>())) return company_by_id(g, *id);
      }
    }
    if (auto id = kg::company_for_ticker(g, kg::string_or(turn.state, "symbol", ""))) {
      return company_by_id(g, *id);
    }
    return std::nullopt;
  });
}

// Last close and change from the previous close, as facts, when the market has the symbol.
struct DayMove {
  double price = 0;
  double change_pct = 0;
  std::string currency;
  std::string as_of;
};

std::optional<DayMove> day_move(const api::MarketService* market, const std::string& symbol) {
  if (!market || symbol.empty() || !market->find(symbol)) return std::nullopt;
  auto snap = market->snapshot(symbol);
  if (snap.daily.size() < 2) return std::nullopt;
  const double last = snap.daily.back().close;
  const double prev = snap.daily[snap.daily.size() - 2].close;
  if (prev == 0) return std::nullopt;
  return DayMove{std::round(last * 100) / 100, std::round((last - prev) / prev * 10000) / 100,
                 snap.currency, format_iso8601(snap.as_of_ms)};
}

std::string move_text(const DayMove& m) {
  return fmt::format("{:.2f} {}, {}{:.2f}% on the day", m.price, m.currency,
                     m.change_pct >= 0 ? "+" : "-", std::fabs(m.change_pct));
}

void add_move(chat::SkillResult& r, const api::MarketService& market, const std::string& symbol,
              const DayMove& m) {
  r.facts.push_back({symbol + ".price", m.price, m.currency, m.as_of, market.source()});
  r.facts.push_back({symbol + ".change_pct", m.change_pct, "%", m.as_of, market.source()});
}

void add_market_notes(chat::SkillResult& r, const api::MarketService& market) {
  r.citations.push_back(
      {"data", "", "", market.simulated() ? "simulated market data" : market.source(), "", ""});
  r.disclaimer = std::string(chat::kInvestmentDisclaimer) +
                 (market.simulated() ? std::string(" ") + chat::kSimulatedNotice : "");
}

chat::SkillResult ask_for_company() {
  chat::SkillResult r;
  r.text =
      "Which company do you mean? For example: \"Who are Novatek's competitors?\" or "
      "\"Which sector is Brickline in?\".";
  r.suggestions = {"Who are Novatek's competitors?", "Who is the CEO of Brickline?"};
  return r;
}

chat::SkillResult peers_answer(const kg::KnowledgeService& graph, const Company& c,
                               const api::MarketService* market) {
  chat::SkillResult r;
  auto peers = graph.read([&](const kg::Graph& g) {
    std::vector<std::pair<kg::GraphFact, Company>> out;
    for (auto& f : kg::company_peers(g, c.id, 8)) {
      if (auto p = company_by_id(g, f.object)) out.emplace_back(std::move(f), std::move(*p));
    }
    return out;
  });
  if (peers.empty()) {
    r.text = "The knowledge graph lists no competitors or sector peers for " + label(c) + ".";
    return r;
  }
  const bool direct = peers[0].first.relation == "COMPETES_WITH";
  std::string text = (direct ? "Competitors of " : "Companies in the same ") +
                     std::string(direct                                       ? ""
                                 : peers[0].first.relation == "SAME_INDUSTRY" ? "industry as "
                                                                              : "sector as ") +
                     label(c) + ":";
  nlohmann::json rows = nlohmann::json::array();
  nlohmann::json listed = nlohmann::json::array();
  bool any_price = false;
  for (const auto& [fact, peer] : peers) {
    r.citations.push_back(cite(fact, c.name));
    auto move = day_move(market, peer.ticker);
    text += "\n- " + label(peer) + (move ? ": " + move_text(*move) : ": no market data");
    if (move) {
      add_move(r, *market, peer.ticker, *move);
      any_price = true;
    }
    rows.push_back({peer.ticker, peer.name, move ? nlohmann::json(move->price) : nlohmann::json(),
                    move ? nlohmann::json(move->change_pct) : nlohmann::json()});
    if (!peer.ticker.empty()) listed.push_back(peer.ticker);
  }
  r.text = text;
  r.card = {
      {"type", "table"}, {"columns", {"symbol", "name", "price", "change_pct"}}, {"rows", rows}};
  if (any_price) add_market_notes(r, *market);
  r.memory[kListedSymbolsKey] = listed;
  if (!c.ticker.empty()) r.memory["symbol"] = c.ticker;
  r.suggestions = {"How is the first one doing?", "Which sector is " + c.name + " in?"};
  return r;
}

chat::SkillResult sector_answer(const kg::KnowledgeService& graph, const Company& c) {
  chat::SkillResult r;
  auto facts = graph.read([&](const kg::Graph& g) { return kg::company_classification(g, c.id); });
  std::string sector, industry;
  for (const auto& f : facts) {
    (f.relation == "IN_SECTOR" ? sector : industry) = f.object_name;
    r.citations.push_back(cite(f, c.name));
  }
  if (sector.empty() && industry.empty()) {
    r.text = "The knowledge graph has no sector for " + label(c) + ".";
    return r;
  }
  r.text = label(c) + " is in the " + (sector.empty() ? industry : sector) + " sector" +
           (industry.empty() || sector.empty() ? "" : " (industry: " + industry + ")") + ".";
  if (!c.ticker.empty()) r.memory["symbol"] = c.ticker;
  r.suggestions = {"Who are its competitors?"};
  return r;
}

chat::SkillResult officers_answer(const kg::KnowledgeService& graph, const Company& c) {
  chat::SkillResult r;
  auto officers = graph.read([&](const kg::Graph& g) { return kg::company_officers(g, c.id); });
  if (officers.empty()) {
    r.text = "The knowledge graph lists no officers for " + label(c) + ".";
    return r;
  }
  std::vector<std::string> parts;
  for (const auto& o : officers) {
    parts.push_back(o.object_name + " is " + kg::string_or(o.properties, "title", "an officer") +
                    " of " + c.name);
    r.citations.push_back(cite(o, c.name));
  }
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? "; " : "") + parts[i];
  r.text = text + (c.ticker.empty() ? "." : " (" + c.ticker + ").");
  if (!c.ticker.empty()) r.memory["symbol"] = c.ticker;
  return r;
}

std::string amount_text(const nlohmann::json& p) {
  if (!p.contains("amount") || !p.at("amount").is_number()) return "";
  const double amount = p.at("amount").get<double>();
  const std::string unit = kg::string_or(p, "unit", "");
  if (unit == "percent") return fmt::format("{:g}%", amount);
  std::string out = fmt::format("{:.2f} {}", amount, kg::string_or(p, "currency", ""));
  if (unit == "per_item") out += " each";
  if (unit == "per_month") out += " a month";
  return out;
}

chat::SkillResult fees_answer(const kg::KnowledgeService& graph, const std::string& lowered) {
  chat::SkillResult r;
  graph.read([&](const kg::Graph& g) {
    const auto fee_ids = kgq::fees_matching(g, lowered);
    std::string text;
    std::vector<std::string> articles;
    std::vector<std::string> products;  // named in the answer: which product's fees these are
    for (const auto& fee_id : fee_ids) {
      const kg::Node* fee = g.find(fee_id);
      // The product edge gives the provenance of "this fee applies to that product".
      std::vector<kg::FeeFact> found;
      const std::string product = kg::string_or(fee->properties, "product", "");
      for (auto& f : kg::product_fees(g, "product:" + product, 100)) {
        if (f.fee.object == fee_id) found.push_back(std::move(f));
      }
      const std::string amount = amount_text(fee->properties);
      // Name the product the customer asked about when the fee applies to several.
      std::vector<std::string> names = kgq::products_named(g, fee_id, lowered);
      if (names.empty()) {
        if (const kg::Node* own = g.find("product:" + product)) names.push_back(own->name);
      }
      for (const auto& name : names) {
        if (std::find(products.begin(), products.end(), name) != products.end()) continue;
        products.push_back(name);
        r.labels.push_back(name);
      }
      text += "\n- " + fee->name + (amount.empty() ? "" : ": " + amount);
      const std::string conditions = kg::string_or(fee->properties, "conditions", "");
      if (!conditions.empty()) {
        text += " (" + conditions + ")";
        r.labels.push_back(conditions);  // quoted from our fee schedule data
      }
      r.labels.push_back(fee->name);
      if (fee->properties.contains("amount") && fee->properties.at("amount").is_number()) {
        const kg::Provenance from = found.empty() ? kg::Provenance{} : found[0].fee.provenance;
        r.facts.push_back({fee_id + ".amount", fee->properties.at("amount"),
                           kg::string_or(fee->properties, "currency", ""), from.as_of,
                           from.source.empty() ? "knowledge graph" : from.source});
      }
      for (const auto& f : found) {
        r.citations.push_back(cite(f.fee, g.node(*g.index_of(f.fee.subject)).name));
        for (const auto& a : f.articles) {
          if (std::find(articles.begin(), articles.end(), a.object) != articles.end()) continue;
          articles.push_back(a.object);
          r.citations.push_back({"article", a.object.substr(a.object.find(':') + 1), a.object_name,
                                 a.provenance.source, a.provenance.as_of, "DOCUMENTED_IN"});
        }
      }
    }
    if (fee_ids.empty()) {
      r.text =
          "Which product or service do you mean? For example: \"Which fees apply to a "
          "wire transfer?\"";
      return 0;
    }
    std::string sources;
    for (const auto& a : articles)
      sources += (sources.empty() ? "" : ", ") + a.substr(a.find(':') + 1);
    std::string to;
    for (size_t i = 0; i < products.size(); ++i)
      to += (i == 0 ? " to " : i + 1 == products.size() ? " and " : ", ") + products[i];
    r.text = "These fees apply" + to + ":" + text +
             (sources.empty() ? "" : "\nSource: " + sources + ".");
    return 0;
  });
  return r;
}

chat::SkillResult quote_answer(const Company& c, const api::MarketService* market) {
  chat::SkillResult r;
  auto move = day_move(market, c.ticker);
  if (!move) {
    r.text = label(c) + " has no market data in this demo.";
  } else {
    r.text = label(c) + " is at " + move_text(*move) + ".";
    add_move(r, *market, c.ticker, *move);
    add_market_notes(r, *market);
  }
  if (!c.ticker.empty()) r.memory["symbol"] = c.ticker;
  return r;
}

// Adds one part of a compound answer: texts on separate lines, facts, citations, labels,
// memory and suggestions kept.
void merge_answer(chat::SkillResult& into, chat::SkillResult part) {
  into.text += (into.text.empty() ? "" : "\n") + part.text;
  into.facts.insert(into.facts.end(), part.facts.begin(), part.facts.end());
  into.citations.insert(into.citations.end(), part.citations.begin(), part.citations.end());
  into.labels.insert(into.labels.end(), part.labels.begin(), part.labels.end());
  for (const auto& [k, v] : part.memory.items()) into.memory[k] = v;
  if (into.card.is_null()) into.card = part.card;
  if (into.disclaimer.empty()) into.disclaimer = part.disclaimer;
  for (auto& s : part.suggestions) {
    if (std::find(into.suggestions.begin(), into.suggestions.end(), s) == into.suggestions.end())
      into.suggestions.push_back(std::move(s));
  }
}

}  // namespace

void MarketHandle::set(std::shared_ptr<api::MarketService> market) {
  std::lock_guard lock(mutex_);
  market_ = std::move(market);
}

std::shared_ptr<api::MarketService> MarketHandle::get() const {
  std::lock_guard lock(mutex_);
  return market_;
}

Result<chat::SkillResult> KgSkill::run(chat::Turn& turn) {
  const std::string lowered = lower(turn.text);
  const std::vector<Ask> asks = kgq::asks_of(lowered);
  const auto market = market_ ? market_->get() : nullptr;
  chat::SkillResult r;
  if (!asks.empty() && asks.front() == Ask::fees) {
    r = fees_answer(*graph_, lowered);
  } else {
    auto company = company_of(*graph_, turn, lowered);
    if (!company) return ask_for_company();
    auto answer = [&](Ask ask) {
      switch (ask) {
        case Ask::peers: return peers_answer(*graph_, *company, market.get());
        case Ask::sector: return sector_answer(*graph_, *company);
        case Ask::officers: return officers_answer(*graph_, *company);
        default: return quote_answer(*company, market.get());  // "how is the second one doing?"
      }
    };
    if (asks.empty()) {
      r = answer(Ask::none);
    } else {
      // "What sector is X in and who's its boss?": one part per question asked.
      for (Ask ask : asks) merge_answer(r, answer(ask));
    }
  }
  r.skill = "kg";
  return r;
}

}  // namespace finchat::app
