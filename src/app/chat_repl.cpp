// `finchat chat`: a terminal conversation with the same engine the server uses, streaming
// answers as they are produced. Conversations are stored like any other, under a local user.
#include <unistd.h>
#include <iostream>

#include <chrono>
#include <thread>

#include "app/commands.hpp"
#include "app/context.hpp"
#include "app/lazy_skill.hpp"
#include "app/wiring.hpp"

namespace finchat::app {

namespace {

void print_extras(const chat::SkillResult& a, std::ostream& out) {
  for (const auto& c : a.citations) {
    out << "  source: " << (c.kind == "article" ? c.id + " — " + c.title : c.source)
        << (c.as_of.empty() ? "" : " (as of " + c.as_of + ")") << "\n";
  }
  if (a.escalation) out << "  ticket: " << a.escalation->value("number", std::string()) << "\n";
  if (!a.disclaimer.empty()) out << "  note: " << a.disclaimer << "\n";
}

}  // namespace

int cmd_chat(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  std::string user = "cli";
  Args flags;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--user" && i + 1 < args.size()) {
      user = args[++i];
    } else {
      flags.push_back(args[i]);
    }
  }
  int rc = 0;
  auto ctx = open_for_command(flags, err, rc);
  if (!ctx) return rc;
  Services services;
  http::Router unused_routes;
  auto engine = build_chat_engine(*ctx, unused_routes, services);
  if (!engine) {
    err << "finchat: " << engine.error().message << "\n";
    return 1;
  }
  auto conv = services.conversations->create("local:" + user, "Terminal chat");
  if (!conv) {
    err << "finchat: " << conv.error().message << "\n";
    return 1;
  }
  bool tty = isatty(STDIN_FILENO);
  // The terminal waits for the help centre instead of answering "still loading".
  for (const auto& [name, probe] : services.readiness) {
    if (name != "help_centre") continue;
    if (probe() && tty) out << "loading the help centre…\n";
    for (int i = 0; i < 6000 && probe() && probe()->find("still loading") != std::string::npos;
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  if (tty)
    out << "finchat — ask about markets, your accounts, cards and payments. Ctrl-D to quit.\n";
  std::string line;
  while ((tty ? (out << "> " << std::flush, true) : true) && std::getline(in, line)) {
    if (line.empty()) continue;
    (void)services.conversations->append(*conv, "user", line, nlohmann::json::object(), "");
    chat::Turn turn{conv->user_id,           "customer", conv->id, line, conv->state, "",
                    nlohmann::json::object()};
    auto answer = engine.value()->respond(turn, [&](std::string_view tok) {
      out << tok << std::flush;
      return true;
    });
    out << "\n";
    if (!answer) {
      err << "finchat: " << answer.error().message << "\n";
      continue;
    }
    print_extras(*answer, out);
    conv->state = turn.state;
    (void)services.conversations->save_state(*conv);
    (void)services.conversations->append(*conv, "assistant", answer->text, nlohmann::json::object(),
                                         answer->skill);
  }
  stop_services(services);
  return 0;
}

}  // namespace finchat::app
