#include "finance/portfolio/portfolio_store.hpp"

#include <gtest/gtest.h>

#include "finance/portfolio/advisor_testing.hpp"
#include "store/migrations.hpp"

namespace finchat::portfolio {
namespace {

struct Store : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    auto cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    s = std::make_unique<PortfolioStore>(db, cipher, clock);
  }
  ManualClock clock{1'800'000'000'000};
  std::shared_ptr<store::Database> db;
  std::unique_ptr<PortfolioStore> s;
};

TEST_F(Store, ProfileIsScoredStoredAndReplaced) {
  EXPECT_FALSE(s->profile("u1").value().has_value());
  ASSERT_TRUE(s->save_profile("u1", testing::cautious_answers()).ok());
  ASSERT_TRUE(s->save_profile("u1", testing::boldest_answers()).ok());
  auto p = s->profile("u1").value();
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->profile.level, RiskLevel::aggressive);
  EXPECT_FALSE(s->profile("u2").value().has_value());
  auto bad = s->save_profile("u1", {{"horizon", "gt10"}});
  ASSERT_FALSE(bad.ok());
}

TEST_F(Store, PortfoliosAreOwnerScopedAndSealed) {
  auto p = s->create("u1", "Main", {{"NOVA", 12}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(s->get("u1", p->id).value().holdings[0].quantity, 12);
  EXPECT_EQ(s->get("u2", p->id).error().kind, ErrorKind::not_found);
  EXPECT_EQ(s->update("u2", p->id, "x", {}).error().kind, ErrorKind::not_found);
  EXPECT_TRUE(s->list("u2").value().empty());
  auto updated = s->update("u1", p->id, "Main", {{"NOVA", 3}, {"BONDS", 1000}});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->holdings.size(), 2u);
  auto raw = db->query_one("SELECT holdings_enc, name_enc FROM portfolios WHERE id = $1", {p->id});
  ASSERT_TRUE(raw.ok() && raw.value());
  EXPECT_EQ(raw.value()->str("holdings_enc").find("NOVA"), std::string::npos);
  EXPECT_EQ(raw.value()->str("name_enc").find("Main"), std::string::npos);
}

TEST_F(Store, RecommendationsAreRecordedSealed) {
  auto id = s->record_recommendation("u1", "api", {{"cash", 20000}}, {{"weights", {{"AAA", 1}}}});
  ASSERT_TRUE(id.ok());
  auto raw = db->query_one(
      "SELECT user_id, inputs_enc FROM portfolio_recommendations WHERE id = $1", {*id});
  ASSERT_TRUE(raw.ok() && raw.value());
  EXPECT_EQ(raw.value()->str("user_id"), "u1");
  EXPECT_EQ(raw.value()->str("inputs_enc").find("20000"), std::string::npos);
}

}  // namespace
}  // namespace finchat::portfolio
