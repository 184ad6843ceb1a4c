#include "api/portfolio_routes.hpp"

#include <gtest/gtest.h>

#include "api/test_support.hpp"

#include "finance/portfolio/advisor_testing.hpp"
#include "http/pipeline.hpp"
#include "market/snapshot.hpp"
#include "store/migrations.hpp"

namespace finchat::api {
namespace {

using nlohmann::json;

std::string answers_body(const portfolio::Answers& a) { return json{{"answers", a}}.dump(); }

struct PortfolioRoutes : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    auto cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    PortfolioDeps deps;
    deps.store = std::make_shared<portfolio::PortfolioStore>(db, cipher, clock);
    deps.advisor = std::make_shared<portfolio::Advisor>(portfolio::testing::synthetic_source(),
                                                        portfolio::AdvisorConfig{});
    deps.known_symbol = [](const std::string& s) { return s == "BONDS" || s.size() == 3; };
    auto router = std::make_shared<http::Router>();
    register_portfolio_routes(*router, deps);
    pipeline = testing::pipeline_for(router);
  }
  http::Response call(const std::string& method, const std::string& target, const std::string& who,
                      const std::string& body = {}) {
    auto request = testing::make_request(method, target, who, body);
    return pipeline->handle(request);
  }
  std::string field_of(const http::Response& res) {
    auto j = json::parse(res.body, nullptr, false);
    if (!j.is_object() || !j.contains("errors") || j["errors"].empty()) return "";
    return j["errors"][0].value("field", "");
  }
  ManualClock clock{1'800'000'000'000};
  std::shared_ptr<store::Database> db;
  std::shared_ptr<http::Pipeline> pipeline;
};

TEST_F(PortfolioRoutes, QuestionnaireProfileRoundTrip) {
  auto q = call("GET", "/v1/portfolio/risk-profile/questions", "alice");
  ASSERT_EQ(q.status, 200);
  EXPECT_EQ(json::parse(q.body)["questions"].size(), 10u);
  EXPECT_EQ(call("GET", "/v1/portfolio/risk-profile", "alice").status, 404);
  auto saved = call("POST", "/v1/portfolio/risk-profile", "alice",
                    answers_body(portfolio::testing::boldest_answers()));
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body)["level"], "aggressive");
  EXPECT_FALSE(json::parse(saved.body)["rationale"]["drivers"].empty());
  auto mine = call("GET", "/v1/portfolio/risk-profile", "alice");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(json::parse(mine.body)["answers"]["horizon"], "gt10");
  EXPECT_EQ(call("GET", "/v1/portfolio/risk-profile", "bob").status, 404);
  EXPECT_EQ(call("POST", "/v1/portfolio/risk-profile", "a-agent",
                 answers_body(portfolio::testing::boldest_answers()))
                .status,
            403);
}

