// Subcommands that need no libtorch: gen-demo-data, tokenizer, encode, eval, data.
#include "train/cli.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "train/demo_data.hpp"
#include "train/eval.hpp"
#include "train/token_data.hpp"

namespace finchat::train {

namespace {
int fail(const Error& e) {
  std::fprintf(stderr, "error: %s%s\n", e.message.c_str(),
               e.field.empty() ? "" : (" (" + e.field + ")").c_str());
  return 1;
}
}  // namespace

int cmd_gen_demo_data(const Args& a) {
  DemoOptions o;
  o.data_dir = a.get("data", "data");
  o.out_dir = a.get("out", "build/finchat-mini/data");
  o.seed = static_cast<uint64_t>(a.get_int("seed", 42));
  o.fact_examples = a.get_int("examples", o.fact_examples);
  o.valid_examples = a.get_int("valid", o.valid_examples);
  o.heldout_tasks = a.get_int("tasks", o.heldout_tasks);
  auto s = generate_demo_data(o);
  if (!s) return fail(s.error());
  std::printf(
      "demo data: %d train dialogues (%d FAQ, %d KB, %d tickets, %d fact bundles), %d valid, "
      "%d held-out tasks\n",
      s->train, s->faq, s->kb, s->tickets, o.fact_examples, s->valid, s->tasks);
  for (const auto& f : s->files) std::printf("  wrote %s\n", f.c_str());
  return 0;
}

// SentencePiece's bundled protobuf clashes with libtorch's at load time, so tokenizer
// training runs in the sibling binary finchat-train-tokenizer (same arguments).
int cmd_tokenizer(const Args& a) {
  namespace fs = std::filesystem;
  const fs::path self = fs::read_symlink("/proc/self/exe");
  const fs::path tool = self.parent_path() / "finchat-train-tokenizer";
  if (!fs::exists(tool)) {
    return fail(Error::unavailable("finchat-train-tokenizer not found next to " + self.string()));
  }
  // Appended piecewise: GCC 12 -O3 raises a false -Wrestrict on `"'" + str + "'"`.
  std::string cmd;
  cmd.append("'").append(tool.string()).append("'");
  for (const auto& key : {"corpus", "vocab", "out", "threads"}) {
    if (!a.has(key)) continue;
    cmd.append(" --").append(key).append(" '").append(a.get(key)).append("'");
  }
  const int rc = std::system(cmd.c_str());
  return rc == 0 ? 0 : 1;
}

int cmd_encode(const Args& a) {
  auto tok = load_tokenizer(a.get("tokenizer"));
  if (!tok) return fail(tok.error());
  auto ids = encode_text_file(**tok, a.get("input"));
  if (!ids) return fail(ids.error());
  if (auto st = write_token_shard(a.get("out", "train.tok"), *ids); !st) return fail(st.error());
  std::printf("encoded %zu tokens\n", ids->size());
  return 0;
}

int cmd_eval(const Args& a) {
  const std::string model = a.get("model");
  if (model.empty()) return fail(Error::invalid("--model is required", "model"));
  if (a.has("valid")) {
    auto tok = load_tokenizer(model);
    if (!tok) return fail(tok.error());
    auto ex = load_chat_examples(**tok, a.get("valid"), a.get_int("max-len", 512));
    if (!ex) return fail(ex.error());
    const int limit = a.get_int("valid-limit", 200);
    if (static_cast<int>(ex->size()) > limit) ex->resize(limit);
    auto p = engine_perplexity(model, *ex);
    if (!p) return fail(p.error());
    std::printf("validation: %zu dialogues, %lld scored tokens, loss %.4f, perplexity %.3f\n",
                ex->size(), static_cast<long long>(p->tokens), p->mean_loss, p->perplexity);
  }
  if (a.has("tasks")) {
    auto cases = read_task_cases(a.get("tasks"));
    if (!cases) return fail(cases.error());
    const int limit = a.get_int("task-limit", 200);
    if (static_cast<int>(cases->size()) > limit) cases->resize(limit);
    auto m = run_task_eval(model, *cases, a.get_int("max-tokens", 96), a.get_int("threads", 2));
    if (!m) return fail(m.error());
    auto pct = [&](int n) { return m->cases ? 100.0 * n / m->cases : 0.0; };
    std::printf(
        "tasks: %d cases | exact match %.1f%% | all facts %.1f%% | no extra numbers %.1f%% | "
        "faithful (all facts and no extra numbers) %.1f%%\n",
        m->cases, pct(m->exact), pct(m->all_facts), pct(m->no_extra_numbers), pct(m->faithful));
    for (const auto& s : m->samples) std::printf("  sample: %s\n", s.c_str());
    for (const auto& f : m->failures) std::printf("  unfaithful: %s\n", f.c_str());
  }
  return 0;
}

}  // namespace finchat::train
