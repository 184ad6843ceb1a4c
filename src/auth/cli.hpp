#pragma once
// `finchat admin ...` commands. `args` start after the word "admin":
//   user add --username NAME --role ROLE --password-stdin
//   user list | user disable NAME | user set-role NAME ROLE
//   client add --client-id ID --scopes a,b      (prints the secret once)
//   keys rotate
// Returns a process exit code: 0 ok, 2 usage error, 1 failure.
#include <iosfwd>
#include <string>
#include <vector>

namespace finchat::auth {

class AuthService;

int run_admin_cli(const std::vector<std::string>& args, AuthService& service, std::istream& in,
                  std::ostream& out, std::ostream& err);

}  // namespace finchat::auth
