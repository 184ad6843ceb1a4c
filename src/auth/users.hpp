#pragma once
// Users and OAuth clients over store::Database. Personal data (email, display name) is
// sealed with the FieldCipher; passwords and client secrets are argon2id hashes.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::auth {

inline constexpr const char* kRoles[] = {"customer", "agent", "analyst", "admin"};
inline constexpr const char* kServiceScopes[] = {"market:read", "support:write", "chat:write",
                                                 "admin"};
inline constexpr const char* kWebClientId = "finchat-web";

bool is_valid_role(std::string_view role);
bool is_valid_scope(std::string_view scope);
// Lower-cases and checks: a letter, then 2-31 of [a-z0-9._-].
Result<std::string> normalize_username(std::string_view username);
Status validate_password(std::string_view password);
std::vector<std::string> split_scopes(std::string_view text);  // on spaces and commas
std::string join_scopes(const std::vector<std::string>& scopes);

struct User {
  std::string id;
  std::string username;
  std::string role;
  std::string password_hash;
  std::string email;         // opened from email_enc; empty when none
  std::string display_name;  // opened from display_name_enc
  bool disabled = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct NewUser {
  std::string username;
  std::string role;
  std::string password;
  std::string email;
  std::string display_name;
};

class UserRepository {
 public:
  UserRepository(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
                 const Clock& clock, crypto::PasswordCost cost);

  Result<User> create(const NewUser& user);
  Result<std::optional<User>> find_by_username(std::string_view username);
  Result<std::optional<User>> find_by_id(std::string_view id);
  Result<std::vector<User>> list(int64_t limit = 1000);
  Result<int64_t> count();
  Status disable(std::string_view username);
  Status set_role(std::string_view username, std::string_view role);
  const crypto::PasswordCost& password_cost() const { return cost_; }

 private:
  Result<std::optional<User>> find_where(const char* column, std::string_view value);
  Result<User> from_row(const store::Row& row) const;

  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  const Clock& clock_;
  crypto::PasswordCost cost_;
};

struct OAuthClient {
  std::string client_id;
  std::string secret_hash;  // empty for public clients
  bool public_client = false;
  std::vector<std::string> scopes;
  std::vector<std::string> grant_types;
  bool disabled = false;
  int64_t created_at = 0;
  bool allows_grant(std::string_view grant) const;
  bool allows_scope(std::string_view scope) const;
};

class ClientRepository {
 public:
  ClientRepository(std::shared_ptr<store::Database> db, const Clock& clock,
                   crypto::PasswordCost cost);

  // A confidential client for client_credentials; returns the secret (shown once).
  Result<std::string> create_service_client(std::string_view client_id,
                                            const std::vector<std::string>& scopes);
  // Creates the first-party public client when missing.
  Status ensure_public_client(std::string_view client_id,
                              const std::vector<std::string>& grant_types);
  Result<std::optional<OAuthClient>> find(std::string_view client_id);
  Result<std::vector<OAuthClient>> list();

 private:
  std::shared_ptr<store::Database> db_;
  const Clock& clock_;
  crypto::PasswordCost cost_;
};

}  // namespace finchat::auth
