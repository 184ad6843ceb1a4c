#include <gtest/gtest.h>

#include <filesystem>

#include "app/commands.hpp"
#include "app/context.hpp"
#include "chat/conversations.hpp"
#include "core/ids.hpp"

namespace finchat::app {
namespace {

TEST(RotateDataTest, ReencryptsEveryValueWithTheNewKey) {
  auto dir = std::filesystem::temp_directory_path() / ("finchat_rot_" + new_uuid_v7());
  Config cfg;
  cfg.data_dir = dir.string();
  cfg.db.url = "sqlite:" + (dir / "f.db").string();
  cfg.security.data_key_file = (dir / "keys").string();
  auto ctx = open_context(cfg, true);
  ASSERT_TRUE(ctx.ok()) << ctx.error().message;
  chat::ConversationStore store(ctx->db, ctx->cipher);
  auto conv = store.create("u1", "Card question");
  ASSERT_TRUE(conv.ok());
  ASSERT_TRUE(store.append(*conv, "user", "my card ends 4242", {}, "").ok());
  std::string old_kid = ctx->cipher->keyring().active_kid();

  ASSERT_TRUE(store::Keyring::rotate_file(cfg.security.data_key_file).ok());
  auto rotated = open_context(cfg, true);
  ASSERT_TRUE(rotated.ok());
  EXPECT_NE(rotated->cipher->keyring().active_kid(), old_kid);
  auto n = reencrypt_all(*rotated);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 4) << "title, state, message content and meta";

  auto rows = rotated->db->query("SELECT content_enc FROM messages", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_FALSE(rotated->cipher->needs_rotation(rows->front().str(0)));
  chat::ConversationStore after(rotated->db, rotated->cipher);
  auto msgs = after.messages(*after.get("u1", conv->id));
  ASSERT_TRUE(msgs.ok());
  EXPECT_EQ(msgs->front().content, "my card ends 4242");
  auto again = reencrypt_all(*rotated);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0) << "idempotent";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace finchat::app
