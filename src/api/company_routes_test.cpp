// Registered from src/finance/fundamentals/CMakeLists.txt (company_api_test).
#include "api/company_routes.hpp"

#include <gtest/gtest.h>

#include "api/test_support.hpp"

#include "finance/fundamentals/demo.hpp"
#include "http/pipeline.hpp"
#include "store/migrations.hpp"

namespace finchat::api {
namespace {


struct CompanyRoutes : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    repo = std::make_shared<fundamentals::CompanyRepository>(db);
    for (const char* t : {"NOVA", "QBIT", "HALO"}) {
      repo->put({t, std::string(t) + " Inc.", "Technology", true, "demo generator (fictional)"},
                fundamentals::generate_demo_company(t, 1));
    }
    CompanyDeps deps;
    deps.companies = repo;
    deps.price = [](const std::string& t) -> std::optional<double> {
      if (t == "NOVA") return 100.0;
      return std::nullopt;
    };
    deps.peers = [](const std::string& t) {
      return t == "NOVA" ? std::vector<std::string>{"QBIT", "HALO", "UNKNOWN"}
                         : std::vector<std::string>{};
    };
    auto router = std::make_shared<http::Router>();
    register_company_routes(*router, deps);
    pipeline = testing::pipeline_for(router);
  }
  http::Response call(const std::string& method, const std::string& target, const std::string& who,
                      const std::string& body = {}, const std::string& type = "application/json") {
    auto request = testing::make_request(method, target, who, body, type);
    return pipeline->handle(request);
  }
  nlohmann::json get_json(const std::string& target, const std::string& who = "c-alice") {
    auto res = call("GET", target, who);
    EXPECT_EQ(res.status, 200) << target << " " << res.body;
    return nlohmann::json::parse(res.body);
  }
  static const nlohmann::json* fact(const nlohmann::json& facts, const std::string& name) {
    for (const auto& f : facts) {
      if (f["name"] == name) return &f;
    }
    return nullptr;
  }
  std::shared_ptr<store::Database> db;
  std::shared_ptr<fundamentals::CompanyRepository> repo;
  std::shared_ptr<http::Pipeline> pipeline;
};

TEST_F(CompanyRoutes, ListAndFundamentalsByPeriod) {
  auto list = get_json("/v1/companies");
  ASSERT_EQ(list["items"].size(), 3u);
  EXPECT_EQ(list["items"][0]["fictional"], true);
  auto latest = get_json("/v1/companies/nova/fundamentals", "an-ann");
  EXPECT_EQ(latest["period"]["label"], "2026Q3");
  const auto s = fundamentals::generate_demo_company("NOVA", 1);
  EXPECT_DOUBLE_EQ(latest["statements"]["income"]["revenue"]["value"].get<double>(),
                   *s.get("revenue", {"2026-09-30", fundamentals::PeriodType::quarter}));
  EXPECT_TRUE(latest["statements"]["balance"].contains("total_assets"));
  EXPECT_TRUE(latest["statements"]["cash_flow"].contains("operating_cash_flow"));
  auto fy = get_json("/v1/companies/NOVA/fundamentals?period=FY2024");
  EXPECT_EQ(fy["period"]["end"], "2024-12-31");
  EXPECT_DOUBLE_EQ(fy["statements"]["income"]["revenue"]["value"].get<double>(),
                   *s.get("revenue", {"2024-12-31", fundamentals::PeriodType::annual}));
  auto ttm = get_json("/v1/companies/NOVA/fundamentals?period=TTM");
  EXPECT_EQ(ttm["period"]["basis"], "ttm");
  EXPECT_DOUBLE_EQ(ttm["statements"]["income"]["revenue"]["value"].get<double>(),
                   *s.ttm("revenue", "2026-09-30"));
  EXPECT_EQ(get_json("/v1/companies/NOVA/fundamentals?period=2025Q3")["period"]["end"],
            "2025-09-30");
}

TEST_F(CompanyRoutes, ErrorsNameTheProblem) {
  EXPECT_EQ(call("GET", "/v1/companies/ZZZZ/insights", "c-alice").status, 404);
  auto bad = call("GET", "/v1/companies/NOVA/fundamentals?period=someday", "c-alice");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("period"), std::string::npos);
  EXPECT_EQ(call("GET", "/v1/companies/NOVA/fundamentals?period=1990Q1", "c-alice").status, 404);
  EXPECT_EQ(call("GET", "/v1/companies", "").status, 401);
}

