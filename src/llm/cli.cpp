#include "llm/cli.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iomanip>
#include <map>
#include <thread>

#include "llm/engine.hpp"
#include "llm/gguf.hpp"
#include "llm/model.hpp"
#include "llm/model_builder.hpp"
#include "llm/quant.hpp"

namespace finchat::llm {
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  model info FILE\n"
    "  model quantize IN OUT --type q8_0|q4_0\n"
    "  model make-random --shape 15M|110M --type f32|f16|q8_0|q4_0 OUT [--seed N]\n"
    "  generate --model FILE --prompt TEXT [--max-tokens N --temp T --seed S --threads N]\n"
    "  bench llm --model FILE [--threads N] [--reps N] [--pp N] [--tg N] [--streams N]\n";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
};

Result<Args> parse(const std::vector<std::string>& in, size_t from) {
  Args a;
  for (size_t i = from; i < in.size(); ++i) {
    if (in[i].rfind("--", 0) == 0) {
      if (i + 1 >= in.size()) return Error::invalid("flag " + in[i] + " needs a value", in[i]);
      a.flags[in[i].substr(2)] = in[i + 1];
      ++i;
    } else {
      a.positional.push_back(in[i]);
    }
  }
  return a;
}

Result<long> int_flag(const Args& a, const std::string& name, long fallback) {
  auto it = a.flags.find(name);
  if (it == a.flags.end()) return fallback;
  try {
    size_t used = 0;
    long v = std::stol(it->second, &used);
    if (used != it->second.size()) throw std::invalid_argument("trailing");
    return v;
  } catch (const std::exception&) {
    return Error::invalid("--" + name + " must be an integer", name);
  }
}

Result<double> float_flag(const Args& a, const std::string& name, double fallback) {
  auto it = a.flags.find(name);
  if (it == a.flags.end()) return fallback;
  try {
    size_t used = 0;
    double v = std::stod(it->second, &used);
    if (used != it->second.size()) throw std::invalid_argument("trailing");
    return v;
  } catch (const std::exception&) {
    return Error::invalid("--" + name + " must be a number", name);
  }
}

Result<TensorType> type_flag(const std::string& s) {
  if (s == "f32") return TensorType::f32;
  if (s == "f16") return TensorType::f16;
  if (s == "q8_0") return TensorType::q8_0;
  if (s == "q4_0") return TensorType::q4_0;
  return Error::invalid("unknown type '" + s + "' (f32, f16, q8_0, q4_0)", "type");
}

int fail(std::ostream& err, const Error& e) {
  err << "error: " << e.message << "\n";
  return 1;
}

int model_info(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return fail(err, Error::invalid("model info needs FILE"));
  auto f = GgufFile::open(a.positional[0]);
  if (!f) return fail(err, f.error());
  const auto& file = **f;
  out << "file: " << file.path() << "\nGGUF version: " << file.version()
      << "\nalignment: " << file.alignment() << "\n\nmetadata (" << file.key_order().size()
      << " keys):\n";
  for (const auto& k : file.key_order())
    out << "  " << k << " = " << file.find(k)->to_display() << "\n";
  uint64_t params = 0, bytes = 0;
  out << "\ntensors (" << file.tensors().size() << "):\n";
  for (const auto& t : file.tensors()) {
    std::string dims;
    for (size_t i = 0; i < t.dims.size(); ++i) dims += (i ? " x " : "") + std::to_string(t.dims[i]);
    out << "  " << std::left << std::setw(32) << t.name << std::setw(6) << tensor_type_name(t.type)
        << std::setw(18) << dims << t.n_bytes << " bytes\n";
    params += t.n_elements;
    bytes += t.n_bytes;
  }
  out << "\nparameters: " << params << "\ntensor bytes: " << bytes << "\n";
  auto m = Model::load(*f);
  if (!m) {
    out << "model check: " << m.error().message << "\n";
    return 1;
  }
  out << "model check: ok (" << (*m)->config().arch << ", "
      << ((*m)->config().tied_output ? "tied" : "untied") << " output)\n";
  return 0;
}

int model_quantize(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 2) return fail(err, Error::invalid("model quantize needs IN OUT"));
  auto t = type_flag(a.flags.count("type") ? a.flags.at("type") : "q8_0");
  if (!t) return fail(err, t.error());
  if (auto st = quantize_model_file(a.positional[0], a.positional[1], *t); !st)
    return fail(err, st.error());
  out << "wrote " << a.positional[1] << " (" << tensor_type_name(*t) << ")\n";
  return 0;
}

int model_make_random(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return fail(err, Error::invalid("model make-random needs OUT"));
  auto spec = named_shape(a.flags.count("shape") ? a.flags.at("shape") : "15M");
  if (!spec) return fail(err, spec.error());
  auto t = type_flag(a.flags.count("type") ? a.flags.at("type") : "f32");
  if (!t) return fail(err, t.error());
  auto seed = int_flag(a, "seed", 1);
  if (!seed) return fail(err, seed.error());
  spec->type = *t;
  spec->seed = static_cast<uint64_t>(*seed);
  if (auto st = write_random_model(*spec, a.positional[0]); !st) return fail(err, st.error());
  out << "wrote " << a.positional[0] << "\n";
  return 0;
}

