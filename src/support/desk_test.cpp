#include "support/desk.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "store/migrations.hpp"

namespace finchat::support {
namespace {

struct DeskTest : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    tickets = std::make_unique<TicketStore>(db, cipher, clock);
    desk = std::make_unique<SupportDesk>(db, cipher, clock, 10);
    ASSERT_TRUE(desk->upsert_agent({"ann", "Ann", {"fraud", "general"}, 2}).ok());
    ASSERT_TRUE(desk->upsert_agent({"bob", "Bob", {"fraud"}, 2}).ok());
    ASSERT_TRUE(desk->upsert_agent({"cat", "Cat", {"brokerage"}, 5}).ok());
  }
  Ticket make(const std::string& category, const std::string& priority = "normal",
              const std::string& customer = "cust1") {
    return tickets->create({customer, "conv", category, priority, "r", "s", "t"}).value();
  }
  ManualClock clock{1'800'000'000'000};
  std::shared_ptr<store::Database> db;
  std::shared_ptr<store::FieldCipher> cipher;
  std::unique_ptr<TicketStore> tickets;
  std::unique_ptr<SupportDesk> desk;
};

TEST_F(DeskTest, AssignsLeastLoadedAgentWithCapacity) {
  auto t1 = make("fraud_dispute"), t2 = make("fraud_dispute"), t3 = make("fraud_dispute");
  EXPECT_EQ(desk->auto_assign(t1.id).value(), "ann");
  EXPECT_EQ(desk->auto_assign(t2.id).value(), "bob") << "ann now has one, bob none";
  EXPECT_EQ(desk->auto_assign(t3.id).value(), "ann");
  auto t4 = make("fraud_dispute"), t5 = make("fraud_dispute");
  EXPECT_EQ(desk->auto_assign(t4.id).value(), "bob");
  EXPECT_FALSE(desk->auto_assign(t5.id).value().has_value()) << "everyone at max load";
  EXPECT_FALSE(desk->auto_assign(make("app_bug").id).value().has_value()) << "no digital agent";
}

TEST_F(DeskTest, AgentSeesOnlyTheirQueues) {
  auto fraud = make("fraud_dispute"), trade = make("trading_order");
  EXPECT_TRUE(desk->get_for_agent("ann", fraud.id).ok());
  auto hidden = desk->get_for_agent("ann", trade.id);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().kind, ErrorKind::not_found);
  EXPECT_EQ(desk->list_for_agent("ann")->size(), 1u);
  EXPECT_EQ(desk->claim("ann", trade.id).error().kind, ErrorKind::not_found);
  EXPECT_EQ(desk->reply_as_agent("ann", trade.id, "hi").error().kind, ErrorKind::not_found);
  EXPECT_EQ(desk->resolve("ann", trade.id).error().kind, ErrorKind::not_found);
  EXPECT_EQ(desk->get_for_agent("nobody", fraud.id).error().kind, ErrorKind::not_found);
}

TEST_F(DeskTest, ClaimReplyNoteResolveAreAuditedAndEncrypted) {
  auto t = make("fraud_dispute");
  ASSERT_TRUE(desk->claim("ann", t.id).ok());
  EXPECT_EQ(desk->claim("bob", t.id).error().kind, ErrorKind::conflict);
  clock.advance(std::chrono::milliseconds(60'000));
  ASSERT_TRUE(desk->reply_as_agent("ann", t.id, "we blocked the card").ok());
  ASSERT_TRUE(desk->add_note("ann", t.id, "internal: looks like SIM swap").ok());
  EXPECT_EQ(desk->reply_as_customer("cust2", t.id, "me too").error().kind, ErrorKind::not_found);
  ASSERT_TRUE(desk->reply_as_customer("cust1", t.id, "thanks").ok());
  ASSERT_TRUE(desk->resolve("ann", t.id).ok());
  EXPECT_EQ(desk->resolve("ann", t.id).error().kind, ErrorKind::conflict);
  EXPECT_EQ(desk->reply_as_agent("ann", t.id, "late").error().kind, ErrorKind::conflict);

  auto pub = desk->events(t.id, false).value();
  auto all = desk->events(t.id, true).value();
  EXPECT_EQ(all.size(), pub.size() + 1) << "the note is internal";
  std::vector<std::string> kinds;
  kinds.reserve(all.size());
  for (const auto& e : all) kinds.push_back(e.kind);
  // Events in the same millisecond have no defined order, so compare as a multiset.
  std::sort(kinds.begin(), kinds.end());
  EXPECT_EQ(kinds, (std::vector<std::string>{"claimed", "created", "note", "reply", "reply",
                                             "transition", "transition"}));
  auto raw = db->query("SELECT body_enc FROM ticket_events WHERE body_enc IS NOT NULL", {});
  ASSERT_EQ(raw->size(), 3u);
  for (const auto& r : *raw) EXPECT_EQ(r.str(0).find("SIM"), std::string::npos);
}

TEST_F(DeskTest, SlaTimersAndQueueSummary) {
  auto urgent = make("fraud_dispute", "urgent");  // due in 15 min
  auto normal = make("fraud_dispute", "normal");  // due in 4 h
  const int64_t now = clock.now_ms();
  EXPECT_TRUE(desk->breached(now)->empty());
  EXPECT_TRUE(desk->at_risk(now)->empty());
  EXPECT_EQ(desk->at_risk(now + 6 * 60'000)->size(), 1u);
  auto late = desk->breached(now + 16 * 60'000).value();
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].id, urgent.id);
  auto sums = desk->queue_summaries({"fraud"}, now + 16 * 60'000).value();
  EXPECT_EQ(sums[0].open, 2);
  EXPECT_EQ(sums[0].breached, 1);
  ASSERT_TRUE(desk->claim("ann", urgent.id).ok());
  ASSERT_TRUE(desk->reply_as_agent("ann", urgent.id, "on it").ok());
  EXPECT_TRUE(desk->breached(now + 16 * 60'000)->empty()) << "first response stops the clock";
  (void)normal;
}

TEST_F(DeskTest, MetricsFromTables) {
  auto t1 = make("fraud_dispute");
  auto t2 = make("fraud_dispute");
  ASSERT_TRUE(desk->record_deflection("c1", "card_declined").ok());
  ASSERT_TRUE(desk->record_deflection("c2", "fees").ok());
  clock.advance(std::chrono::milliseconds(120'000));
  ASSERT_TRUE(desk->claim("ann", t1.id).ok());
  ASSERT_TRUE(desk->reply_as_agent("ann", t1.id, "hello").ok());
  clock.advance(std::chrono::milliseconds(60'000));
  ASSERT_TRUE(desk->resolve("ann", t1.id).ok());
  ASSERT_TRUE(desk->resolve("ann", t2.id).ok());  // resolved with no agent reply
  auto m = desk->metrics(0, clock.now_ms() + 1).value();
  EXPECT_EQ(m.tickets, 2);
  EXPECT_EQ(m.deflections, 2);
  ASSERT_TRUE(m.avg_first_response_s.has_value());
  EXPECT_DOUBLE_EQ(*m.avg_first_response_s, 120.0);
  EXPECT_DOUBLE_EQ(*m.avg_resolution_s, 180.0);
  EXPECT_DOUBLE_EQ(m.deflection_rate, 0.5);
  EXPECT_DOUBLE_EQ(m.resolved_without_human, 0.75);
}

}  // namespace
}  // namespace finchat::support
