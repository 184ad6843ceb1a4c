#include "auth/users.hpp"

#include <algorithm>

#include "core/ids.hpp"

namespace finchat::auth {

namespace {

std::string email_context(const std::string& id) { return "users:" + id + ":email"; }
std::string name_context(const std::string& id) { return "users:" + id + ":display_name"; }

bool is_unique_violation(const Error& e) {
  std::string m = e.message;
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
  return e.kind == ErrorKind::conflict || m.find("unique") != std::string::npos ||
         m.find("duplicate") != std::string::npos;
}

}  // namespace

bool is_valid_role(std::string_view role) {
  return std::any_of(std::begin(kRoles), std::end(kRoles),
                     [&](const char* r) { return role == r; });
}

bool is_valid_scope(std::string_view scope) {
  return std::any_of(std::begin(kServiceScopes), std::end(kServiceScopes),
                     [&](const char* s) { return scope == s; });
}

Result<std::string> normalize_username(std::string_view username) {
  std::string u(username);
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::tolower(c); });
  bool ok =
      u.size() >= 3 && u.size() <= 32 && u[0] >= 'a' && u[0] <= 'z' &&
      std::all_of(u.begin(), u.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!ok) {
    return Error::invalid("username must be 3-32 characters: a letter, then letters, digits, . _ -",
                          "username");
  }
  return u;
}

Status validate_password(std::string_view password) {
  if (password.size() < 10)
    return Error::invalid("password must have at least 10 characters", "password");
  if (password.size() > 256)
    return Error::invalid("password must have at most 256 characters", "password");
  return {};
}

std::vector<std::string> split_scopes(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && std::find(out.begin(), out.end(), cur) == out.end()) out.push_back(cur);
    cur.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == ',') {
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return out;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

UserRepository::UserRepository(std::shared_ptr<store::Database> db,
                               std::shared_ptr<store::FieldCipher> cipher, const Clock& clock,
                               crypto::PasswordCost cost)
    : db_(std::move(db)), cipher_(std::move(cipher)), clock_(clock), cost_(cost) {}

Result<User> UserRepository::create(const NewUser& in) {
  auto username = normalize_username(in.username);
  if (!username) return username.error();
  if (!is_valid_role(in.role)) {
    return Error::invalid("role must be one of customer, agent, analyst, admin", "role");
  }
  if (auto st = validate_password(in.password); !st) return st.error();
  if (in.email.size() > 254) return Error::invalid("email is too long", "email");
  auto hash = crypto::password_hash(in.password, cost_);
  if (!hash) return hash.error();
  User u;
  int64_t now = clock_.now_ms();
  u.id = new_uuid_v7(now);
  u.username = *username;
  u.role = in.role;
  u.password_hash = *hash;
  u.email = in.email;
  u.display_name = in.display_name;
  u.created_at = u.updated_at = now;
  auto sealed = [&](const std::string& v, const std::string& ctx) {
    return v.empty() ? store::null() : store::Value(cipher_->seal(v, ctx));
  };
  auto r = db_->exec(
      "INSERT INTO users (id, username, role, password_hash, display_name_enc, email_enc, "
      "disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)",
      {u.id, u.username, u.role, u.password_hash, sealed(u.display_name, name_context(u.id)),
       sealed(u.email, email_context(u.id)), now});
  if (!r) {
    if (is_unique_violation(r.error())) return Error::conflict("username is already taken");
    return r.error();
  }
  return u;
}

Result<User> UserRepository::from_row(const store::Row& row) const {
  User u;
  u.id = row.str("id");
  u.username = row.str("username");
  u.role = row.str("role");
  u.password_hash = row.str("password_hash");
  u.disabled = row.i64("disabled") != 0;
  u.created_at = row.i64("created_at");
  u.updated_at = row.i64("updated_at");
  if (!row.is_null("email_enc")) {
    auto e = cipher_->open(row.str("email_enc"), email_context(u.id));
    if (!e) return Error::internal("cannot open email of user " + u.id);
    u.email = *e;
  }
  if (!row.is_null("display_name_enc")) {
    auto n = cipher_->open(row.str("display_name_enc"), name_context(u.id));
    if (!n) return Error::internal("cannot open display name of user " + u.id);
    u.display_name = *n;
  }
  return u;
}

Result<std::optional<User>> UserRepository::find_where(const char* column, std::string_view value) {
  auto row = db_->query_one(std::string("SELECT * FROM users WHERE ") + column + " = $1",
                            {std::string(value)});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<User>{};
  auto u = from_row(**row);
  if (!u) return u.error();
  return std::optional<User>(std::move(*u));
}

Result<std::optional<User>> UserRepository::find_by_username(std::string_view username) {
  auto u = normalize_username(username);
  if (!u) return std::optional<User>{};
  return find_where("username", *u);
}

Result<std::optional<User>> UserRepository::find_by_id(std::string_view id) {
  return find_where("id", id);
}

Result<std::vector<User>> UserRepository::list(int64_t limit) {
  auto rows = db_->query("SELECT * FROM users ORDER BY username LIMIT $1", {limit});
  if (!rows) return rows.error();
  std::vector<User> out;
  for (const auto& row : *rows) {
    auto u = from_row(row);
    if (!u) return u.error();
    out.push_back(std::move(*u));
  }
  return out;
}

Result<int64_t> UserRepository::count() {
  auto row = db_->query_one("SELECT COUNT(*) AS n FROM users");
  if (!row) return row.error();
  return row->has_value() ? (*row)->i64("n") : 0;
}

Status UserRepository::disable(std::string_view username) {
  auto u = normalize_username(username);
  if (!u) return u.error();
  auto r = db_->exec("UPDATE users SET disabled = 1, updated_at = $1 WHERE username = $2",
                     {clock_.now_ms(), *u});
  if (!r) return r.error();
  if (*r == 0) return Error::not_found("no user named " + *u);
  return {};
}

Status UserRepository::set_role(std::string_view username, std::string_view role) {
  if (!is_valid_role(role)) {
    return Error::invalid("role must be one of customer, agent, analyst, admin", "role");
  }
  auto u = normalize_username(username);
  if (!u) return u.error();
  auto r = db_->exec("UPDATE users SET role = $1, updated_at = $2 WHERE username = $3",
                     {std::string(role), clock_.now_ms(), *u});
  if (!r) return r.error();
  if (*r == 0) return Error::not_found("no user named " + *u);
  return {};
}

}  // namespace finchat::auth
