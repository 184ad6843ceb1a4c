#include "app/skills_kg.hpp"

#include <gtest/gtest.h>

#include "app/skills_kg_text.hpp"
#include "app/skills_market.hpp"
#include "app/wiring.hpp"
#include "chat/skills_basic.hpp"
#include "kg/demo.hpp"
#include "market/snapshot.hpp"
#include "store/migrations.hpp"

namespace finchat::app {
namespace {

using nlohmann::json;

std::shared_ptr<api::MarketService> simulated_market() {
  market::SimulatorConfig config;
  config.seed = 7;
  auto sim = market::MarketSimulator::create(config);
  EXPECT_TRUE(sim.ok());
  auto state = market::MarketState::create(sim->calendar());
  EXPECT_TRUE(state.ok());
  std::shared_ptr<market::MarketState> shared(std::move(state.value()));
  market::load_history(*shared, sim->generate_history(1'790'000'000'000, 30));
  return std::make_shared<api::MarketService>(shared, sim->universe(), market::kSimulatedSource);
}

// A chat engine with the kg skill and a market quote skill, wired as serve does.
struct KgChat : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    graph = std::make_shared<kg::KnowledgeService>(db);
    auto loaded = graph->load([] { return kg::build_demo_batch(KG_COMPANIES_FILE, KG_KB_DIR); });
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  }
  std::shared_ptr<chat::Engine> engine(bool with_market, bool market_rules = false) {
    auto handle = std::make_shared<MarketHandle>();
    Services services;
    services.kg_finder = std::make_shared<KgCompanyFinder>(graph, handle);
    std::map<std::string, std::shared_ptr<chat::Skill>> skills;
    skills["kg"] = std::make_shared<KgSkill>(graph, handle);
    skills["faq"] = std::make_shared<chat::OutOfScopeSkill>();
    std::shared_ptr<chat::EntityFinder> finder = services.kg_finder;
    if (with_market) {
      market = simulated_market();
      skills["market_quote"] = std::make_shared<MarketQuoteSkill>(market);
      if (market_rules) skills["market_analysis"] = std::make_shared<MarketAnalysisSkill>(market);
      finder = market_and_kg_finder(market, std::make_shared<SymbolFinder>(market), services);
    }
    auto e = std::make_shared<chat::Engine>(skills, finder);
    for (auto& rule : kg_route_rules(graph)) e->add_rule(rule);
    if (market_rules) {
      for (auto& rule : market_route_rules()) e->add_rule(rule);
    }
    return e;
  }
  chat::SkillResult say(chat::Engine& e, const std::string& text) {
    chat::Turn t{"u1", "customer", "c1", text, state, "", json::object()};
    auto r = e.respond(t, [](std::string_view) { return true; });
    EXPECT_TRUE(r.ok()) << text;
    state = t.state;
    last_intent = t.intent;
    return r.ok() ? *r : chat::SkillResult{};
  }

  std::shared_ptr<store::Database> db;
  std::shared_ptr<kg::KnowledgeService> graph;
  std::shared_ptr<api::MarketService> market;
  json state = json::object();
  std::string last_intent;
};

bool cites(const chat::SkillResult& r, const std::string& id) {
  for (const auto& c : r.citations) {
    if (c.id == id) return true;
  }
  return false;
}

