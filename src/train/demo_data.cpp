// Assembles the finchat-mini training set from the project's own data/ folder plus the
// templated fact bundles; everything is seeded, so the files are byte-identical per seed.
#include "train/demo_data.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/json.hpp"

namespace finchat::train {

namespace fs = std::filesystem;

namespace {

using Conv = std::vector<ChatTurn>;

nlohmann::json conv_json(const Conv& c) {
  nlohmann::json msgs = nlohmann::json::array();
  for (const auto& t : c) msgs.push_back({{"role", t.role}, {"content", t.content}});
  return {{"messages", msgs}};
}

Result<std::vector<Conv>> faq_dialogues(const std::string& path) {
  std::vector<Conv> out;
  auto st = json::for_each_jsonl(path, [&](const nlohmann::json& j, const std::string& where) {
    const auto is_string = [&](const char* key) { return j.contains(key) && j[key].is_string(); };
    if (!is_string("question") || !is_string("answer")) {
      return Status(Error::invalid(where + ": expected string question and answer", "faq"));
    }
    std::vector<std::string> qs = {j["question"].get<std::string>()};
    for (const auto& p : j.value("paraphrases", nlohmann::json::array())) {
      if (!p.is_string()) return Status(Error::invalid(where + ": paraphrases must be strings"));
      qs.push_back(p.get<std::string>());
    }
    for (const auto& q : qs)
      out.push_back({{"user", q}, {"assistant", j["answer"].get<std::string>()}});
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

// Help-centre article -> "how do I <title>" with the first paragraph(s) as the answer.
std::vector<Conv> kb_dialogues(const std::string& dir) {
  std::vector<Conv> out;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line, title, body;
    bool front = false;
    int sections = 0;
    while (std::getline(in, line)) {
      if (line == "---") {
        front = !front;
        continue;
      }
      if (front) {
        if (line.rfind("title: ", 0) == 0) title = line.substr(7);
        continue;
      }
      if (line.rfind("## ", 0) == 0 && ++sections > 1) break;
      if (line.empty() || line[0] == '#') continue;
      std::string clean;
      for (char c : line) {
        if (c != '*') clean += c;
      }
      body += (body.empty() ? "" : "\n") + clean;
      if (body.size() > 600) break;
    }
    if (title.empty() || body.empty()) continue;
    std::string lower = title;
    lower[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[0])));
    out.push_back({{"user", title + "?"}, {"assistant", body}});
    out.push_back({{"user", "Help: " + lower}, {"assistant", body}});
  }
  return out;
}

// tickets.csv rows (id,text,category,priority) -> customer message + ticket confirmation.
std::vector<Conv> ticket_dialogues(const std::string& path, uint64_t seed, size_t limit) {
  std::vector<Conv> out;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::mt19937_64 rng(seed);
  while (std::getline(in, line) && out.size() < limit) {
    // text is quoted; category and priority are the last two plain fields
    auto q1 = line.find('"'), q2 = line.rfind('"');
    if (q1 == std::string::npos || q2 <= q1) continue;
    std::string text = line.substr(q1 + 1, q2 - q1 - 1);
    std::string rest = line.substr(q2 + 2);
    auto comma = rest.find(',');
    if (comma == std::string::npos) continue;
    std::string category = rest.substr(0, comma);
    char id[32];
    std::snprintf(id, sizeof(id), "TCK-%06d", static_cast<int>(rng() % 1000000));
    out.push_back(
        {{"user", fmt::format("FACTS: ticket = {}; queue = {}\n\n{}", id, category, text)},
         {"assistant", fmt::format("Thanks for letting us know. I have opened ticket {} in the {} "
                                   "queue; the team will follow up.",
                                   id, category)}});
  }
  return out;
}

}  // namespace

std::string spaced_capitals(const std::string& line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool after_capital = i > 0 && std::isupper(static_cast<unsigned char>(line[i - 1]));
    if (std::isupper(c) && after_capital) out += ' ';
    out += line[i];
  }
  return out;
}

