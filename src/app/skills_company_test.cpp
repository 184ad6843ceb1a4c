// Registered from src/finance/fundamentals/CMakeLists.txt (company_chat_test).
#include "app/skills_company.hpp"

#include <gtest/gtest.h>

#include "chat/skills_basic.hpp"
#include "finance/fundamentals/demo.hpp"
#include "finance/fundamentals/insights.hpp"
#include "store/migrations.hpp"

namespace finchat::app {
namespace {

struct CompanyChat : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    companies = std::make_shared<fundamentals::CompanyRepository>(db);
    companies->put({"NOVA", "Nova Systems Inc.", "Technology", true, "demo generator (fictional)"},
                   fundamentals::generate_demo_company("NOVA", 3));
    auto cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    docs = std::make_shared<documents::DocumentService>(
        std::make_shared<documents::DocumentStore>(db, cipher, clock));
    std::map<std::string, std::shared_ptr<chat::Skill>> skills = {
        {"company", std::make_shared<CompanySkill>(companies)},
        {"documents", std::make_shared<DocumentSkill>(docs)},
        {"smalltalk", std::make_shared<chat::SmallTalkSkill>()},
        {"out_of_scope", std::make_shared<chat::OutOfScopeSkill>()}};
    engine = std::make_shared<chat::Engine>(skills, nullptr);
    for (auto& r : company_route_rules(companies)) engine->add_rule(r);
  }
  chat::SkillResult ask(const std::string& text, const std::string& user = "c-alice") {
    chat::Turn turn;
    turn.user_id = user;
    turn.role = "customer";
    turn.text = text;
    if (state[user].is_null()) state[user] = nlohmann::json::object();
    turn.state = state[user];
    auto r = engine->respond(turn, [](std::string_view) { return true; });
    EXPECT_TRUE(r.ok());
    state[user] = turn.state;
    last_intent = turn.intent;
    return r.ok() ? *r : chat::SkillResult{};
  }
  static const chat::Fact* fact(const chat::SkillResult& r, const std::string& name) {
    for (const auto& f : r.facts) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  double expected(const std::string& spec, const std::string& name) {
    auto p = fundamentals::resolve_period(companies->get("NOVA")->statements, spec);
    return fundamentals::find_fact(fundamentals::company_insights(*p), name)->value;
  }
  ManualClock clock{1'800'000'000'000};
  std::shared_ptr<store::Database> db;
  std::shared_ptr<fundamentals::CompanyRepository> companies;
  std::shared_ptr<documents::DocumentService> docs;
  std::shared_ptr<chat::Engine> engine;
  std::map<std::string, nlohmann::json> state;
  std::string last_intent;
};

TEST_F(CompanyChat, LastQuarterFromStatements) {
  auto r = ask("How did NOVA do last quarter?");
  EXPECT_EQ(last_intent, "company");
  const auto* revenue = fact(r, "NOVA.revenue");
  ASSERT_NE(revenue, nullptr);
  const double q3 = *companies->get("NOVA")->statements->get(
      "revenue", {"2026-09-30", fundamentals::PeriodType::quarter});
  EXPECT_DOUBLE_EQ(revenue->value.get<double>(), q3);
  EXPECT_EQ(revenue->as_of, "2026-09-30");
  EXPECT_NE(r.text.find("2026Q3"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("fictional"), std::string::npos);
  EXPECT_EQ(r.disclaimer, chat::kInvestmentDisclaimer);
}

TEST_F(CompanyChat, GrowthMarginsAndPeriods) {
  auto growth = ask("NOVA's revenue growth");
  const auto* g = fact(growth, "NOVA.revenue_growth_yoy");
  ASSERT_NE(g, nullptr) << growth.text;
  EXPECT_NEAR(g->value.get<double>(), expected("latest", "revenue_growth_yoy"), 1e-3);
  auto margins = ask("margins of NOVA last year");
  const auto* m = fact(margins, "NOVA.net_margin");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->as_of, "2025-12-31");
  EXPECT_NEAR(m->value.get<double>(), expected("last year", "net_margin"), 1e-3);
  auto ytd = ask("NOVA revenue growth YTD");
  EXPECT_NE(ytd.text.find("YTD 2026Q3"), std::string::npos) << ytd.text;
  EXPECT_NEAR(fact(ytd, "NOVA.revenue_growth_yoy")->value.get<double>(),
              expected("YTD", "revenue_growth_yoy"), 1e-3);
  auto follow = ask("and in 2024?");
  EXPECT_EQ(last_intent, "company") << "follow-up keeps the company in focus";
  EXPECT_NE(follow.text.find("FY2024"), std::string::npos) << follow.text;
  EXPECT_EQ(period_spec_from_text("Q2 2025 results"), "2025Q2");
}

TEST_F(CompanyChat, ProfitabilityReturnsPeriodsSummariesAndEllipsisRouteToCompany) {
  companies->put({"QBIT", "Qubitron Corp.", "Technology", true, "demo generator (fictional)"},
                 fundamentals::generate_demo_company("QBIT", 4));
  auto profit = ask("Show me NOVA's profitability");
  EXPECT_EQ(last_intent, "company");
  EXPECT_NE(fact(profit, "NOVA.operating_margin"), nullptr) << profit.text;
  auto roe = ask("NOVA's return on equity, trailing twelve months");
  EXPECT_EQ(last_intent, "company");
  EXPECT_NE(fact(roe, "NOVA.roe"), nullptr) << roe.text;
  EXPECT_NE(roe.text.find("trailing twelve months"), std::string::npos) << roe.text;
  ask("Give me a summary of NOVA");
  EXPECT_EQ(last_intent, "company") << "a company summary, not a document";
  auto other = ask("and QBIT's?");
  EXPECT_EQ(last_intent, "company") << "ellipsis after a company answer";
  EXPECT_NE(other.text.find("QBIT"), std::string::npos) << other.text;
  // Without a company answer before, "and QBIT?" is not claimed by the company rule.
  ask("and QBIT?", "c-bob");
  EXPECT_NE(last_intent, "company");
}

TEST_F(CompanyChat, SummarizesOnlyTheCallersDocuments) {
  auto none = ask("Summarize my latest document");
  EXPECT_EQ(last_intent, "documents");
  EXPECT_NE(none.text.find("not uploaded"), std::string::npos);
  ASSERT_TRUE(docs->upload("c-alice", "Q3 earnings call", documents::Format::text,
                           "Revenue rose 12% to $4.2 billion in the third quarter. Diluted EPS was "
                           "$1.35. We expect full year revenue of $16 billion.")
                  .ok());
  clock.advance(std::chrono::seconds(5));
  ASSERT_TRUE(docs->upload("c-alice", "Board memo", documents::Format::text,
                           "The board met on Tuesday. Dividends were unchanged.")
                  .ok());
  auto latest = ask("summarize my latest document");
  EXPECT_NE(latest.text.find("Board memo"), std::string::npos) << latest.text;
  auto named = ask("Summarize Q3 earnings call");
  EXPECT_NE(named.text.find("Revenue rose 12%"), std::string::npos) << named.text;
  EXPECT_NE(named.text.find("Key figures"), std::string::npos);
  EXPECT_NE(named.text.find("Highlights:\n- q3 earnings per share $1.35"), std::string::npos)
      << named.text;
  EXPECT_NE(fact(named, "revenue"), nullptr);
  auto other = ask("Summarize Q3 earnings call", "c-bob");
  EXPECT_EQ(other.text.find("Revenue"), std::string::npos) << "never another user's document";
  auto missing = ask("summarize the annual letter");
  EXPECT_NE(missing.text.find("could not find"), std::string::npos) << missing.text;
}

}  // namespace
}  // namespace finchat::app
