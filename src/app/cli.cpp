#include <iostream>

#include "app/commands.hpp"
#include "app/context.hpp"
#include "app/skills_company.hpp"
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
  chat [--user NAME]                        chat in the terminal with the local engine
  config print [--config FILE]              show the effective configuration (secrets masked)
  db migrate [--config FILE]                apply pending database migrations
  admin user add --username N --role R --password-stdin
  admin user list | user disable N | user set-role N R
  admin client add --client-id ID --scopes a,b
  admin keys rotate                         new token-signing key (old ones keep verifying)
  admin keys rotate-data                    new data key; re-encrypt columns at rest
  admin retention run [--days N]            delete conversations idle for N days (365)
  train classifier --data F --text-col T --label-col L --out MODEL
  eval classifier --model MODEL --data F    accuracy, macro-F1, per-class report
  eval faq [--kb DIR --faq F --heldout F]   FAQ retrieval recall@1/5 and MRR
  eval dialogues FILE|DIR [--verbose]       scripted multi-turn conversations: skill, facts, escalation
  eval summaries DIR [--limit N] [--show] [--headline S]
                                            ROUGE-1/2/L of document summaries (ECTSum layout)
  eval sentiment FILE [--train CSV]         sentiment classifier vs lexicon on labelled data
  ingest kb DIR                             (re)index help-centre articles incrementally
  ingest kg FILE...                         import knowledge-graph nodes and edges
  ingest prices FILE.csv... [--symbol SYM]  import daily price history (splits/dividends applied)
  market publish [--duration S]             publish simulated ticks to the Redis Stream (market.feed=redis)
  ingest companyfacts FILE|DIR [--ticker T] import SEC companyfacts JSON or statement CSV
  kg export --format json|dot               export the knowledge graph
  model info FILE | model quantize IN OUT --type q8_0|q4_0
  generate --model FILE --prompt TEXT       stream a completion to the terminal
  bench llm --model FILE [--threads N]      prefill/decode tokens per second
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
  int rc = 0;
  auto ctx = open_for_command(tail(args, 1), err, rc, false);
  if (!ctx) return rc;
  auto applied = store::migrate(*ctx->db);
  if (!applied) {
    err << "finchat: " << applied.error().message << "\n";
    return 1;
  }
  out << "applied " << *applied << " migration(s); schema at version " << store::latest_version()
      << "\n";
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
  if (cmd == "admin") return cmd_admin(tail(args, 1), out, err);
  if (cmd == "chat") return cmd_chat(tail(args, 1), std::cin, out, err);
  if (cmd == "ingest" && args.size() > 1 && args[1] == "companyfacts") {
    return cmd_ingest_companyfacts(tail(args, 2), out, err);
  }
  if (cmd == "market" || (cmd == "ingest" && args.size() > 1 && args[1] == "prices")) {
    return cmd_market(args, out, err);
  }
  if (cmd == "train" || cmd == "eval" || cmd == "predict" || cmd == "ingest" || cmd == "kg" ||
      cmd == "model" || cmd == "generate" || cmd == "bench") {
    return cmd_tool(args, out, err);
  }
  err << "finchat: unknown command '" << cmd << "'\n\n" << kUsage;
  return 2;
}

}  // namespace finchat::app
