#include "support/tickets.hpp"

#include <gtest/gtest.h>

#include "store/migrations.hpp"

namespace finchat::support {
namespace {

struct TicketTest : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    tickets = std::make_unique<TicketStore>(db, cipher, clock);
  }
  ManualClock clock{1'800'000'000'000};
  std::shared_ptr<store::Database> db;
  std::shared_ptr<store::FieldCipher> cipher;
  std::unique_ptr<TicketStore> tickets;
};

TEST_F(TicketTest, SlaByPriorityAndQueueByCategory) {
  auto t = tickets->create({"cust1", "conv1", "fraud_dispute", "urgent", "fraud", "s", "x"});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->queue, "fraud");
  EXPECT_EQ(t->sla_due_at - t->created_at, 15 * 60'000);
  EXPECT_EQ(t->number.rfind("SUP-", 0), 0u);
  EXPECT_EQ(sla_minutes("low"), 24 * 60);
  EXPECT_EQ(queue_for("trading_order"), "brokerage");
}

TEST_F(TicketTest, CustomerSeesOnlyOwnTickets) {
  auto t = tickets->create({"cust1", "conv1", "other", "normal", "r", "s", "secret transcript"});
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(tickets->get_for_customer("cust1", t->id).ok());
  auto other = tickets->get_for_customer("cust2", t->id);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().kind, ErrorKind::not_found);
  EXPECT_TRUE(tickets->list_for_customer("cust2")->empty());
  auto raw = db->query("SELECT transcript_enc FROM tickets", {});
  EXPECT_EQ(raw->front().str(0).find("secret transcript"), std::string::npos);
}

TEST_F(TicketTest, LifecycleRejectsIllegalTransitions) {
  auto t = tickets->create({"c", "v", "other", "normal", "r", "s", "x"});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->status, "escalated");
  auto bad = tickets->transition(t->id, "agent1", "closed");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::conflict);
  EXPECT_TRUE(tickets->transition(t->id, "agent1", "resolved").ok());
  EXPECT_TRUE(tickets->transition(t->id, "agent1", "closed").ok());
  auto events = db->query("SELECT COUNT(*) FROM ticket_events WHERE ticket_id = $1", {t->id});
  EXPECT_EQ(events->front().i64(0), 3) << "every transition is recorded";
}

TEST_F(TicketTest, OpenTicketForConversationFound) {
  auto t = tickets->create({"c", "conv9", "other", "normal", "r", "s", "x"});
  ASSERT_TRUE(t.ok());
  auto open = tickets->open_for_conversation("conv9");
  ASSERT_TRUE(open.ok());
  ASSERT_TRUE(open->has_value());
  EXPECT_EQ((*open)->id, t->id);
}

}  // namespace
}  // namespace finchat::support
