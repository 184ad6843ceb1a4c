// `finchat admin keys rotate-data`: re-seals every encrypted column with the active data key,
// row by row with a compare-and-set update, so the server keeps running meanwhile (old keys
// stay in the key file for values not yet rotated).
#include <functional>

#include "app/commands.hpp"
#include "app/context.hpp"

namespace finchat::app {

namespace {

struct SealedColumn {
  const char* table;
  const char* id_column;
  const char* column;
  std::function<std::string(const std::string& id)> context;
};

std::vector<SealedColumn> sealed_columns() {
  auto prefix = [](const std::string& p) { return [p](const std::string& id) { return p + id; }; };
  return {
      {"conversations", "id", "title_enc", prefix("conversations.title:")},
      {"conversations", "id", "state_enc", prefix("conversations.state:")},
      {"messages", "id", "content_enc", prefix("messages.content:")},
      {"messages", "id", "meta_enc", prefix("messages.meta:")},
      {"message_feedback", "message_id", "reason_enc", prefix("message_feedback.reason:")},
      {"tickets", "id", "summary_enc", prefix("tickets.summary:")},
      {"tickets", "id", "transcript_enc", prefix("tickets.transcript:")},
      {"refresh_tokens", "id", "token_hash_enc", prefix("refresh_tokens:")},
      {"signing_keys", "kid", "secret_key_enc", prefix("signing_keys:")},
      {"users", "id", "email_enc", [](const std::string& id) { return "users:" + id + ":email"; }},
      {"users", "id", "display_name_enc",
       [](const std::string& id) { return "users:" + id + ":display_name"; }},
  };
}

Result<int64_t> rotate_column(Context& ctx, const SealedColumn& col) {
  std::string select = std::string("SELECT ") + col.id_column + ", " + col.column + " FROM " +
                       col.table + " WHERE " + col.column + " IS NOT NULL";
  auto rows = ctx.db->query(select, {});
  if (!rows) return rows.error();
  int64_t rotated = 0;
  for (const auto& r : *rows) {
    std::string id = r.str(0);
    std::string sealed = r.str(1);
    if (!ctx.cipher->needs_rotation(sealed)) continue;
    auto plain = ctx.cipher->open(sealed, col.context(id));
    if (!plain)
      return Error::internal(std::string(col.table) + "." + col.column + " row " + id + ": " +
                             plain.error().message);
    std::string update = std::string("UPDATE ") + col.table + " SET " + col.column +
                         " = $1 WHERE " + col.id_column + " = $2 AND " + col.column + " = $3";
    auto n = ctx.db->exec(update, {ctx.cipher->seal(*plain, col.context(id)), id, sealed});
    if (!n) return n.error();
    rotated += *n;  // 0 when the row changed meanwhile: its new value already uses the new key
  }
  return rotated;
}

}  // namespace

Result<int64_t> reencrypt_all(Context& ctx) {
  int64_t total = 0;
  for (const auto& col : sealed_columns()) {
    auto n = rotate_column(ctx, col);
    if (!n) return n.error();
    total += *n;
  }
  return total;
}

}  // namespace finchat::app
