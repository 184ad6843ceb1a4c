#pragma once
// The Idempotency-Key request header (draft-ietf-httpapi-idempotency-key-header) for POSTs
// that create things. The first request with a key records (subject, key, fingerprint of
// method + path + body) in the shared database; when it finishes its status, Location and
// body are stored (sealed at rest) for 24 h. A retry with the same key and body replays the
// stored answer (`Idempotent-Replayed: true`), the same key with another body is 422, and a
// retry while the first is still running is 409. Keys are per subject, so one user never
// sees another's replay. A replica that dies mid-request leaves a lease that expires
// (`lease_ms`); the next retry then runs the request again.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "http/types.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::api {

struct IdempotencyOptions {
  int64_t ttl_ms = 24LL * 3600 * 1000;  // how long a finished answer is replayed
  int64_t lease_ms = 30'000;            // how long a started request blocks duplicates
};

class IdempotencyStore;

// One request that owns its key. Completed with the response to store, or abandoned (the
// record is dropped so a retry runs again). Dropping it unfinished abandons it.
class PendingRequest {
 public:
  PendingRequest(std::shared_ptr<IdempotencyStore> store, std::string subject, std::string key)
      : store_(std::move(store)), subject_(std::move(subject)), key_(std::move(key)) {}
  ~PendingRequest();
  PendingRequest(const PendingRequest&) = delete;
  PendingRequest& operator=(const PendingRequest&) = delete;

  void complete(const http::Response& response);
  void abandon();
  const std::string& key() const { return key_; }

 private:
  friend class IdempotencyStore;
  std::shared_ptr<IdempotencyStore> store_;
  std::string subject_;
  std::string key_;
  bool finished_ = false;
};

class IdempotencyStore : public std::enable_shared_from_this<IdempotencyStore> {
 public:
  // `cipher` may be null (tests): answers are then stored as they are.
  IdempotencyStore(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
                   IdempotencyOptions options = {}, const Clock& clock = SystemClock::instance());

  // Runs `next` under the request's Idempotency-Key, if it has one and a principal.
  http::Response handle(http::Request& request, const http::Handler& next);
  // Deletes expired records; returns how many.
  Result<int64_t> purge_expired();

  // Storage steps, used by PendingRequest.
  Status store_response(const std::string& subject, const std::string& key,
                        const http::Response& response);
  Status drop_pending(const std::string& subject, const std::string& key);

 private:
  struct Claim;
  Result<Claim> claim(const std::string& subject, const std::string& key,
                      const std::string& fingerprint);
  http::Response replay(const std::string& subject, const std::string& key,
                        const store::Row& row) const;

  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  IdempotencyOptions options_;
  const Clock& clock_;
};

// The key from the header value: a Structured Field string ("...") or a bare token, 1-255
// printable ASCII characters. Errors are invalid (400).
Result<std::string> parse_idempotency_key(std::string_view header);
// sha256 of method, path and body: what "the same request" means for a key.
std::string request_fingerprint(const http::Request& request);

// The process-wide store that idempotent() consults (serve installs it; null = feature off).
void install_idempotency(std::shared_ptr<IdempotencyStore> store);
std::shared_ptr<IdempotencyStore> installed_idempotency();
// Wraps a create route's handler. Cheap no-op without a key or an installed store.
http::Handler idempotent(http::Handler handler);
// For handlers that answer with an SSE stream: takes over the current request's pending key
// (null when there is none) so the generator can complete it when the stream ends.
std::shared_ptr<PendingRequest> adopt_idempotency();

}  // namespace finchat::api
