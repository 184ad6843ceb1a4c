#include "chat/conversations.hpp"

#include "core/ids.hpp"

namespace finchat::chat {

namespace {
std::string ctx(const char* column, const std::string& id) {
  return std::string(column) + ":" + id;
}
}  // namespace

ConversationStore::ConversationStore(std::shared_ptr<store::Database> db,
                                     std::shared_ptr<store::FieldCipher> cipher, const Clock& clock)
    : db_(std::move(db)), cipher_(std::move(cipher)), clock_(clock) {}

Result<Conversation> ConversationStore::create(const std::string& user_id,
                                               const std::string& title) {
  Conversation c{
      new_uuid_v7(clock_.now_ms()), user_id,         title.empty() ? "New conversation" : title,
      nlohmann::json::object(),     clock_.now_ms(), clock_.now_ms()};
  auto r = db_->exec(
      "INSERT INTO conversations (id, user_id, title_enc, state_enc, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {c.id, c.user_id, cipher_->seal(c.title, ctx("conversations.title", c.id)),
       cipher_->seal(c.state.dump(), ctx("conversations.state", c.id)), c.created_at,
       c.updated_at});
  if (!r) return r.error();
  return c;
}

Result<Conversation> ConversationStore::row_to_conversation(const store::Row& r) const {
  Conversation c;
  c.id = r.str("id");
  c.user_id = r.str("user_id");
  auto title = cipher_->open(r.str("title_enc"), ctx("conversations.title", c.id));
  auto state = cipher_->open(r.str("state_enc"), ctx("conversations.state", c.id));
  if (!title || !state) return Error::internal("conversation " + c.id + " failed to decrypt");
  c.title = *title;
  c.state = nlohmann::json::parse(*state, nullptr, false);
  if (c.state.is_discarded()) c.state = nlohmann::json::object();
  c.created_at = r.i64("created_at");
  c.updated_at = r.i64("updated_at");
  return c;
}

