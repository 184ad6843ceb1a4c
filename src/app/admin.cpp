#include <iostream>

#include "app/commands.hpp"
#include "app/context.hpp"
#include "auth/cli.hpp"
#include "auth/service.hpp"
#include "core/clock.hpp"
#include "store/field_cipher.hpp"

namespace finchat::app {

int cmd_retention(Context& ctx, int days, std::ostream& out, std::ostream& err);

int cmd_admin(const Args& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> rest;
  std::vector<std::string> flags;
  // Config flags (--db.url …) may be mixed in; admin's own flags are passed through.
  static const std::vector<std::string> own = {"--username", "--role", "--password-stdin",
                                               "--client-id", "--scopes"};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool is_own = std::find(own.begin(), own.end(), a) != own.end();
    if (a.rfind("--", 0) == 0 && !is_own) {
      flags.push_back(a);
      if (a.find('=') == std::string::npos && i + 1 < args.size()) flags.push_back(args[++i]);
    } else {
      rest.push_back(a);
    }
  }
  if (!rest.empty() && rest[0] == "keys" && rest.size() > 1 && rest[1] == "rotate-data") {
    return cmd_rotate_data(flags, out, err);
  }
  int retention_days = -1;
  if (!rest.empty() && rest[0] == "retention") {
    retention_days = 365;
    for (size_t i = 0; i + 1 < flags.size(); ++i) {
      if (flags[i] == "--days") {
        try {
          retention_days = std::stoi(flags[i + 1]);
        } catch (const std::exception&) {
          retention_days = 0;
        }
        if (retention_days < 1) {
          err << "finchat: --days must be a positive number of days\n";
          return 2;
        }
        flags.erase(flags.begin() + static_cast<std::ptrdiff_t>(i),
                    flags.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        break;
      }
    }
  }
  int rc = 0;
  auto ctx = open_for_command(flags, err, rc);
  if (!ctx) return rc;
  if (retention_days > 0) return cmd_retention(*ctx, retention_days, out, err);
  auto service = auth::AuthService::create(ctx->db, ctx->cipher, ctx->config);
  if (!service) {
    err << "finchat: " << service.error().message << "\n";
    return 1;
  }
  return auth::run_admin_cli(rest, **service, std::cin, out, err);
}

int cmd_rotate_data(const Args& flags, std::ostream& out, std::ostream& err) {
  auto cfg = load_config(flags);
  if (!cfg) {
    err << "finchat: configuration error: " << cfg.error().message << "\n";
    return 2;
  }
  if (!cfg->security.data_key.empty()) {
    err << "finchat: the data key comes from security.data_key; rotate it in your secret "
           "store and list both keys in a key file instead\n";
    return 2;
  }
  auto kid = store::Keyring::rotate_file(cfg->security.data_key_file);
  if (!kid) {
    err << "finchat: " << kid.error().message << "\n";
    return 1;
  }
  auto ctx = open_context(*cfg, true);
  if (!ctx) {
    err << "finchat: " << ctx.error().message << "\n";
    return 1;
  }
  auto n = reencrypt_all(*ctx);
  if (!n) {
    err << "finchat: " << n.error().message << "\n";
    return 1;
  }
  out << "new data key " << *kid << " is active; re-encrypted " << *n << " value(s)\n";
  return 0;
}

}  // namespace finchat::app

namespace finchat::app {

// `finchat admin retention run [--days N]`: deletes conversations idle for N days (their
// messages and feedback too), expired token records and expired Idempotency-Key answers.
int cmd_retention(Context& ctx, int days, std::ostream& out, std::ostream& err) {
  int64_t cutoff = SystemClock::instance().now_ms() - static_cast<int64_t>(days) * 86'400'000;
  int64_t now = SystemClock::instance().now_ms();
  int64_t removed = 0;
  auto st = ctx.db->transaction([&](store::Session& s) -> Status {
    const char* statements[] = {
        "DELETE FROM message_feedback WHERE message_id IN (SELECT m.id FROM messages m JOIN "
        "conversations c ON c.id = m.conversation_id WHERE c.updated_at < $1)",
        "DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE "
        "updated_at < $1)",
        "DELETE FROM conversations WHERE updated_at < $1",
    };
    for (const char* sql : statements) {
      auto n = s.exec(sql, {cutoff});
      if (!n) return n.error();
      removed += *n;
    }
    auto tokens = s.exec("DELETE FROM refresh_tokens WHERE expires_at < $1", {now});
    if (!tokens) return tokens.error();
    auto jtis = s.exec("DELETE FROM revoked_access_tokens WHERE expires_at < $1", {now});
    if (!jtis) return jtis.error();
    auto keys = s.exec("DELETE FROM idempotency_keys WHERE expires_at < $1", {now});
    if (!keys) return keys.error();
    removed += *tokens + *jtis + *keys;
    return {};
  });
  if (!st) {
    err << "finchat: retention failed: " << st.error().message << "\n";
    return 1;
  }
  out << "retention: removed " << removed << " row(s) older than " << days << " day(s)\n";
  return 0;
}

}  // namespace finchat::app
