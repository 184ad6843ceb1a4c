#include "chat/conversations.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "store/migrations.hpp"
#include "store/test_services.hpp"

namespace finchat::chat {
namespace {

std::vector<std::string> urls() { return store::testing::backend_urls(); }

class ConversationStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db = store::open_database(GetParam(), 2).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k1", std::string(32, 'q'))));
    conversations = std::make_shared<ConversationStore>(db, cipher);
  }
  std::shared_ptr<store::Database> db;
  std::shared_ptr<store::FieldCipher> cipher;
  std::shared_ptr<ConversationStore> conversations;
};

TEST_P(ConversationStoreTest, OwnerOnlyAccess) {
  auto c = conversations->create("alice-" + GetParam(), "My card");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(conversations->get("alice-" + GetParam(), c->id).ok());
  auto other = conversations->get("mallory", c->id);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().kind, ErrorKind::not_found) << "404, not 403: ids cannot be probed";
  EXPECT_FALSE(conversations->remove("mallory", c->id).ok());
  auto list = conversations->list("mallory");
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST_P(ConversationStoreTest, MessagesEncryptedAtRest) {
  auto c = conversations->create("bob", "");
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(conversations->append(*c, "user", "my account number is 99887766", {}, "").ok());
  auto raw = db->query("SELECT content_enc FROM messages WHERE conversation_id = $1", {c->id});
  ASSERT_TRUE(raw.ok());
  ASSERT_EQ(raw->size(), 1u);
  EXPECT_EQ(raw->front().str(0).find("99887766"), std::string::npos);
  auto msgs = conversations->messages(*c);
  ASSERT_TRUE(msgs.ok());
  EXPECT_EQ(msgs->front().content, "my account number is 99887766");
}

TEST_P(ConversationStoreTest, FeedbackOnlyOnOwnAssistantMessages) {
  auto c = conversations->create("carol", "");
  ASSERT_TRUE(c.ok());
  auto m = conversations->append(*c, "assistant", "hello", {{"facts", nlohmann::json::array()}},
                                 "smalltalk");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(conversations->feedback("carol", c->id, m->id, "up", "").ok());
  EXPECT_TRUE(conversations->feedback("carol", c->id, m->id, "down", "wrong").ok()) << "updates";
  EXPECT_FALSE(conversations->feedback("dave", c->id, m->id, "up", "").ok());
}

TEST_P(ConversationStoreTest, EraseRemovesMessages) {
  auto c = conversations->create("erin", "");
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(conversations->append(*c, "user", "x", {}, "").ok());
  ASSERT_TRUE(conversations->remove("erin", c->id).ok());
  auto rows = db->query("SELECT COUNT(*) FROM messages WHERE conversation_id = $1", {c->id});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front().i64(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConversationStoreTest, ::testing::ValuesIn(urls()),
                         [](const auto& param_info) {
                           return param_info.param.rfind("sqlite", 0) == 0
                                      ? std::string("sqlite")
                                      : std::string("postgres");
                         });

}  // namespace
}  // namespace finchat::chat
