#include "auth/cli.hpp"

#include <istream>
#include <map>
#include <ostream>

#include "auth/service.hpp"
#include "core/clock.hpp"

namespace finchat::auth {

namespace {

constexpr const char* kActor = "cli";

constexpr const char* kUsage =
    "usage: finchat admin <command>\n"
    "  user add --username NAME --role customer|agent|analyst|admin --password-stdin\n"
    "  user list\n"
    "  user disable NAME\n"
    "  user set-role NAME ROLE\n"
    "  client add --client-id ID --scopes market:read,support:write,chat:write,admin\n"
    "  keys rotate\n";

int usage(std::ostream& err, const std::string& why) {
  err << "error: " << why << "\n" << kUsage;
  return 2;
}

int fail(std::ostream& err, const Error& e) {
  err << "error: " << e.message << (e.field.empty() ? "" : " (" + e.field + ")") << "\n";
  return 1;
}

// Parses "--name value" options and bare flags; unknown options are usage errors.
bool parse_options(const std::vector<std::string>& args, size_t from,
                   const std::vector<std::string>& with_value,
                   const std::vector<std::string>& flags, std::map<std::string, std::string>& out,
                   std::string& error) {
  for (size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto is = [&](const std::vector<std::string>& v) {
      return std::find(v.begin(), v.end(), a) != v.end();
    };
    if (is(flags)) {
      out[a].assign(1, '1');  // not = "1": GCC 12 -O3 raises a false -Wrestrict
    } else if (is(with_value)) {
      if (i + 1 >= args.size()) {
        error = a + " needs a value";
        return false;
      }
      out[a] = args[++i];
    } else {
      error = "unexpected argument '" + a + "'";
      return false;
    }
  }
  return true;
}

int user_add(const std::vector<std::string>& args, AuthService& s, std::istream& in,
             std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> o;
  std::string why;
  if (!parse_options(args, 2, {"--username", "--role"}, {"--password-stdin"}, o, why)) {
    return usage(err, why);
  }
  if (!o.count("--username") || !o.count("--role"))
    return usage(err, "--username and --role are required");
  // Passwords never go on the command line, where ps and shell history would see them.
  if (!o.count("--password-stdin")) return usage(err, "--password-stdin is required");
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto user = s.create_user({o["--username"], o["--role"], password, {}, {}}, kActor);
  if (!user) return fail(err, user.error());
  out << "created user " << user->username << " (" << user->role << ") id " << user->id << "\n";
  return 0;
}

int user_list(AuthService& s, std::ostream& out, std::ostream& err) {
  auto users = s.users().list();
  if (!users) return fail(err, users.error());
  for (const auto& u : *users) {
    out << u.username << "\t" << u.role << "\t" << (u.disabled ? "disabled" : "active") << "\t"
        << format_iso8601(u.created_at) << "\t" << u.id << "\n";
  }
  return 0;
}

int user_command(const std::vector<std::string>& args, AuthService& s, std::istream& in,
                 std::ostream& out, std::ostream& err) {
  const std::string sub = args.size() > 1 ? args[1] : "";
  if (sub == "add") return user_add(args, s, in, out, err);
  if (sub == "list" && args.size() == 2) return user_list(s, out, err);
  if (sub == "disable" && args.size() == 3) {
    if (auto st = s.disable_user(args[2], kActor); !st) return fail(err, st.error());
    out << "disabled " << args[2] << "; their sessions are revoked\n";
    return 0;
  }
  if (sub == "set-role" && args.size() == 4) {
    if (auto st = s.set_role(args[2], args[3], kActor); !st) return fail(err, st.error());
    out << args[2] << " is now " << args[3] << "\n";
    return 0;
  }
  return usage(err, "unknown or incomplete user command");
}

int client_command(const std::vector<std::string>& args, AuthService& s, std::ostream& out,
                   std::ostream& err) {
  if (args.size() < 2 || args[1] != "add") return usage(err, "unknown client command");
  std::map<std::string, std::string> o;
  std::string why;
  if (!parse_options(args, 2, {"--client-id", "--scopes"}, {}, o, why)) return usage(err, why);
  if (!o.count("--client-id") || !o.count("--scopes")) {
    return usage(err, "--client-id and --scopes are required");
  }
  auto secret = s.create_service_client(o["--client-id"], split_scopes(o["--scopes"]), kActor);
  if (!secret) return fail(err, secret.error());
  out << "client_id: " << o["--client-id"] << "\n"
      << "client_secret: " << *secret << "\n"
      << "Store the secret now: it is shown only once and cannot be recovered.\n";
  return 0;
}

}  // namespace

int run_admin_cli(const std::vector<std::string>& args, AuthService& service, std::istream& in,
                  std::ostream& out, std::ostream& err) {
  if (args.empty()) return usage(err, "missing command");
  if (args[0] == "user") return user_command(args, service, in, out, err);
  if (args[0] == "client") return client_command(args, service, out, err);
  if (args[0] == "keys" && args.size() == 2 && args[1] == "rotate") {
    if (auto st = service.rotate_signing_key(kActor); !st) return fail(err, st.error());
    out << "signing key rotated; previous keys keep verifying until their tokens expire\n";
    return 0;
  }
  if (args[0] == "help" || args[0] == "--help") {
    out << kUsage;
    return 0;
  }
  return usage(err, "unknown command '" + args[0] + "'");
}

}  // namespace finchat::auth
