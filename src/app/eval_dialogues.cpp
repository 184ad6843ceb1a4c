// `finchat eval dialogues FILE|DIR`: scripted multi-turn conversations run through the same
// engine `serve` uses. Each turn states what should happen (skill, symbols, facts, words in
// the answer, escalation); the report gives the share of correct turns, the answers that
// showed a number not backed by a fact, and how often the model's text fell back to the
// deterministic rendering.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>

#include "app/commands.hpp"
#include "app/context.hpp"
#include "app/wiring.hpp"
#include "chat/verifier.hpp"
#include "core/metrics.hpp"
#include "core/text.hpp"

namespace finchat::app {

namespace {

namespace fs = std::filesystem;

struct Dialogue {
  std::string id;
  std::string role = "customer";
  nlohmann::json turns;
  std::string origin;  // file:line, for messages
};

using core::lower;

Result<Dialogue> parse_dialogue(const std::string& line, const std::string& origin) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::invalid(origin + ": not a JSON object");
  if (!j.contains("turns") || !j["turns"].is_array() || j["turns"].empty()) {
    return Error::invalid(origin + ": \"turns\" must be a non-empty array");
  }
  for (const auto& t : j["turns"]) {
    if (!t.is_object() || !t.contains("say") || !t["say"].is_string()) {
      return Error::invalid(origin + ": every turn needs a \"say\" string");
    }
  }
  Dialogue d;
  d.id = j.value("id", origin);
  d.role = j.value("role", std::string("customer"));
  d.turns = j["turns"];
  d.origin = origin;
  return d;
}

Result<std::vector<Dialogue>> load_dialogues(const fs::path& path) {
  std::vector<fs::path> files;
  if (fs::is_directory(path)) {
    for (const auto& e : fs::directory_iterator(path)) {
      if (e.path().extension() == ".jsonl") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  std::vector<Dialogue> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    if (!in) return Error::invalid("cannot read " + f.string());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto d = parse_dialogue(line, f.string() + ":" + std::to_string(n));
      if (!d) return d.error();
      out.push_back(std::move(d.value()));
    }
  }
  if (out.empty()) return Error::invalid(path.string() + ": no dialogues found");
  return out;
}

bool has_symbol(const nlohmann::json& entities, const std::string& sym) {
  if (!entities.contains("symbols")) return false;
  for (const auto& s : entities["symbols"]) {
    if (s.is_string() && s.get<std::string>() == sym) return true;
  }
  return false;
}

// What went wrong on one turn; empty when the turn matched its expectations.
std::vector<std::string> check_turn(const nlohmann::json& expect, const chat::Turn& turn,
                                    const chat::SkillResult& answer) {
  std::vector<std::string> wrong;
  if (expect.contains("skill") && expect["skill"] != answer.skill) {
    wrong.push_back("skill " + answer.skill + " (expected " + expect["skill"].get<std::string>() +
                    ")");
  }
  for (const auto& sym : expect.value("symbols", nlohmann::json::array())) {
    if (!has_symbol(turn.entities, sym.get<std::string>()))
      wrong.push_back("missing symbol " + sym.get<std::string>());
  }
  for (const auto& name : expect.value("facts", nlohmann::json::array())) {
    bool found = std::any_of(answer.facts.begin(), answer.facts.end(), [&](const chat::Fact& f) {
      return f.name == name.get<std::string>();
    });
    if (!found) wrong.push_back("missing fact " + name.get<std::string>());
  }
  const std::string text = lower(answer.text);
  for (const auto& w : expect.value("text_has", nlohmann::json::array())) {
    if (text.find(lower(w.get<std::string>())) == std::string::npos)
      wrong.push_back("text lacks '" + w.get<std::string>() + "'");
  }
  for (const auto& w : expect.value("text_lacks", nlohmann::json::array())) {
    if (text.find(lower(w.get<std::string>())) != std::string::npos)
      wrong.push_back("text has '" + w.get<std::string>() + "'");
  }
  if (expect.contains("escalated") &&
      expect["escalated"].get<bool>() != answer.escalation.has_value()) {
    wrong.push_back(answer.escalation ? "escalated unexpectedly" : "did not escalate");
  }
  for (const auto& kind : expect.value("citations", nlohmann::json::array())) {
    bool found =
        std::any_of(answer.citations.begin(), answer.citations.end(),
                    [&](const chat::Citation& c) { return c.kind == kind.get<std::string>(); });
    if (!found) wrong.push_back("no " + kind.get<std::string>() + " citation");
  }
  return wrong;
}

void wait_until_ready(const Services& services, std::ostream& err) {
  // A first fit of the help centre can take minutes on a small machine (later starts load
  // it from the cache); wait up to half an hour rather than score "still loading" answers.
  for (const auto& [name, probe] : services.readiness) {
    for (int i = 0; i < 36000; ++i) {
      auto reason = probe();
      if (!reason || reason->find("still loading") == std::string::npos) break;
      if (i == 0) err << "waiting for " << name << "…\n";
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

struct Tally {
  int turns = 0;
  int correct = 0;
  int unsupported = 0;  // answers with a number not backed by a fact
  int with_facts = 0;
  std::map<std::string, std::pair<int, int>> by_skill;  // expected skill -> correct, total
};

void run_dialogue(const Dialogue& d, chat::Engine& engine, chat::ConversationStore& conversations,
                  Tally& tally, bool verbose, std::ostream& out) {
  auto conv = conversations.create("eval:" + d.id, "eval " + d.id);
  nlohmann::json state = conv ? conv->state : nlohmann::json::object();
  const std::string conv_id = conv ? conv->id : d.id;
  int n = 0;
  for (const auto& t : d.turns) {
    ++n;
    chat::Turn turn{
        "eval:" + d.id,          d.role, conv_id, t["say"].get<std::string>(), state, "",
        nlohmann::json::object()};
    auto answer = engine.respond(turn, {});
    state = turn.state;
    const nlohmann::json expect = t.value("expect", nlohmann::json::object());
    std::vector<std::string> wrong;
    if (!answer) {
      wrong.push_back("error: " + answer.error().message);
    } else {
      wrong = check_turn(expect, turn, *answer);
      auto verified = chat::verify_numbers(answer->text, answer->facts, turn.text, answer->labels);
      if (!verified.ok) {
        ++tally.unsupported;
        std::string shown;
        for (const auto& num : verified.unsupported) shown += (shown.empty() ? "" : ", ") + num;
        wrong.push_back("unsupported numbers in the answer (" + shown + ")");
      }
      if (!answer->facts.empty()) ++tally.with_facts;
    }
    ++tally.turns;
    auto& skill = tally.by_skill[expect.value("skill", std::string("(any)"))];
    ++skill.second;
    if (wrong.empty()) {
      ++tally.correct;
      ++skill.first;
    } else {
      out << "FAIL " << d.id << " turn " << n << " \"" << turn.text << "\": ";
      for (size_t i = 0; i < wrong.size(); ++i) out << (i ? "; " : "") << wrong[i];
      out << "\n";
      if (verbose && answer) out << "     answer: " << answer->text << "\n";
    }
  }
}

double fallbacks_so_far() {
  return metrics::registry()
      .counter("finchat_chat_fallbacks_total",
               "Answers rendered deterministically because the model was unavailable or its "
               "text failed verification")
      .get()
      .value();
}

void print_report(const Tally& tally, size_t dialogues, double fallbacks, std::ostream& out) {
  auto pct = [](int a, int b) { return b ? 100.0 * a / b : 0.0; };
  out << "\nper expected skill (correct/turns):\n";
  for (const auto& [skill, c] : tally.by_skill) {
    out << "  " << std::left << std::setw(18) << skill << c.first << "/" << c.second << "\n";
  }
  out << std::fixed << std::setprecision(1);
  out << "dialogues " << dialogues << ", turns " << tally.turns << ", correct " << tally.correct
      << " (" << pct(tally.correct, tally.turns) << "%)\n";
  out << "answers with unsupported numbers: " << tally.unsupported << "\n";
  out << "deterministic fallbacks: " << fallbacks << " of " << tally.with_facts
      << " answers with facts (" << pct(static_cast<int>(fallbacks), tally.with_facts) << "%)\n";
}

}  // namespace

int cmd_eval_dialogues(const Args& args, std::ostream& out, std::ostream& err) {
  std::string path;
  bool verbose = false;
  double min_correct = 0;
  Args flags;
  bool has_data_dir = false;
  bool has_db = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--verbose") {
      verbose = true;
    } else if (args[i] == "--min-correct" && i + 1 < args.size()) {
      min_correct = std::atof(args[++i].c_str());
    } else if (args[i].rfind("--", 0) == 0) {
      has_data_dir = has_data_dir || args[i].rfind("--data_dir", 0) == 0;
      has_db = has_db || args[i].rfind("--db", 0) == 0;
      flags.push_back(args[i]);
      if (args[i].find('=') == std::string::npos && i + 1 < args.size()) flags.push_back(args[++i]);
    } else {
      path = args[i];
    }
  }
  if (path.empty()) {
    err << "usage: finchat eval dialogues FILE|DIR [--verbose] [--min-correct PCT] [config "
           "flags]\n";
    return 2;
  }
  auto dialogues = load_dialogues(path);
  if (!dialogues) {
    err << "finchat: " << dialogues.error().message << "\n";
    return 2;
  }
  // Evaluation conversations, tickets and profiles go to a scratch database unless a data
  // dir or database is given, so they never mix with a real one.
  fs::path scratch = fs::temp_directory_path() / ("finchat-eval-" + std::to_string(::getpid()));
  if (!has_data_dir) flags.push_back("--data_dir=" + scratch.string());
  if (!has_db) flags.push_back("--db.url=sqlite:" + (scratch / "eval.db").string());
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
  wait_until_ready(services, err);
  const double fallbacks_before = fallbacks_so_far();
  Tally tally;
  for (const auto& d : *dialogues) {
    run_dialogue(d, *engine.value(), *services.conversations, tally, verbose, out);
  }
  print_report(tally, dialogues->size(), fallbacks_so_far() - fallbacks_before, out);
  stop_services(services);
  std::error_code ec;
  if (!has_data_dir || !has_db) fs::remove_all(scratch, ec);
  double pct = tally.turns ? 100.0 * tally.correct / tally.turns : 0;
  return (tally.unsupported == 0 && pct >= min_correct) ? 0 : 1;
}

}  // namespace finchat::app
