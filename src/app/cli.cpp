#include <iostream>

#include "app/commands.hpp"
#include "app/context.hpp"
#include "store/migrations.hpp"

#ifndef FINCHAT_VERSION
#define FINCHAT_VERSION "0.0.0"
#endif

namespace finchat::app {

namespace {

const char* kUsage = R"(finchat — self-hosted financial insights and customer support chatbot

Usage: finchat <command> [options]

Commands:
  serve [--config FILE] [--KEY VALUE ...]   run the API and web chat server
  config print [--config FILE]              show the effective configuration (secrets masked)
  db migrate [--config FILE]                apply pending database migrations
  version                                   print the version

Every configuration key can be given as a flag (--http.port 9000 or --http-port 9000),
as an environment variable (FINCHAT_HTTP_PORT=9000) or in finchat.yaml.
)";

Args tail(const Args& args, size_t from) {
  return Args(args.begin() + static_cast<std::ptrdiff_t>(std::min(from, args.size())), args.end());
}

}  // namespace

int cmd_config(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] != "print") {
    err << "usage: finchat config print [--config FILE]\n";
    return 2;
  }
  auto cfg = load_config(tail(args, 1));
  if (!cfg) {
    err << "finchat: configuration error: " << cfg.error().message << "\n";
    return 2;
  }
  out << cfg->describe();
  return 0;
}

int cmd_db(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] != "migrate") {
    err << "usage: finchat db migrate [--config FILE]\n";
    return 2;
  }
  auto cfg = load_config(tail(args, 1));
  if (!cfg) {
    err << "finchat: configuration error: " << cfg.error().message << "\n";
    return 2;
  }
  auto ctx = open_context(*cfg, false);
  if (!ctx) {
    err << "finchat: " << ctx.error().message << "\n";
    return 1;
  }
  auto applied = store::migrate(*ctx->db);
  if (!applied) {
    err << "finchat: " << applied.error().message << "\n";
    return 1;
  }
  out << "applied " << *applied << " migration(s); schema at version "
      << store::latest_version() << "\n";
  return 0;
}

int run_cli(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    out << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string& cmd = args[0];
  if (cmd == "version" || cmd == "--version") {
    out << "finchat " << FINCHAT_VERSION << "\n";
    return 0;
  }
  if (cmd == "serve") return cmd_serve(tail(args, 1));
  if (cmd == "config") return cmd_config(tail(args, 1), out, err);
  if (cmd == "db") return cmd_db(tail(args, 1), out, err);
  err << "finchat: unknown command '" << cmd << "'\n\n" << kUsage;
  return 2;
}

}  // namespace finchat::app
