#pragma once
// Subcommands of the `finchat` binary. Each returns a process exit code.
#include <iosfwd>
#include <string>
#include <vector>

namespace finchat::app {

using Args = std::vector<std::string>;

int cmd_serve(const Args& args);
int cmd_config(const Args& args, std::ostream& out, std::ostream& err);
int cmd_db(const Args& args, std::ostream& out, std::ostream& err);
int run_cli(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace finchat::app
