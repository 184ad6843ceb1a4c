#include "app/market_alerts_chat.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"
#include "store/migrations.hpp"

namespace finchat::app {
namespace {

nlohmann::json cross_alert() {
  return {{"id", "a1"},       {"symbol", "NOVA"}, {"type", "price_cross"}, {"value", 200.12},
          {"threshold", 200}, {"interval", "1m"}, {"status", "triggered"}};
}

TEST(MarketAlertsChat, MessageShowsOnlyTheEventsNumbers) {
  auto text = alert_message(cross_alert(), "Prices are simulated.");
  EXPECT_NE(text.find("NOVA crossed 200.00: last 200.12 on the 1m bar."), std::string::npos)
      << text;
  EXPECT_NE(text.find("Prices are simulated."), std::string::npos);
  nlohmann::json move = {
      {"symbol", "QBIT"}, {"type", "pct_move"}, {"value", -3.4}, {"threshold", 3}};
  EXPECT_NE(alert_message(move, "").find("QBIT moved -3.40% today, past your 3.00% alert."),
            std::string::npos);
}

TEST(MarketAlertsChat, AlertWaitsInTheOwnersLatestConversation) {
  crypto::init();
  auto db = store::open_database("sqlite::memory:", 1);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(store::migrate(**db).ok());
  auto cipher = std::make_shared<store::FieldCipher>(
      std::make_shared<store::Keyring>(store::Keyring::single("k1", std::string(32, 'q'))));
  chat::ConversationStore conversations(*db, cipher);

  ASSERT_TRUE(deliver_alert_to_conversation(conversations, "u1", cross_alert(), "").ok());
  auto first = conversations.list("u1");
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1U) << "a user with no conversation gets one";
  EXPECT_EQ(first->front().title, "Market alerts");

  ASSERT_TRUE(deliver_alert_to_conversation(conversations, "u1", cross_alert(), "").ok());
  auto messages = conversations.messages(first->front());
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->size(), 2U) << "later alerts join the latest conversation";
  EXPECT_EQ(messages->back().role, "assistant");
  EXPECT_EQ(messages->back().meta["alert"]["id"], "a1");
  auto others = conversations.list("u2");
  ASSERT_TRUE(others.ok());
  EXPECT_TRUE(others->empty()) << "nobody else sees it";
}

}  // namespace
}  // namespace finchat::app