int generate(const Args& a, std::ostream& out, std::ostream& err) {
  if (!a.flags.count("model") || !a.flags.count("prompt")) {
    return fail(err, Error::invalid("generate needs --model FILE --prompt TEXT"));
  }
  auto max_tokens = int_flag(a, "max-tokens", 128);
  auto temp = float_flag(a, "temp", 0.8);
  auto seed = int_flag(a, "seed", 0);
  auto threads = int_flag(a, "threads", 0);
  for (const Error* e : {max_tokens ? nullptr : &max_tokens.error(), temp ? nullptr : &temp.error(),
                         seed ? nullptr : &seed.error(), threads ? nullptr : &threads.error()}) {
    if (e) return fail(err, *e);
  }
  EngineOptions opts;
  opts.threads = static_cast<int>(*threads);
  auto engine = Engine::load(a.flags.at("model"), opts);
  if (!engine) return fail(err, engine.error());
  GenerateRequest req;
  req.prompt = a.flags.at("prompt");
  req.max_tokens = static_cast<int>(*max_tokens);
  req.sampling.temperature = static_cast<float>(*temp);
  req.sampling.seed = static_cast<uint64_t>(*seed);
  auto t0 = std::chrono::steady_clock::now();
  auto r = (*engine)->generate(req, [&](std::string_view s) { out << s << std::flush; });
  if (!r) return fail(err, r.error());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out << "\n";
  err << "[" << r->tokens.size() << " tokens, " << std::fixed << std::setprecision(1)
      << r->tokens.size() / secs << " tok/s, finish: " << finish_reason_name(r->finish) << "]\n";
  return 0;
}

struct BenchResult {
  double pp = 0, tg = 0;          // wall clock
  double pp_cpu = 0, tg_cpu = 0;  // per CPU-second of this process (/ threads)
};

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

BenchResult bench_once(const Model& m, int threads, int n_prompt, int n_gen, int reps) {
  ThreadPool pool(threads);
  Workspace ws;
  auto budget = std::make_shared<KvBudget>(size_t{4} << 30);
  const auto& c = m.config();
  BenchResult best;
  for (int rep = 0; rep < reps; ++rep) {
    KvSequence seq(c.n_layer, c.kv_dim(), n_prompt + n_gen + 8, KvType::f16, budget);
    (void)seq.reserve(n_prompt + n_gen + 1);
    std::vector<BatchRow> rows;
    rows.reserve(static_cast<size_t>(n_prompt));
    for (int i = 0; i < n_prompt; ++i)
      rows.push_back({(i * 7919 + 13) % c.n_vocab, i, &seq, i == n_prompt - 1});
    auto t0 = std::chrono::steady_clock::now();
    double c0 = cpu_seconds();
    m.forward(rows, ws, pool);
    double pp =
        n_prompt / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double pp_cpu = n_prompt * threads / (cpu_seconds() - c0);
    best.pp = std::max(best.pp, pp);
    best.pp_cpu = std::max(best.pp_cpu, pp_cpu);
    // Token generation from an empty cache, as llama-bench's tg does.
    KvSequence seq2(c.n_layer, c.kv_dim(), n_prompt + n_gen + 8, KvType::f16, budget);
    (void)seq2.reserve(n_gen + 1);
    int tok = 1;
    t0 = std::chrono::steady_clock::now();
    c0 = cpu_seconds();
    for (int i = 0; i < n_gen; ++i) {
      std::vector<BatchRow> one = {{tok, i, &seq2, true}};
      m.forward(one, ws, pool);
      tok = static_cast<int>(std::max_element(ws.logits.begin(), ws.logits.end()) -
                             ws.logits.begin());
    }
    if (n_gen == 0) continue;
    double tg =
        n_gen / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double tg_cpu = n_gen * threads / (cpu_seconds() - c0);
    best.tg = std::max(best.tg, tg);
    best.tg_cpu = std::max(best.tg_cpu, tg_cpu);
  }
  return best;
}

// Decode throughput of `n` concurrent generate() calls through the engine's continuous
// batching scheduler: generated tokens (all streams) per wall-clock second.
double streams_throughput(Engine& engine, int n, int n_gen, long& tokens) {
  std::atomic<long> total{0};
  std::vector<std::thread> callers;
  callers.reserve(static_cast<size_t>(n));
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    callers.emplace_back([&, i] {
      GenerateRequest req;
      req.prompt = "Stream " + std::to_string(i) + ": the quarterly report says";
      req.max_tokens = n_gen;
      req.sampling.temperature = 0;
      auto r = engine.generate(req);
      if (r) total += static_cast<long>(r->tokens.size());
    });
  }
  for (auto& c : callers) c.join();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  tokens = total.load();
  return static_cast<double>(tokens) / secs;
}