TEST_F(CompanyRoutes, InsightsCarryEveryInputAndValuationWithPrice) {
  auto j = get_json("/v1/companies/NOVA/insights?period=FY2025", "ag-bob");
  const auto& facts = j["facts"];
  for (const char* name :
       {"dupont_net_margin", "dupont_asset_turnover", "dupont_equity_multiplier", "roe",
        "piotroski_f_score", "fscore_roa_positive", "altman_x1", "altman_x4", "altman_z_score",
        "pe", "ev_ebitda", "revenue_growth_yoy", "revenue_cagr"}) {
    EXPECT_NE(fact(facts, name), nullptr) << name;
  }
  // DuPont identity: ROE = margin x turnover x multiplier.
  const double roe = (*fact(facts, "roe"))["value"];
  const double product = (*fact(facts, "dupont_net_margin"))["value"].get<double>() *
                         (*fact(facts, "dupont_asset_turnover"))["value"].get<double>() *
                         (*fact(facts, "dupont_equity_multiplier"))["value"].get<double>();
  EXPECT_NEAR(roe, product * 100, 1e-9);
  EXPECT_EQ(j["price"], 100.0);
  auto no_price = get_json("/v1/companies/QBIT/insights");
  EXPECT_EQ(fact(no_price["facts"], "pe"), nullptr) << "no price, no multiples";
}

TEST_F(CompanyRoutes, PeersWithPercentiles) {
  auto j = get_json("/v1/companies/NOVA/peers");
  EXPECT_EQ(j["basis"], "TTM 2026Q3");
  ASSERT_EQ(j["peers"].size(), 2u) << "unknown peers are skipped";
  ASSERT_TRUE(j["percentiles"].contains("net_margin"));
  // Recompute one percentile from the returned metrics.
  const double own = j["metrics"]["net_margin"];
  double below = 0, equal = 1;
  for (const auto& p : j["peers"]) {
    const double v = p["metrics"]["net_margin"];
    below += v < own;
    equal += v == own;
  }
  EXPECT_NEAR(j["percentiles"]["net_margin"].get<double>(), (below + 0.5 * equal) / 3 * 100, 1e-9);
}

TEST_F(CompanyRoutes, ImportIsForAnalystsAndAdminsAndPersists) {
  const std::string csv =
      "company,period_end,period_type,line,value,unit\n"
      "ACME,2024-12-31,annual,revenue,1000,USD\n"
      "ACME,2025-12-31,annual,revenue,1200,USD\n";
  EXPECT_EQ(call("POST", "/v1/companies/import", "c-alice", csv, "text/csv").status, 403);
  EXPECT_EQ(call("POST", "/v1/companies/import", "ag-bob", csv, "text/csv").status, 403);
  auto res = call("POST", "/v1/companies/import", "an-ann", csv, "text/csv");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(nlohmann::json::parse(res.body)["values"], 2);
  auto growth = get_json("/v1/companies/ACME/insights?period=last%20year");
  EXPECT_NEAR((*fact(growth["facts"], "revenue_growth_yoy"))["value"].get<double>(), 20.0, 1e-9);
  fundamentals::CompanyRepository reloaded(db);
  ASSERT_TRUE(reloaded.load_saved().ok());
  EXPECT_TRUE(reloaded.get("ACME"));
  auto bad_csv = call(
      "POST", "/v1/companies/import", "root",
      "company,period_end,period_type,line,value,unit\nX,2024-13-01,annual,r,1,USD\n", "text/csv");
  EXPECT_EQ(bad_csv.status, 400);
  EXPECT_NE(bad_csv.body.find("upload.csv:2"), std::string::npos) << bad_csv.body;
  EXPECT_EQ(call("POST", "/v1/companies/import?ticker=X", "root", "{oops").status, 400);
  EXPECT_EQ(call("POST", "/v1/companies/import", "root", R"({"facts":{}})").status, 400)
      << "companyfacts needs a ticker";
  EXPECT_EQ(call("POST", "/v1/companies/import?ticker=X", "root", R"({"facts":{}})").status, 400);
}

}  // namespace
}  // namespace finchat::api