TEST_F(PortfolioRoutes, ProfileValidationNamesFields) {
  auto missing =
      call("POST", "/v1/portfolio/risk-profile", "alice", R"({"answers":{"horizon":"gt10"}})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(field_of(missing).rfind("answers.", 0), 0u) << missing.body;
  auto a = portfolio::testing::boldest_answers();
  a["horizon"] = "forever";
  auto bad = call("POST", "/v1/portfolio/risk-profile", "alice", answers_body(a));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(field_of(bad), "answers.horizon") << bad.body;
  auto extra =
      call("POST", "/v1/portfolio/risk-profile", "alice", R"({"answers":{},"level":"aggressive"})");
  EXPECT_EQ(extra.status, 400);
  EXPECT_EQ(field_of(extra), "level");
}

TEST_F(PortfolioRoutes, RecommendationNeedsProfileAndIsAudited) {
  const std::string body =
      R"({"cash":20000,"constraints":{"max_weight":0.2,"bond_share":0.3,"exclude":["AAA"]}})";
  EXPECT_EQ(call("POST", "/v1/portfolio/recommendations", "alice", body).status, 409);
  ASSERT_EQ(call("POST", "/v1/portfolio/risk-profile", "alice",
                 answers_body(portfolio::testing::boldest_answers()))
                .status,
            200);
  auto res = call("POST", "/v1/portfolio/recommendations", "alice", body);
  ASSERT_EQ(res.status, 201) << res.body;
  auto j = json::parse(res.body);
  EXPECT_FALSE(j["weights"].contains("AAA"));
  EXPECT_GE(j["bond_share"].get<double>(), 0.3 - 1e-6);
  EXPECT_LT(j["return_range_1y"]["p05"].get<double>(), j["return_range_1y"]["p95"].get<double>());
  EXPECT_FALSE(j["allocation"]["shares"].empty());
  EXPECT_FALSE(j["disclosures"].empty());
  EXPECT_TRUE(j["suitability"].contains("suitable"));
  auto row = db->query_one("SELECT user_id, channel FROM portfolio_recommendations WHERE id = $1",
                           {j["id"].get<std::string>()});
  ASSERT_TRUE(row.ok() && row.value());
  EXPECT_EQ(row.value()->str("user_id"), "alice");
}

TEST_F(PortfolioRoutes, RecommendationValidation) {
  ASSERT_EQ(call("POST", "/v1/portfolio/risk-profile", "alice",
                 answers_body(portfolio::testing::cautious_answers()))
                .status,
            200);
  auto neg = call("POST", "/v1/portfolio/recommendations", "alice", R"({"cash":-5})");
  EXPECT_EQ(neg.status, 400);
  EXPECT_EQ(field_of(neg), "cash");
  auto w = call("POST", "/v1/portfolio/recommendations", "alice",
                R"({"cash":1000,"constraints":{"max_weight":2}})");
  EXPECT_EQ(field_of(w), "constraints.max_weight");
  auto unknown = call("POST", "/v1/portfolio/recommendations", "alice",
                      R"({"cash":1000,"constraints":{"leverage":2}})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(field_of(unknown), "constraints.leverage");
}

TEST_F(PortfolioRoutes, PortfoliosAreOwnOnly) {
  auto created = call("POST", "/v1/portfolios", "alice",
                      R"({"name":"Main","holdings":[{"ticker":"AAA","quantity":10}]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = json::parse(created.body)["id"];
  const std::string path = "/v1/portfolios/" + id;
  EXPECT_EQ(call("GET", path, "alice").status, 200);
  EXPECT_EQ(call("GET", path, "bob").status, 404);
  EXPECT_EQ(call("PUT", path, "bob", R"({"holdings":[]})").status, 404);
  EXPECT_EQ(call("PUT", path, "bob", R"({"nonsense":1})").status, 404) << "no probing via 400";
  EXPECT_TRUE(json::parse(call("GET", "/v1/portfolios", "bob").body)["items"].empty());
  EXPECT_EQ(json::parse(call("GET", "/v1/portfolios", "alice").body)["items"].size(), 1u);
  auto put = call("PUT", path, "alice", R"({"holdings":[{"ticker":"BBB","quantity":5}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json::parse(put.body)["holdings"][0]["ticker"], "BBB");
  EXPECT_EQ(json::parse(put.body)["name"], "Main");
  EXPECT_EQ(call("GET", path, "a-agent").status, 403);
}

TEST_F(PortfolioRoutes, PortfolioValidationAndRisk) {
  auto bad = call(
      "POST", "/v1/portfolios", "alice",
      R"({"name":"x","holdings":[{"ticker":"AAA","quantity":1},{"ticker":"NOPE1","quantity":1}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(field_of(bad), "holdings[1].ticker");
  auto neg = call("POST", "/v1/portfolios", "alice",
                  R"({"name":"x","holdings":[{"ticker":"AAA","quantity":-1}]})");
  EXPECT_EQ(field_of(neg), "holdings[0].quantity");
  ASSERT_EQ(call("POST", "/v1/portfolio/risk-profile", "alice",
                 answers_body(portfolio::testing::cautious_answers()))
                .status,
            200);
  auto risky = call("POST", "/v1/portfolios", "alice",
                    R"({"name":"all in","holdings":[{"ticker":"AAA","quantity":100}]})");
  ASSERT_EQ(risky.status, 201);
  auto j = json::parse(risky.body);
  ASSERT_TRUE(j.contains("risk")) << risky.body;
  EXPECT_FALSE(j["risk"]["suitability"]["suitable"].get<bool>());
}

TEST_F(PortfolioRoutes, Backtest) {
  auto res = call("POST", "/v1/portfolio/backtest", "alice",
                  R"({"policy":"min_volatility","rebalance":"quarterly","cost_bps":5})");
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = json::parse(res.body);
  for (const char* k : {"cagr", "volatility", "sharpe", "max_drawdown", "drawdown"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["drawdown"].size(), j["dates"].size());
  auto fixed = call("POST", "/v1/portfolio/backtest", "alice",
                    R"({"policy":"fixed","weights":{"AAA":0.5,"BBB":0.5},"rebalance":"never"})");
  EXPECT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(field_of(call("POST", "/v1/portfolio/backtest", "alice", R"({"policy":"fixed"})")),
            "weights");
  EXPECT_EQ(field_of(call("POST", "/v1/portfolio/backtest", "alice",
                          R"({"policy":"fixed","weights":{"AAA":0.8,"BBB":0.8}})")),
            "weights");
  EXPECT_EQ(field_of(call("POST", "/v1/portfolio/backtest", "alice",
                          R"({"policy":"fixed","weights":{"BONDS":0.5}})")),
            "policy.weights.BONDS");
  EXPECT_EQ(field_of(call("POST", "/v1/portfolio/backtest", "alice", R"({"policy":"yolo"})")),
            "policy");
}

TEST(MarketPriceSource, DailyClosesOfTradeableSymbolsFeedTheAdvisor) {
  market::SimulatorConfig config;
  config.seed = 7;
  auto sim = market::MarketSimulator::create(config);
  ASSERT_TRUE(sim.ok());
  auto state = market::MarketState::create(sim->calendar());
  ASSERT_TRUE(state.ok());
  std::shared_ptr<market::MarketState> shared(std::move(state.value()));
  market::load_history(*shared, sim->generate_history(1'790'000'000'000, 120));
  ManualClock clock{1'790'000'000'000};
  auto service =
      std::make_shared<MarketService>(shared, sim->universe(), market::kSimulatedSource, clock);
  auto data = market_price_source(service)();
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_TRUE(data->simulated);
  EXPECT_GE(data->prices.rows(), 100);
  for (const auto& a : data->assets) EXPECT_FALSE(a.ticker.rfind("IDX", 0) == 0) << a.ticker;
  EXPECT_EQ(data->assets.size(), static_cast<size_t>(data->prices.cols()));
  EXPECT_TRUE(std::is_sorted(data->prices.dates.begin(), data->prices.dates.end()));
  portfolio::Advisor advisor(market_price_source(service), {});
  std::vector<std::string> notes;
  auto u = advisor.universe({}, &notes);
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->assets.back().ticker, "BONDS") << "the simulator has no bond fund";
  EXPECT_NE(notes[0].find("simulated market data"), std::string::npos);
}

}  // namespace
}  // namespace finchat::api
