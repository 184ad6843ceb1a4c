#include "api/idempotency.hpp"

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/log.hpp"

namespace finchat::api {

namespace {

// Headers worth replaying: what a client reads from a create answer.
constexpr const char* kReplayedHeaders[] = {"Content-Type", "Location"};

thread_local std::shared_ptr<PendingRequest>* current_pending = nullptr;

std::mutex& installed_mu() {
  static std::mutex mu;
  return mu;
}
std::shared_ptr<IdempotencyStore>& installed_slot() {
  static std::shared_ptr<IdempotencyStore> store;
  return store;
}

// Answers worth replaying. 5xx, 408, 409, 425 and 429 say "try again", so they are not kept.
bool storable(int status) {
  return status < 500 && status != 408 && status != 409 && status != 425 && status != 429;
}

std::string seal_context(const std::string& subject, const std::string& key) {
  return "idempotency_keys.response:" + subject + ":" + key;
}

http::Response key_problem(int status, const std::string& detail) {
  return http::Response::problem(status, http::reason_phrase(status), detail);
}

}  // namespace

struct IdempotencyStore::Claim {
  enum class Kind { owned, replay, in_flight, mismatch } kind = Kind::owned;
  std::optional<store::Row> row;
  int64_t retry_after_s = 1;
};

PendingRequest::~PendingRequest() {
  if (!finished_) abandon();
}

void PendingRequest::complete(const http::Response& response) {
  if (finished_) return;
  finished_ = true;
  if (!storable(response.status)) {
    (void)store_->drop_pending(subject_, key_);
    return;
  }
  if (auto st = store_->store_response(subject_, key_, response); !st) {
    log::get("api")->warn("idempotency key not recorded: {}", st.error().message);
  }
}

void PendingRequest::abandon() {
  if (finished_) return;
  finished_ = true;
  if (auto st = store_->drop_pending(subject_, key_); !st) {
    log::get("api")->warn("idempotency key not released: {}", st.error().message);
  }
}

IdempotencyStore::IdempotencyStore(std::shared_ptr<store::Database> db,
                                   std::shared_ptr<store::FieldCipher> cipher,
                                   IdempotencyOptions options, const Clock& clock)
    : db_(std::move(db)), cipher_(std::move(cipher)), options_(options), clock_(clock) {}

Result<IdempotencyStore::Claim> IdempotencyStore::claim(const std::string& subject,
                                                        const std::string& key,
                                                        const std::string& fingerprint) {
  // Two rounds: the second follows the removal of an expired record.
  for (int round = 0; round < 2; ++round) {
    const int64_t now = clock_.now_ms();
    auto inserted = db_->exec(
        "INSERT INTO idempotency_keys (subject, idem_key, fingerprint, state, lease_until, "
        "created_at, expires_at) VALUES ($1, $2, $3, 'pending', $4, $5, $6) "
        "ON CONFLICT (subject, idem_key) DO NOTHING",
        {subject, key, fingerprint, now + options_.lease_ms, now, now + options_.ttl_ms});
    if (!inserted) return inserted.error();
    if (*inserted > 0) return Claim{};

    auto row = db_->query_one(
        "SELECT fingerprint, state, lease_until, status, response_enc, expires_at "
        "FROM idempotency_keys WHERE subject = $1 AND idem_key = $2",
        {subject, key});
    if (!row) return row.error();
    if (!*row) continue;  // finished and purged in between: insert again
    const store::Row& r = **row;
    if (r.i64("expires_at") <= now) {
      auto gone = db_->exec(
          "DELETE FROM idempotency_keys WHERE subject = $1 AND idem_key = $2 AND expires_at <= $3",
          {subject, key, now});
      if (!gone) return gone.error();
      continue;
    }
    // Comparing fingerprints leaks nothing: both are the caller's own requests.
    if (r.str("fingerprint") != fingerprint) return Claim{Claim::Kind::mismatch, r};
    if (r.str("state") == "done") return Claim{Claim::Kind::replay, r};
    const int64_t lease = r.i64("lease_until");
    if (lease > now) {
      return Claim{Claim::Kind::in_flight, r, std::max<int64_t>(1, (lease - now + 999) / 1000)};
    }
    // The owner's lease ran out (its replica died): take the request over, once.
    auto taken = db_->exec(
        "UPDATE idempotency_keys SET lease_until = $3 WHERE subject = $1 AND idem_key = $2 "
        "AND state = 'pending' AND lease_until = $4",
        {subject, key, now + options_.lease_ms, lease});
    if (!taken) return taken.error();
    if (*taken > 0) return Claim{};
    return Claim{Claim::Kind::in_flight, r, 1};
  }
  return Error::unavailable("idempotency key changed hands too often; retry");
}

http::Response IdempotencyStore::replay(const std::string& subject, const std::string& key,
                                        const store::Row& row) const {
  std::string stored = row.str("response_enc");
  if (cipher_ && store::FieldCipher::is_sealed(stored)) {
    auto opened = cipher_->open(stored, seal_context(subject, key));
    if (!opened) return http::Response::from_error(opened.error());
    stored = *opened;
  }
  auto j = nlohmann::json::parse(stored, nullptr, false);
  if (!j.is_object()) return http::Response::from_error(Error::internal("bad idempotency record"));
  http::Response r;
  r.status = j.value("status", 500);
  r.body = j.value("body", "");
  const nlohmann::json headers = j.value("headers", nlohmann::json::object());
  for (const auto& [name, value] : headers.items()) {
    if (value.is_string()) r.set_header(name, value.get<std::string>());
  }
  r.set_header("Idempotent-Replayed", "true");
  return r;
}

Status IdempotencyStore::store_response(const std::string& subject, const std::string& key,
                                        const http::Response& response) {
  nlohmann::json headers = nlohmann::json::object();
  for (const char* name : kReplayedHeaders) {
    std::string v = response.header(name);
    if (!v.empty()) headers[name] = v;
  }
  std::string doc =
      nlohmann::json{{"status", response.status}, {"headers", headers}, {"body", response.body}}
          .dump();
  if (cipher_) doc = cipher_->seal(doc, seal_context(subject, key));
  auto n = db_->exec(
      "UPDATE idempotency_keys SET state = 'done', status = $3, response_enc = $4 "
      "WHERE subject = $1 AND idem_key = $2 AND state = 'pending'",
      {subject, key, static_cast<int64_t>(response.status), doc});
  if (!n) return n.error();
  return {};
}

Status IdempotencyStore::drop_pending(const std::string& subject, const std::string& key) {
  auto n = db_->exec(
      "DELETE FROM idempotency_keys WHERE subject = $1 AND idem_key = $2 AND state = 'pending'",
      {subject, key});
  if (!n) return n.error();
  return {};
}

Result<int64_t> IdempotencyStore::purge_expired() {
  return db_->exec("DELETE FROM idempotency_keys WHERE expires_at <= $1", {clock_.now_ms()});
}

http::Response IdempotencyStore::handle(http::Request& request, const http::Handler& next) {
  std::string header = request.header("Idempotency-Key");
  if (header.empty() || !request.principal) return next(request);
  auto key = parse_idempotency_key(header);
  if (!key) return http::Response::from_error(key.error());
  const std::string& subject = request.principal->subject;
  auto claimed = claim(subject, *key, request_fingerprint(request));
  if (!claimed) return http::Response::from_error(claimed.error());
  switch (claimed->kind) {
    case Claim::Kind::mismatch:
      return key_problem(422, "this Idempotency-Key was used with a different request");
    case Claim::Kind::in_flight: {
      auto r = key_problem(409, "a request with this Idempotency-Key is still being processed");
      r.set_header("Retry-After", std::to_string(claimed->retry_after_s));
      return r;
    }
    case Claim::Kind::replay: return replay(subject, *key, *claimed->row);
    case Claim::Kind::owned: break;
  }
  auto pending = std::make_shared<PendingRequest>(shared_from_this(), subject, *key);
  auto* outer = current_pending;
  current_pending = &pending;
  http::Response response;
  try {
    response = next(request);
  } catch (...) {
    current_pending = outer;
    throw;  // `pending` is dropped: the key is released
  }
  current_pending = outer;
  // A stream is completed by whoever adopted the key; one nobody adopted is released.
  if (!response.sse) pending->complete(response);
  return response;
}

Result<std::string> parse_idempotency_key(std::string_view header) {
  std::string_view v = header;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 255)
    return Error::invalid("Idempotency-Key must hold 1 to 255 characters", "Idempotency-Key");
  for (char c : v) {
    if (c < 0x21 || c > 0x7e || c == '"' || c == '\\')
      return Error::invalid("Idempotency-Key must be printable ASCII without quotes or spaces",
                            "Idempotency-Key");
  }
  return std::string(v);
}

std::string request_fingerprint(const http::Request& request) {
  std::string material = request.method;
  material += ' ';
  material += request.path;
  material += '\n';
  material += request.body;
  return crypto::sha256_hex(material);
}

void install_idempotency(std::shared_ptr<IdempotencyStore> store) {
  std::lock_guard lock(installed_mu());
  installed_slot() = std::move(store);
}

std::shared_ptr<IdempotencyStore> installed_idempotency() {
  std::lock_guard lock(installed_mu());
  return installed_slot();
}

http::Handler idempotent(http::Handler handler) {
  return [handler = std::move(handler)](http::Request& request) {
    auto store = installed_idempotency();
    if (!store) return handler(request);
    return store->handle(request, handler);
  };
}

std::shared_ptr<PendingRequest> adopt_idempotency() {
  if (!current_pending || !*current_pending) return nullptr;
  return *current_pending;
}

}  // namespace finchat::api