int bench_streams(const std::string& path, int threads, int streams, int n_gen, int reps,
                  std::ostream& out, std::ostream& err) {
  EngineOptions opts;
  opts.threads = threads;
  opts.max_batch = std::max(opts.max_batch, streams);
  auto engine = Engine::load(path, opts);
  if (!engine) return fail(err, engine.error());
  out << "\n| threads | streams | tokens | aggregate t/s (wall) |\n"
      << "|---------|---------|--------|----------------------|\n";
  for (int n : {1, streams}) {
    double best = 0;
    long tokens = 0;
    for (int rep = 0; rep < reps; ++rep) {
      best = std::max(best, streams_throughput(**engine, n, n_gen, tokens));
    }
    out << "| " << std::setw(7) << threads << " | " << std::setw(7) << n << " | " << std::setw(6)
        << tokens << " | " << std::setw(20) << std::setprecision(1) << best << " |\n";
    if (streams == 1) break;
  }
  return 0;
}

int bench_llm(const Args& a, std::ostream& out, std::ostream& err) {
  if (!a.flags.count("model")) return fail(err, Error::invalid("bench llm needs --model FILE"));
  auto threads =
      int_flag(a, "threads", static_cast<long>(std::max(1u, std::thread::hardware_concurrency())));
  auto reps = int_flag(a, "reps", 3);
  auto n_pp = int_flag(a, "pp", 128);
  auto n_tg = int_flag(a, "tg", 64);
  if (!n_pp || !n_tg || *n_pp < 1 || *n_tg < 0 || *n_pp > 4096 || *n_tg > 4096) {
    return fail(err, Error::invalid("--pp must be 1..4096 and --tg 0..4096", "pp"));
  }
  auto streams = int_flag(a, "streams", 0);
  if (!streams || *streams < 0 || *streams > 64) {
    return fail(err, Error::invalid("--streams must be 0..64", "streams"));
  }
  if (!threads) return fail(err, threads.error());
  if (!reps) return fail(err, reps.error());
  auto f = GgufFile::open(a.flags.at("model"));
  if (!f) return fail(err, f.error());
  auto m = Model::load(*f);
  if (!m) return fail(err, m.error());
  const Model& model = **m;
  const double gbps = 31.0;
  const double bytes = static_cast<double>(model.weight_bytes_per_token());
  std::string type = "?";
  for (const auto& t : (*f)->tensors()) {
    if (t.name == "blk.0.attn_q.weight") type = tensor_type_name(t.type);
  }
  out << "model: " << (*f)->path() << " (" << type << ", " << std::fixed << std::setprecision(1)
      << bytes / 1e6 << " MB weights/token), kernels: " << model.kernels().name << "\n";
  out << "| threads | test  |   t/s wall | t/s cpu-time | bandwidth bound t/s (31 GB/s/core) |\n";
  out << "|---------|-------|------------|--------------|-----------------------------------|\n";
  std::vector<int> counts = {1};
  if (*threads > 1) counts.push_back(static_cast<int>(*threads));
  for (int n : counts) {
    BenchResult r = bench_once(model, n, static_cast<int>(*n_pp), static_cast<int>(*n_tg),
                               static_cast<int>(*reps));
    out << "| " << std::setw(7) << n << " | pp" << std::setw(3) << std::left << *n_pp << std::right
        << " | " << std::setw(10) << std::setprecision(1) << r.pp << " | " << std::setw(12)
        << r.pp_cpu << " | " << std::setw(33) << "-"
        << " |\n";
    if (*n_tg == 0) continue;
    out << "| " << std::setw(7) << n << " | tg" << std::setw(3) << std::left << *n_tg << std::right
        << " | " << std::setw(10) << r.tg << " | " << std::setw(12) << r.tg_cpu << " | "
        << std::setw(33) << gbps * 1e9 / bytes << " |\n";
  }
  if (*streams > 0) {
    return bench_streams(a.flags.at("model"), static_cast<int>(*threads),
                         static_cast<int>(*streams), std::max(1, static_cast<int>(*n_tg)),
                         static_cast<int>(*reps), out, err);
  }
  return 0;
}

}  // namespace

int run_llm_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kUsage;
    return 2;
  }
  const std::string& cmd = args[0];
  const std::string sub = args.size() > 1 ? args[1] : "";
  size_t from = 1;
  if (cmd == "model" || (cmd == "bench" && sub == "llm")) from = 2;
  auto parsed = parse(args, from);
  if (!parsed) return fail(err, parsed.error());
  const Args& a = *parsed;
  if (cmd == "model" && sub == "info") return model_info(a, out, err);
  if (cmd == "model" && sub == "quantize") return model_quantize(a, out, err);
  if (cmd == "model" && sub == "make-random") return model_make_random(a, out, err);
  if (cmd == "generate") return generate(a, out, err);
  if (cmd == "bench" && sub == "llm") return bench_llm(a, out, err);
  err << kUsage;
  return 2;
}

}  // namespace finchat::llm