namespace {

Status write_jsonl(const std::string& path, const std::vector<Conv>& convs) {
  std::ofstream out(path);
  for (const auto& c : convs) out << conv_json(c).dump() << "\n";
  if (!out) return Error::internal("cannot write " + path);
  return {};
}

}  // namespace

Result<DemoSummary> generate_demo_data(const DemoOptions& opt) {
  DemoSummary s;
  std::error_code ec;
  fs::create_directories(opt.out_dir, ec);
  auto faq = faq_dialogues(opt.data_dir + "/faq/faq.jsonl");
  if (!faq) return faq.error();
  auto kb = kb_dialogues(opt.data_dir + "/kb/articles");
  auto tickets = ticket_dialogues(opt.data_dir + "/tickets/tickets.csv", opt.seed, 600);
  s.faq = static_cast<int>(faq->size());
  s.kb = static_cast<int>(kb.size());
  s.tickets = static_cast<int>(tickets.size());

  std::vector<Conv> train;
  for (auto* src : {&*faq, &kb, &tickets}) train.insert(train.end(), src->begin(), src->end());
  // Seeds: training bundles use [1, n], validation and held-out tasks use disjoint ranges.
  for (int i = 0; i < opt.fact_examples; ++i) {
    TaskCase c =
        make_fact_case(opt.seed * 1000000 + static_cast<uint64_t>(i) + 1, i % fact_case_kinds());
    Conv conv = c.prompt;
    conv.push_back({"assistant", c.expected});
    train.push_back(std::move(conv));
  }
  std::mt19937_64 rng(opt.seed);
  for (size_t i = train.size(); i > 1; --i) std::swap(train[i - 1], train[rng() % i]);

  std::vector<Conv> valid;
  std::vector<TaskCase> tasks;
  const uint64_t held = (opt.seed + 7777) * 1000000;
  for (int i = 0; i < opt.valid_examples; ++i) {
    TaskCase c = make_fact_case(held + static_cast<uint64_t>(i), i % fact_case_kinds());
    Conv conv = c.prompt;
    conv.push_back({"assistant", c.expected});
    valid.push_back(std::move(conv));
  }
  tasks.reserve(static_cast<size_t>(std::max(opt.heldout_tasks, 0)));
  for (int i = 0; i < opt.heldout_tasks; ++i) {
    tasks.push_back(
        make_fact_case(held + 500000 + static_cast<uint64_t>(i), i % fact_case_kinds()));
  }
  s.train = static_cast<int>(train.size());
  s.valid = static_cast<int>(valid.size());
  s.tasks = static_cast<int>(tasks.size());

  const std::string d = opt.out_dir + "/";
  if (auto st = write_jsonl(d + "train.jsonl", train); !st) return st.error();
  if (auto st = write_jsonl(d + "valid.jsonl", valid); !st) return st.error();
  {
    std::ofstream out(d + "heldout_tasks.jsonl");
    for (const auto& c : tasks) {
      nlohmann::json j = conv_json(c.prompt);
      j["expected"] = c.expected;
      j["facts"] = c.facts;
      out << j.dump() << "\n";
    }
  }
  {
    // Tokenizer corpus: every message line by line, with the chat control texts; capitals
    // spaced out so that tickers stay single letters (see spaced_capitals).
    std::ofstream out(d + "corpus.txt");
    for (const auto& c : train) {
      for (const auto& t : c) {
        std::istringstream lines(t.content);
        std::string l;
        while (std::getline(lines, l)) {
          if (!l.empty()) out << spaced_capitals(l) << "\n";
        }
      }
    }
  }
  s.files = {d + "train.jsonl", d + "valid.jsonl", d + "heldout_tasks.jsonl", d + "corpus.txt"};
  return s;
}

}  // namespace finchat::train
