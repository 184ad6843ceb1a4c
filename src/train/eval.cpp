#include "train/eval.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>

#include "core/json.hpp"
#include "llm/engine.hpp"
#include "llm/gguf.hpp"
#include "llm/model.hpp"

namespace finchat::train {

Result<std::vector<std::vector<float>>> engine_logits(const std::string& gguf_path,
                                                      const std::vector<int>& tokens) {
  auto f = llm::GgufFile::open(gguf_path);
  if (!f) return f.error();
  auto m = llm::Model::load(*f);
  if (!m) return m.error();
  const auto& c = (*m)->config();
  const int n = static_cast<int>(tokens.size());
  auto budget = std::make_shared<llm::KvBudget>(size_t{1} << 30);
  llm::KvSequence seq(c.n_layer, c.kv_dim(), std::max(n, 1), llm::KvType::f32, budget);
  if (auto s = seq.reserve(n); !s) return s.error();
  std::vector<llm::BatchRow> rows;
  rows.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) rows.push_back({tokens[i], i, &seq, true});
  llm::Workspace ws;
  llm::ThreadPool pool(1);
  (*m)->forward(rows, ws, pool);
  std::vector<std::vector<float>> out(n);
  for (int i = 0; i < n; ++i) {
    out[i].assign(ws.logits.begin() + static_cast<long>(i) * c.n_vocab,
                  ws.logits.begin() + static_cast<long>(i + 1) * c.n_vocab);
  }
  return out;
}

Result<PerplexityResult> engine_perplexity(const std::string& gguf_path,
                                           const std::vector<TokenExample>& examples) {
  PerplexityResult r;
  double sum = 0;
  for (const auto& e : examples) {
    auto logits = engine_logits(gguf_path, e.tokens);
    if (!logits) return logits.error();
    for (size_t i = 1; i < e.tokens.size(); ++i) {
      if (!e.loss[i]) continue;
      const auto& l = (*logits)[i - 1];
      double mx = -INFINITY;
      for (float v : l) mx = std::max(mx, static_cast<double>(v));
      double z = 0;
      for (float v : l) z += std::exp(v - mx);
      sum += (mx + std::log(z)) - l[static_cast<size_t>(e.tokens[i])];
      ++r.tokens;
    }
  }
  r.mean_loss = r.tokens ? sum / r.tokens : 0;
  r.perplexity = std::exp(r.mean_loss);
  return r;
}

Result<std::vector<TaskCase>> read_task_cases(const std::string& path) {
  std::vector<TaskCase> out;
  auto st = json::for_each_jsonl(path, [&](const nlohmann::json& j, const std::string& where) {
    auto prompt = read_messages(j, where);
    if (!prompt) return Status(prompt.error());
    TaskCase c;
    c.prompt = std::move(*prompt);
    if (j.contains("expected") && j["expected"].is_string()) c.expected = j["expected"];
    if (j.contains("facts") && j["facts"].is_array()) {
      for (const auto& f : j["facts"]) {
        if (f.is_string()) c.facts.push_back(f.get<std::string>());
      }
    }
    out.push_back(std::move(c));
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

std::vector<std::string> extract_numbers(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) ||
                               ((text[j] == '.' || text[j] == ',') && j + 1 < text.size() &&
                                std::isdigit(static_cast<unsigned char>(text[j + 1]))))) {
      ++j;
    }
    out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

namespace {
std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \n\t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \n\t\r") - b + 1);
}
}  // namespace

AnswerCheck check_answer(const std::string& answer, const TaskCase& c) {
  AnswerCheck r;
  r.exact = !c.expected.empty() && trim(answer) == trim(c.expected);
  r.all_facts = true;
  for (const auto& f : c.facts) r.all_facts = r.all_facts && answer.find(f) != std::string::npos;
  // Only numbers that appear in the facts may appear in the answer.
  std::set<std::string> allowed;
  for (const auto& f : c.facts) {
    for (auto& n : extract_numbers(f)) allowed.insert(n);
  }
  r.no_extra_numbers = true;
  for (const auto& n : extract_numbers(answer)) {
    r.no_extra_numbers = r.no_extra_numbers && allowed.count(n) > 0;
  }
  return r;
}

Result<TaskMetrics> run_task_eval(const std::string& gguf_path, const std::vector<TaskCase>& cases,
                                  int max_tokens, int threads) {
  llm::EngineOptions eo;
  eo.threads = threads;
  eo.kv_type = llm::KvType::f32;
  auto engine = llm::Engine::load(gguf_path, eo);
  if (!engine) return engine.error();
  TaskMetrics m;
  for (const auto& c : cases) {
    std::vector<llm::ChatMessage> msgs;
    for (const auto& t : c.prompt) msgs.push_back({t.role, t.content});
    llm::GenerateRequest req;
    req.prompt = (*engine)->apply_chat(msgs, true);
    req.sampling.temperature = 0;  // greedy
    req.max_tokens = max_tokens;
    req.stop = llm::chat_stop_strings((*engine)->chat_format());
    auto g = (*engine)->generate(req);
    if (!g) return g.error();
    const AnswerCheck a = check_answer(g->text, c);
    ++m.cases;
    m.exact += a.exact;
    m.all_facts += a.all_facts;
    m.no_extra_numbers += a.no_extra_numbers;
    m.faithful += a.all_facts && a.no_extra_numbers;
    if (m.samples.size() < 5) m.samples.push_back(trim(g->text));
    if (!(a.all_facts && a.no_extra_numbers) && m.failures.size() < 8) {
      m.failures.push_back(trim(g->text) + "\n      expected: " + c.expected);
    }
  }
  return m;
}

}  // namespace finchat::train