TEST_F(KgChat, CompetitorsWithPricesFromMarketAndOrdinalFollowUp) {
  auto e = engine(true);
  auto r = say(*e, "How are Novatek's competitors doing?");
  ASSERT_EQ(last_intent, "kg") << r.text;
  EXPECT_NE(r.text.find("Qubitron Corp. (QBIT)"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("Lumen Optics Inc. (LUMO)"), std::string::npos);
  EXPECT_EQ(r.text.find("no market data"), std::string::npos) << "every demo company trades";
  ASSERT_TRUE(cites(r, "company:NOVA COMPETES_WITH company:QBIT"));
  for (const auto& c : r.citations) {
    if (c.kind == "graph") {
      EXPECT_EQ(c.source, "demo_companies.json");
      EXPECT_EQ(c.as_of, "2026-11-01");
    }
  }
  // The price shown is the market's last close, as a fact.
  const auto snap = market->snapshot("QBIT");
  const double last = std::round(snap.daily.back().close * 100) / 100;
  bool has_price = false;
  for (const auto& f : r.facts) has_price |= f.name == "QBIT.price" && f.value == last;
  EXPECT_TRUE(has_price);
  EXPECT_EQ(state[kListedSymbolsKey], json::array({"QBIT", "LUMO"}));

  auto first = say(*e, "How is the first one doing?");
  EXPECT_EQ(last_intent, "kg");
  EXPECT_NE(first.text.find("(QBIT) is at"), std::string::npos) << first.text;
  EXPECT_EQ(state["symbol"], "QBIT");
}

TEST_F(KgChat, SecondOneResolvesWithoutMarketToo) {
  auto e = engine(false);
  say(*e, "Who are Novatek's rivals?");
  ASSERT_EQ(last_intent, "kg");
  auto r = say(*e, "and the second one?");
  EXPECT_EQ(last_intent, "kg");
  EXPECT_NE(r.text.find("Lumen Optics Inc. (LUMO) has no market data"), std::string::npos)
      << r.text;
  auto ceo = say(*e, "who is the CEO of the first one?");
  EXPECT_EQ(last_intent, "kg");
  EXPECT_NE(ceo.text.find("Arjun Mehra is CEO of Qubitron Corp."), std::string::npos) << ceo.text;
}

TEST_F(KgChat, SectorAndOfficersFromLinkedNames) {
  auto e = engine(false);
  auto sector = say(*e, "Which sector is Brickline in?");
  ASSERT_EQ(last_intent, "kg");
  EXPECT_EQ(sector.text, "Brickline Bancorp (BRKL) is in the Financials sector (industry: Banks).");
  EXPECT_TRUE(cites(sector, "company:BRKL IN_SECTOR sector:financials"));
  auto ceo = say(*e, "who runs Qubitorn?");  // a typo the linker tolerates
  ASSERT_EQ(last_intent, "kg");
  EXPECT_TRUE(cites(ceo, "person:arjun-mehra OFFICER_OF company:QBIT"));
  EXPECT_NE(ceo.text.find("Arjun Mehra is CEO of Qubitron Corp."), std::string::npos) << ceo.text;
  // A follow-up about the company in focus.
  auto peers = say(*e, "who are its competitors?");
  EXPECT_EQ(last_intent, "kg");
  EXPECT_NE(peers.text.find("Novatek Systems Inc. (NOVA)"), std::string::npos) << peers.text;
}

TEST_F(KgChat, WireFeesCiteTheArticle) {
  auto e = engine(false);
  auto r = say(*e, "Which fees apply to an international transfer?");
  ASSERT_EQ(last_intent, "kg");
  EXPECT_NE(r.text.find("Outgoing international wire: 45.00 USD each"), std::string::npos)
      << r.text;
  EXPECT_EQ(r.text.find("domestic"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("kb-fees-wire"), std::string::npos);
  bool article = false;
  for (const auto& c : r.citations) article |= c.kind == "article" && c.id == "kb-fees-wire";
  EXPECT_TRUE(article);
  auto wire = say(*e, "which fees apply to my wire?");
  ASSERT_EQ(last_intent, "kg");
  EXPECT_NE(wire.text.find("Incoming domestic wire"), std::string::npos) << wire.text;
  EXPECT_NE(wire.text.find("Wire recall"), std::string::npos) << wire.text;
}

TEST_F(KgChat, UnrelatedQuestionsAreNotClaimed) {
  auto e = engine(false);
  say(*e, "How do I reset my password?");
  EXPECT_NE(last_intent, "kg");
  say(*e, "Who is the CEO of the moon?");
  EXPECT_NE(last_intent, "kg");
  say(*e, "What is my first deposit limit?");  // "first" without a listing before it
  EXPECT_NE(last_intent, "kg");
}

TEST_F(KgChat, FinderLinksOnlyCompaniesTheMarketQuotes) {
  auto e = engine(true);
  auto handle = std::make_shared<MarketHandle>();
  KgCompanyFinder finder(graph, handle);
  EXPECT_TRUE(finder.find_symbols("Novatek and Brickline").empty());  // no market yet
  handle->set(market);
  // Both are market symbols once the market is there.
  EXPECT_EQ(finder.find_symbols("Novatek and Brickline"),
            (std::vector<std::string>{"NOVA", "BRKL"}));
  // A market symbol the graph does not know is not the kg skill's question.
  say(*e, "Who are IDXTECH's competitors?");
  EXPECT_NE(last_intent, "kg");
}

TEST(KgQuestions, OrdinalsAndAsks) {
  EXPECT_EQ(kgq::ordinal_reference("how is the second one doing", 3), 1u);
  EXPECT_EQ(kgq::ordinal_reference("and the last one?", 3), 2u);
  EXPECT_FALSE(kgq::ordinal_reference("the fourth one", 3).has_value());
  EXPECT_FALSE(kgq::ordinal_reference("first things first", 3).has_value());
  EXPECT_EQ(kgq::ask_of("who are nova's peers"), kgq::Ask::peers);
  EXPECT_EQ(kgq::ask_of("which sector is x in"), kgq::Ask::sector);
  EXPECT_EQ(kgq::ask_of("who is the ceo of x"), kgq::Ask::officers);
  EXPECT_EQ(kgq::ask_of("which fees apply to my wire"), kgq::Ask::fees);
  EXPECT_EQ(kgq::ask_of("what is the overdraft fee"), kgq::Ask::none);
}

TEST(KgQuestions, CompoundAsksSimilarCompaniesAndChargesThatAreNotFees) {
  EXPECT_EQ(kgq::asks_of("what sector is voltaris utilities in and who's its boss"),
            (std::vector<kgq::Ask>{kgq::Ask::officers, kgq::Ask::sector}));
  EXPECT_EQ(kgq::ask_of("companies similar to solarix power"), kgq::Ask::peers);
  EXPECT_EQ(kgq::ask_of("any stocks like cloudex?"), kgq::Ask::peers);
  // Charges on the customer's own card are transactions (fraud, disputes), not a fee question.
  EXPECT_EQ(kgq::ask_of("there are three charges on my debit card that i didn't make"),
            kgq::Ask::none);
  EXPECT_EQ(kgq::ask_of("are there charges on international wires"), kgq::Ask::fees);
  EXPECT_TRUE(kgq::asks_of("how do i reset my password").empty());
  EXPECT_EQ(kgq::ask_of("how can i get out of paying the monthly fee on everyday checking"),
            kgq::Ask::none)
      << "how to avoid a fee is a help-centre question";
}

TEST_F(KgChat, CompoundQuestionAnswersEachPartAndFeesNameTheProduct) {
  auto e = engine(false);
  auto r = say(*e, "Which sector is Brickline in, and who is its CEO?");
  ASSERT_EQ(last_intent, "kg");
  EXPECT_NE(r.text.find("Financials sector"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("CEO of Brickline Bancorp"), std::string::npos) << r.text;
  EXPECT_TRUE(cites(r, "company:BRKL IN_SECTOR sector:financials"));

  auto fees = say(*e, "what fees would I pay with an Everyday Checking account");
  ASSERT_EQ(last_intent, "kg");
  EXPECT_EQ(fees.text.rfind("These fees apply to Everyday Checking", 0), 0u) << fees.text;
  EXPECT_NE(fees.text.find("Monthly maintenance fee"), std::string::npos) << fees.text;
}

TEST(MarketFinder, ToleratesTyposShortNamesAndLowerCaseTickers) {
  SymbolFinder finder(simulated_market());
  using V = std::vector<std::string>;
  EXPECT_EQ(finder.find_symbols("Nova Sytems share price?"), V{"NOVA"});
  EXPECT_EQ(finder.find_symbols("What were Nova Systems' sales in FY2024?"), V{"NOVA"});
  EXPECT_EQ(finder.find_symbols("Can you analyse Solarion Power for me"), V{"SOLR"});
  EXPECT_EQ(finder.find_symbols("whats qbit at"), V{"QBIT"});
  EXPECT_EQ(finder.find_symbols("Petrova Energy please"), V{"PTRV"}) << "exact name, no near one";
  EXPECT_TRUE(finder.find_symbols("a trip to nova scotia").empty());
  EXPECT_TRUE(finder.find_symbols("we sat in the orch seats").empty())
      << "a lower-case word is a ticker only in a market question";
  EXPECT_EQ(finder.find_symbols("orch price?"), V{"ORCH"});
}

TEST_F(KgChat, MarketQuestionsAboutListedCompaniesAndTheSymbolSlot) {
  auto e = engine(true, true);
  say(*e, "Who are Novatek's competitors?");
  ASSERT_EQ(last_intent, "kg");
  chat::Turn turn{"u1", "customer", "c1", "how is the first one doing?", state, "", json::object()};
  auto quote = e->respond(turn, [](std::string_view) { return true; });
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(turn.intent, "market_quote");
  EXPECT_EQ(turn.entities["symbols"], json::array({"QBIT"})) << "the reference is an entity";
  state = turn.state;
  auto rsi = say(*e, "what's the RSI of the second one");
  EXPECT_EQ(last_intent, "market_analysis");
  EXPECT_NE(rsi.text.find("(LUMO)"), std::string::npos) << rsi.text;
  auto ceo = say(*e, "who is the CEO of the first one?");
  EXPECT_EQ(last_intent, "kg") << "officers stay with the graph";

  // "Which company?" then the answer naming one goes back to the skill that asked.
  state = json::object();
  auto ask = say(*e, "can you run a MACD check for me");
  EXPECT_EQ(last_intent, "market_analysis");
  EXPECT_NE(ask.text.find("Which company or ticker"), std::string::npos) << ask.text;
  say(*e, "on Qubitron");
  EXPECT_EQ(last_intent, "market_analysis");
  // Trend questions about a named company are technical.
  say(*e, "Is HALO trending up?");
  EXPECT_EQ(last_intent, "market_analysis");
}

}  // namespace
}  // namespace finchat::app
