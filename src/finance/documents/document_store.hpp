#pragma once
// Uploaded documents, always scoped to their owner (another user's id finds nothing). The
// title, extracted text and analysis are sealed with the store's FieldCipher.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::documents {

struct StoredDocument {
  std::string id;
  std::string owner_id;
  std::string title;
  std::string format;  // text | markdown | html | pdf
  int64_t size_bytes = 0;
  std::string status;  // processing | ready | failed
  int64_t sections_done = 0;
  int64_t sections_total = 0;
  std::string text;                                    // empty in listings
  nlohmann::json analysis = nlohmann::json::object();  // sections, sentiment, key figures
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

class DocumentStore {
 public:
  DocumentStore(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
                const Clock& clock = SystemClock::instance());

  Result<StoredDocument> create(const std::string& owner, const std::string& title,
                                const std::string& format, int64_t size_bytes,
                                const std::string& text);
  Status set_progress(const std::string& id, int64_t done, int64_t total,
                      const std::string& status);
  Status set_analysis(const std::string& id, const nlohmann::json& analysis,
                      const std::string& status);
  // Newest first, without text.
  Result<std::vector<StoredDocument>> list(const std::string& owner, int limit = 200);
  Result<StoredDocument> get(const std::string& owner, const std::string& id);
  Status remove(const std::string& owner, const std::string& id);

 private:
  Result<StoredDocument> from_row(const store::Row& r, bool with_body) const;
  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  const Clock& clock_;
};

nlohmann::json to_json(const StoredDocument& d);  // metadata only

}  // namespace finchat::documents