Result<std::vector<Conversation>> ConversationStore::list(const std::string& user_id, int limit) {
  auto rows = db_->query(
      "SELECT id, user_id, title_enc, state_enc, created_at, updated_at FROM conversations "
      "WHERE user_id = $1 ORDER BY updated_at DESC LIMIT $2",
      {user_id, int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<Conversation> out;
  for (const auto& r : *rows) {
    auto c = row_to_conversation(r);
    if (!c) return c.error();
    out.push_back(std::move(c.value()));
  }
  return out;
}

Result<Conversation> ConversationStore::get(const std::string& user_id, const std::string& id) {
  auto row = db_->query_one(
      "SELECT id, user_id, title_enc, state_enc, created_at, updated_at FROM conversations "
      "WHERE id = $1 AND user_id = $2",
      {id, user_id});
  if (!row) return row.error();
  if (!row.value()) return Error::not_found("conversation not found");
  return row_to_conversation(*row.value());
}

Status ConversationStore::remove(const std::string& user_id, const std::string& id) {
  return db_->transaction([&](store::Session& s) -> Status {
    auto n = s.exec("DELETE FROM conversations WHERE id = $1 AND user_id = $2", {id, user_id});
    if (!n) return n.error();
    if (*n == 0) return Error::not_found("conversation not found");
    auto fb = s.exec(
        "DELETE FROM message_feedback WHERE message_id IN (SELECT id FROM messages WHERE "
        "conversation_id = $1)",
        {id});
    if (!fb) return fb.error();
    auto m = s.exec("DELETE FROM messages WHERE conversation_id = $1", {id});
    if (!m) return m.error();
    return {};
  });
}

Status ConversationStore::save_state(const Conversation& c) {
  auto r = db_->exec(
      "UPDATE conversations SET state_enc = $1, updated_at = $2 WHERE id = $3 AND user_id = $4",
      {cipher_->seal(c.state.dump(), ctx("conversations.state", c.id)), clock_.now_ms(), c.id,
       c.user_id});
  if (!r) return r.error();
  return {};
}

Status ConversationStore::rename(const Conversation& c, const std::string& title) {
  auto r = db_->exec("UPDATE conversations SET title_enc = $1 WHERE id = $2 AND user_id = $3",
                     {cipher_->seal(title, ctx("conversations.title", c.id)), c.id, c.user_id});
  if (!r) return r.error();
  return {};
}

Result<Message> ConversationStore::append(const Conversation& c, const std::string& role,
                                          const std::string& content, const nlohmann::json& meta,
                                          const std::string& skill) {
  Message m{new_uuid_v7(clock_.now_ms()), c.id, role, content, meta, skill, clock_.now_ms()};
  auto r = db_->exec(
      "INSERT INTO messages (id, conversation_id, user_id, role, content_enc, meta_enc, skill, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {m.id, c.id, c.user_id, role, cipher_->seal(content, ctx("messages.content", m.id)),
       cipher_->seal(meta.dump(), ctx("messages.meta", m.id)), skill, m.created_at});
  if (!r) return r.error();
  return m;
}

Result<std::vector<Message>> ConversationStore::messages(const Conversation& c, int limit) {
  auto rows = db_->query(
      "SELECT id, role, content_enc, meta_enc, skill, created_at FROM messages "
      "WHERE conversation_id = $1 AND user_id = $2 ORDER BY created_at, id LIMIT $3",
      {c.id, c.user_id, int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<Message> out;
  for (const auto& r : *rows) {
    Message m;
    m.id = r.str("id");
    m.conversation_id = c.id;
    m.role = r.str("role");
    auto content = cipher_->open(r.str("content_enc"), ctx("messages.content", m.id));
    auto meta = cipher_->open(r.str("meta_enc"), ctx("messages.meta", m.id));
    if (!content || !meta) return Error::internal("message " + m.id + " failed to decrypt");
    m.content = *content;
    m.meta = nlohmann::json::parse(*meta, nullptr, false);
    m.skill = r.str("skill");
    m.created_at = r.i64("created_at");
    out.push_back(std::move(m));
  }
  return out;
}

Status ConversationStore::feedback(const std::string& user_id, const std::string& conversation_id,
                                   const std::string& message_id, const std::string& rating,
                                   const std::string& reason) {
  auto owned = db_->query_one(
      "SELECT id FROM messages WHERE id = $1 AND conversation_id = $2 AND user_id = $3 AND "
      "role = 'assistant'",
      {message_id, conversation_id, user_id});
  if (!owned) return owned.error();
  if (!owned.value()) return Error::not_found("message not found");
  auto r = db_->exec(
      "INSERT INTO message_feedback (message_id, user_id, rating, reason_enc, created_at) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO UPDATE SET rating = "
      "excluded.rating, reason_enc = excluded.reason_enc, created_at = excluded.created_at",
      {message_id, user_id, rating,
       cipher_->seal(reason, ctx("message_feedback.reason", message_id)), clock_.now_ms()});
  if (!r) return r.error();
  return {};
}

nlohmann::json to_json(const Conversation& c) {
  return {{"id", c.id},
          {"title", c.title},
          {"created_at", format_iso8601(c.created_at)},
          {"updated_at", format_iso8601(c.updated_at)}};
}

nlohmann::json to_json(const Message& m) {
  nlohmann::json j = {{"id", m.id},
                      {"role", m.role},
                      {"content", m.content},
                      {"created_at", format_iso8601(m.created_at)},
                      {"facts", m.meta.value("facts", nlohmann::json::array())},
                      {"citations", m.meta.value("citations", nlohmann::json::array())},
                      {"card", m.meta.value("card", nlohmann::json())}};
  if (m.meta.contains("disclaimer")) j["disclaimer"] = m.meta["disclaimer"];
  if (m.meta.contains("escalation")) j["escalation"] = m.meta["escalation"];
  if (!m.skill.empty()) j["skill"] = m.skill;
  return j;
}

}  // namespace finchat::chat
