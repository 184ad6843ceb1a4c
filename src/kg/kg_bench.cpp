// Knowledge-graph benchmark: builds a synthetic graph with 1M edges (in-memory index only),
// then measures entity-linking throughput and 2-hop expansion latency (200-node limit).
// Prints figures; run: build/<dir>/bench/kg_bench [edges]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "kg/demo.hpp"
#include "kg/linker.hpp"
#include "kg/query.hpp"

namespace {

using namespace finchat::kg;
using Clock = std::chrono::steady_clock;

// CPU time of this thread: unlike wall time it excludes preemption on a shared machine.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string synthetic_name(std::mt19937& rng) {
  static const char* syllables[] = {"no",  "va",  "tek", "qu",  "bi",  "tron", "lu", "men",
                                    "sol", "ar",  "ix",  "ver", "dan", "cor",  "ma", "rel",
                                    "zen", "tal", "bry", "ko",  "ra",  "li",   "ne", "sto"};
  std::uniform_int_distribution<int> pick(0, 23), count(2, 4);
  std::string name;
  for (int i = count(rng); i > 0; --i) name += syllables[pick(rng)];
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name + (pick(rng) % 2 ? " Holdings" : " Systems");
}

// `nodes` companies, `edges` edges with skewed targets (a few hubs, many leaves).
Graph synthetic_graph(size_t nodes, size_t edges) {
  Graph g;
  std::mt19937 rng(42);
  for (size_t i = 0; i < nodes; ++i) {
    (void)g.upsert_node(Node{"company:G" + std::to_string(i),
                             "Company",
                             synthetic_name(rng),
                             {},
                             finchat::kg::Json::object()});
  }
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<size_t> any(0, nodes - 1);
  const char* types[] = {"COMPETES_WITH", "RELATED_TO"};
  size_t added = 0;
  while (added < edges) {
    const size_t from = any(rng);
    const auto to = static_cast<size_t>(std::pow(u(rng), 2.0) * static_cast<double>(nodes));
    if (from == to) continue;
    const size_t before = g.edge_count();
    (void)g.upsert_edge(Edge{"company:G" + std::to_string(from),
                             "company:G" + std::to_string(to),
                             types[added % 2],
                             finchat::kg::Json::object(),
                             {}});
    added += g.edge_count() > before;
  }
  return g;
}

std::vector<std::string> eval_sentences() {
  std::vector<std::string> out;
  std::ifstream in(std::string(KG_TESTDATA_DIR) + "/linking_eval.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(finchat::kg::Json::parse(line)["text"].get<std::string>());
  }
  return out;
}

void linking_throughput(const char* label, const EntityLinker& linker,
                        const std::vector<std::string>& sentences, double seconds) {
  size_t done = 0, mentions = 0;
  const auto start = Clock::now();
  const double cpu_start = thread_cpu_ms();
  while (ms_since(start) < seconds * 1000) {
    for (const std::string& s : sentences) {
      auto m = linker.link(s);
      mentions += m.size();
      benchmark::DoNotOptimize(m);
    }
    done += sentences.size();
  }
  const double wall_s = ms_since(start) / 1000, cpu_s = (thread_cpu_ms() - cpu_start) / 1000;
  std::printf(
      "linking [%s]: %zu forms, %.0f sentences/s wall, %.0f sentences per CPU-second "
      "(%zu sentences, %.2f mentions each)\n",
      label, linker.form_count(), static_cast<double>(done) / wall_s,
      static_cast<double>(done) / cpu_s, done,
      static_cast<double>(mentions) / static_cast<double>(done));
}

}  // namespace

int main(int argc, char** argv) {
  const size_t edges =
      argc > 1 ? static_cast<size_t>(std::strtoull(argv[1], nullptr, 10)) : 1'000'000;
  if (edges == 0) {
    std::cerr << "usage: kg_bench [EDGES]   (default 1000000)\n";
    return 2;
  }
  const size_t nodes = std::max<size_t>(edges / 10, 1000);

  auto t = Clock::now();
  Graph g = synthetic_graph(nodes, edges);
  std::printf("graph: %zu nodes, %zu edges, built in %.0f ms\n", g.node_count(), g.edge_count(),
              ms_since(t));

  // 2-hop expansion, both directions, stop at 200 nodes.
  ExpandOptions opts;
  opts.filter.direction = Direction::both;
  opts.limits.max_depth = 2;
  opts.limits.max_nodes = 200;
  std::mt19937 rng(7);
  std::uniform_int_distribution<NodeIndex> seed(0, static_cast<NodeIndex>(nodes - 1));
  std::vector<double> latencies, cpu;
  size_t truncated = 0, returned = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::vector<NodeIndex> seeds{seed(rng)};
    const double cpu_start = thread_cpu_ms();
    const auto start = Clock::now();
    auto sub = expand(g, seeds, opts);
    latencies.push_back(ms_since(start));
    cpu.push_back(thread_cpu_ms() - cpu_start);
    if (sub) {
      truncated += sub->truncated;
      returned += sub->nodes.size();
    }
  }
  std::sort(latencies.begin(), latencies.end());
  std::sort(cpu.begin(), cpu.end());
  auto pct = [](const std::vector<double>& v, double p) {
    return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
  };
  std::printf(
      "2-hop expand (max 200 nodes, %zu runs): wall p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
      "thread-CPU p50 %.3f ms, p99 %.3f ms; %.0f nodes avg, %.0f%% truncated\n",
      latencies.size(), pct(latencies, 0.5), pct(latencies, 0.99), latencies.back(), pct(cpu, 0.5),
      pct(cpu, 0.99), static_cast<double>(returned) / static_cast<double>(latencies.size()),
      100.0 * static_cast<double>(truncated) / static_cast<double>(latencies.size()));

  const auto sentences = eval_sentences();
  auto demo = build_demo_graph(std::string(KG_COMPANIES_FILE),
                               std::string(KG_TESTDATA_DIR) + "/kb_fixture");
  if (!demo) {
    std::fprintf(stderr, "demo graph: %s\n", demo.error().message.c_str());
    return 1;
  }
  linking_throughput("demo graph, KB fixture", EntityLinker(*demo), sentences, 2.0);
  // What serve links against: the companies plus the whole help centre.
  auto served = build_demo_graph(std::string(KG_COMPANIES_FILE), std::string(KG_KB_DIR));
  if (!served) {
    std::fprintf(stderr, "demo graph with data/kb: %s\n", served.error().message.c_str());
    return 1;
  }
  linking_throughput("demo graph, data/kb", EntityLinker(*served), sentences, 2.0);
  t = Clock::now();
  // The synthetic graph's companies are linkable too: a 100k-name dictionary.
  EntityLinker big(g);
  std::printf("linker over synthetic graph built in %.0f ms\n", ms_since(t));
  linking_throughput("synthetic graph", big, sentences, 2.0);
  return 0;
}
