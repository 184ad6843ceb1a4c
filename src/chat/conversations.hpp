#pragma once
// Conversations and messages, stored encrypted and always scoped to their owner: a lookup
// with another user's id finds nothing (so ids cannot be probed).
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::chat {

struct Conversation {
  std::string id;
  std::string user_id;
  std::string title;
  nlohmann::json state;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Message {
  std::string id;
  std::string conversation_id;
  std::string role;  // user | assistant
  std::string content;
  nlohmann::json meta;  // facts, citations, card, suggestions, escalation, disclaimer
  std::string skill;
  int64_t created_at = 0;
};

class ConversationStore {
 public:
  ConversationStore(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
                    const Clock& clock = SystemClock::instance());

  Result<Conversation> create(const std::string& user_id, const std::string& title);
  Result<std::vector<Conversation>> list(const std::string& user_id, int limit = 100);
  // not_found when it does not exist or belongs to someone else.
  Result<Conversation> get(const std::string& user_id, const std::string& id);
  Status remove(const std::string& user_id, const std::string& id);
  Status save_state(const Conversation& c);
  Status rename(const Conversation& c, const std::string& title);
  Result<Message> append(const Conversation& c, const std::string& role, const std::string& content,
                         const nlohmann::json& meta, const std::string& skill);
  Result<std::vector<Message>> messages(const Conversation& c, int limit = 500);
  Status feedback(const std::string& user_id, const std::string& conversation_id,
                  const std::string& message_id, const std::string& rating,
                  const std::string& reason);

 private:
  Result<Conversation> row_to_conversation(const store::Row& r) const;

  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  const Clock& clock_;
};

nlohmann::json to_json(const Conversation& c);
nlohmann::json to_json(const Message& m);

}  // namespace finchat::chat
