#include <algorithm>

#include "auth/users.hpp"

namespace finchat::auth {

namespace {

Status validate_client_id(std::string_view id) {
  bool ok =
      id.size() >= 3 && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!ok) return Error::invalid("client id must be 3-64 of [a-z0-9._-]", "client_id");
  return {};
}

OAuthClient from_row(const store::Row& row) {
  OAuthClient c;
  c.client_id = row.str("client_id");
  c.secret_hash = row.str("secret_hash");
  c.public_client = row.i64("public_client") != 0;
  c.scopes = split_scopes(row.str("scopes"));
  c.grant_types = split_scopes(row.str("grant_types"));
  c.disabled = row.i64("disabled") != 0;
  c.created_at = row.i64("created_at");
  return c;
}

}  // namespace

bool OAuthClient::allows_grant(std::string_view grant) const {
  return std::find(grant_types.begin(), grant_types.end(), grant) != grant_types.end();
}

bool OAuthClient::allows_scope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

ClientRepository::ClientRepository(std::shared_ptr<store::Database> db, const Clock& clock,
                                   crypto::PasswordCost cost)
    : db_(std::move(db)), clock_(clock), cost_(cost) {}

Result<std::string> ClientRepository::create_service_client(
    std::string_view client_id, const std::vector<std::string>& scopes) {
  if (auto st = validate_client_id(client_id); !st) return st.error();
  if (client_id == kWebClientId) return Error::conflict("client id is reserved");
  if (scopes.empty()) return Error::invalid("a service client needs at least one scope", "scopes");
  for (const auto& s : scopes) {
    if (!is_valid_scope(s)) {
      return Error::invalid(
          "unknown scope '" + s + "' (market:read, support:write, chat:write, admin)", "scopes");
    }
  }
  std::string secret = crypto::random_token(32);
  auto hash = crypto::password_hash(secret, cost_);
  if (!hash) return hash.error();
  auto r = db_->exec(
      "INSERT INTO oauth_clients (client_id, secret_hash, public_client, scopes, grant_types, "
      "disabled, created_at) VALUES ($1, $2, 0, $3, 'client_credentials', 0, $4) "
      "ON CONFLICT (client_id) DO NOTHING",
      {std::string(client_id), *hash, join_scopes(scopes), clock_.now_ms()});
  if (!r) return r.error();
  if (*r == 0) return Error::conflict("client id already exists");
  return secret;
}

Status ClientRepository::ensure_public_client(std::string_view client_id,
                                              const std::vector<std::string>& grant_types) {
  auto r = db_->exec(
      "INSERT INTO oauth_clients (client_id, secret_hash, public_client, scopes, grant_types, "
      "disabled, created_at) VALUES ($1, NULL, 1, '', $2, 0, $3) "
      "ON CONFLICT (client_id) DO NOTHING",
      {std::string(client_id), join_scopes(grant_types), clock_.now_ms()});
  if (!r) return r.error();
  return {};
}

Result<std::optional<OAuthClient>> ClientRepository::find(std::string_view client_id) {
  auto row =
      db_->query_one("SELECT * FROM oauth_clients WHERE client_id = $1", {std::string(client_id)});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<OAuthClient>{};
  return std::optional<OAuthClient>(from_row(**row));
}

Result<std::vector<OAuthClient>> ClientRepository::list() {
  auto rows = db_->query("SELECT * FROM oauth_clients ORDER BY client_id");
  if (!rows) return rows.error();
  std::vector<OAuthClient> out;
  for (const auto& row : *rows) out.push_back(from_row(row));
  return out;
}

}  // namespace finchat::auth
