// Subcommands that hand over to a component's own CLI: training and evaluating classifiers,
// FAQ retrieval evaluation and KB ingest, knowledge-graph import/export, and the model tools.
#include <iostream>

#include "app/commands.hpp"
#include "app/context.hpp"
#include "finance/documents/eval.hpp"
#include "kg/cli.hpp"
#include "llm/cli.hpp"
#include "nlp/cli.hpp"
#include "retrieval/eval.hpp"

namespace finchat::app {

namespace {

// Splits out --config/--KEY flags that are configuration, keeping the tool's own flags.
Result<Context> context_for_db_tool(Args& args) {
  Args config_flags;
  Args rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool config_flag = a == "--config" || a.rfind("--db.", 0) == 0 || a.rfind("--db-", 0) == 0 ||
                       a.rfind("--data_dir", 0) == 0 || a.rfind("--security.", 0) == 0;
    if (config_flag) {
      config_flags.push_back(a);
      if (a.find('=') == std::string::npos && i + 1 < args.size())
        config_flags.push_back(args[++i]);
    } else {
      rest.push_back(a);
    }
  }
  args = rest;
  auto cfg = load_config(config_flags);
  if (!cfg) return cfg.error();
  return open_context(*cfg, true);
}

}  // namespace

int cmd_tool(const Args& args, std::ostream& out, std::ostream& err) {
  const std::string& cmd = args[0];
  const std::string what = args.size() > 1 ? args[1] : "";
  if ((cmd == "train" || cmd == "eval" || cmd == "predict") && what == "classifier") {
    return nlp::run_classifier_cli(args, out, err);
  }
  if (cmd == "eval" && what == "dialogues") {
    return cmd_eval_dialogues(Args(args.begin() + 2, args.end()), out, err);
  }
  if (cmd == "eval" && (what == "summaries" || what == "sentiment")) {
    return documents::run_documents_cli(args, out, err);
  }
  if ((cmd == "eval" && what == "faq") || (cmd == "ingest" && what == "kb")) {
    return retrieval::run_retrieval_cli(args, out, err);
  }
  if ((cmd == "ingest" && what == "kg") || cmd == "kg") {
    Args rest = args;
    auto ctx = context_for_db_tool(rest);
    if (!ctx) {
      err << "finchat: " << ctx.error().message << "\n";
      return 1;
    }
    return kg::run_kg_cli(rest, *ctx->db, out, err);
  }
  if (cmd == "model" || cmd == "generate" || (cmd == "bench" && what == "llm")) {
    return llm::run_llm_cli(args, out, err);
  }
  if (cmd == "train") {
    err << "finchat: language-model training runs in the separate trainer: finchat-train "
        << (what.empty() ? "--help" : what) << "\n";
    return 2;
  }
  err << "finchat: unknown command '" << cmd << (what.empty() ? "" : " " + what) << "'\n";
  return 2;
}

}  // namespace finchat::app
