#pragma once
// Subcommands of the `finchat` binary. Each returns a process exit code.
#include <iosfwd>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace finchat::app {

using Args = std::vector<std::string>;
struct Context;
Result<int64_t> reencrypt_all(Context& ctx);

int cmd_serve(const Args& args);
int cmd_config(const Args& args, std::ostream& out, std::ostream& err);
int cmd_db(const Args& args, std::ostream& out, std::ostream& err);
int cmd_admin(const Args& args, std::ostream& out, std::ostream& err);
int cmd_rotate_data(const Args& flags, std::ostream& out, std::ostream& err);
int cmd_chat(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);
int cmd_eval_dialogues(const Args& args, std::ostream& out, std::ostream& err);
int cmd_tool(const Args& args, std::ostream& out, std::ostream& err);
// ingest prices, market publish
int cmd_market(const Args& args, std::ostream& out, std::ostream& err);
int run_cli(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace finchat::app
