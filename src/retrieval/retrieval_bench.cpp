// Retrieval latency over a synthetic corpus (default 100k chunks; FINCHAT_BENCH_CHUNKS to change):
// index build time, and p50/p99 search latency for BM25 and for the full hybrid pipeline.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <random>

#include "retrieval/faq_intent.hpp"
#include "retrieval/hybrid.hpp"

namespace finchat::retrieval {
namespace {

using Clock = std::chrono::steady_clock;

// CPU time of this thread: unlike wall time it excludes waiting for a core on a busy machine.
double thread_cpu_micros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

struct Timing {
  std::vector<double> wall;
  std::vector<double> cpu;
  template <class F>
  void measure(F&& f) {
    const auto start = Clock::now();
    const double cpu_start = thread_cpu_micros();
    f();
    cpu.push_back(thread_cpu_micros() - cpu_start);
    wall.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
};

size_t corpus_size() {
  const char* env = std::getenv("FINCHAT_BENCH_CHUNKS");
  return env ? std::max<size_t>(100, std::strtoul(env, nullptr, 10)) : 100000;
}

// Pseudo-words drawn from a Zipf-like distribution over a 30k vocabulary.
class WordSource {
 public:
  explicit WordSource(uint64_t seed) : rng_(seed) {
    std::vector<double> weights(30000);
    for (size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 / static_cast<double>(i + 1);
    dist_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
    for (size_t i = 0; i < weights.size(); ++i) words_.push_back(make_word(i));
  }
  std::string text(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
      if (i) out.push_back(' ');
      out += words_[dist_(rng_)];
    }
    return out;
  }

 private:
  static std::string make_word(size_t i) {
    static const char* kSyl[] = {"ba", "ko", "ri", "tu", "me", "sa", "lo", "ne", "pi", "da"};
    std::string w = "q";
    do {
      w += kSyl[i % 10];
      i /= 10;
    } while (i > 0);
    return w;
  }
  std::mt19937_64 rng_;
  std::discrete_distribution<size_t> dist_;
  std::vector<std::string> words_;
};

const std::vector<Chunk>& corpus() {
  static const std::vector<Chunk> chunks = [] {
    WordSource words(1);
    std::vector<Chunk> out(corpus_size());
    for (size_t i = 0; i < out.size(); ++i) {
      out[i].id = std::to_string(i);
      out[i].doc_id = out[i].id;
      out[i].kind = i % 4 == 0 ? ChunkKind::faq : ChunkKind::article_section;
      out[i].title = words.text(6);
      out[i].text = words.text(40);
    }
    return out;
  }();
  return chunks;
}

std::vector<std::string> queries(size_t n) {
  WordSource words(2);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(words.text(3 + i % 4));
  return out;
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

void report_latency(benchmark::State& state, const Timing& t, const char* label) {
  state.counters["p50_us"] = percentile(t.wall, 0.50);
  state.counters["p99_us"] = percentile(t.wall, 0.99);
  state.counters["cpu_p50_us"] = percentile(t.cpu, 0.50);
  state.counters["cpu_p99_us"] = percentile(t.cpu, 0.99);
  std::printf(
      "%s: %zu chunks, %zu queries; wall p50 %.1f us p99 %.1f us; "
      "thread-cpu p50 %.1f us p99 %.1f us\n",
      label, corpus().size(), t.wall.size(), percentile(t.wall, 0.50), percentile(t.wall, 0.99),
      percentile(t.cpu, 0.50), percentile(t.cpu, 0.99));
}

Bm25Index& bm25_index() {
  static Bm25Index index = [] {
    Bm25Index idx;
    const auto& c = corpus();
    for (uint32_t i = 0; i < c.size(); ++i) idx.add(i, bm25_fields(c[i]));
    return idx;
  }();
  return index;
}

// An intent model the size of the shipped FAQ (370 ids, 10 phrasings each); its cost per query
// depends on the label count, not on the number of chunks.
std::shared_ptr<const nlp::Classifier> bench_intent() {
  WordSource words(3);
  std::vector<Chunk> faqs;
  for (const auto& c : corpus()) {
    if (c.kind != ChunkKind::faq) continue;
    Chunk f = c;
    for (int p = 0; p < 9; ++p) f.paraphrases.push_back(words.text(6));
    faqs.push_back(std::move(f));
    if (faqs.size() == 370) break;
  }
  return train_faq_intent(faqs);
}

Retriever& hybrid() {
  static std::unique_ptr<Retriever> r = [] {
    EncoderConfig cfg;  // untrained weights: latency is the same as for a trained encoder
    auto enc = std::make_shared<Encoder>(cfg);
    auto retriever = std::make_unique<Retriever>(corpus(), enc);
    retriever->set_intent(bench_intent());
    return retriever;
  }();
  return *r;
}

void BM_Bm25Build(benchmark::State& state) {
  const auto& c = corpus();
  for (auto _ : state) {
    const auto start = Clock::now();
    Bm25Index idx;
    for (uint32_t i = 0; i < c.size(); ++i) idx.add(i, bm25_fields(c[i]));
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    state.counters["build_s"] = secs;
    std::printf("bm25 build: %zu chunks in %.2f s\n", c.size(), secs);
  }
}

void BM_Bm25Search(benchmark::State& state) {
  auto& idx = bm25_index();
  const auto qs = queries(2000);
  for (auto _ : state) {
    Timing t;
    for (const auto& q : qs) t.measure([&] { benchmark::DoNotOptimize(idx.search(q, 10)); });
    report_latency(state, t, "bm25 search top-10");
  }
}

void BM_HybridBuild(benchmark::State& state) {
  for (auto _ : state) {
    const auto start = Clock::now();
    benchmark::DoNotOptimize(&hybrid());
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    state.counters["build_s"] = secs;
    std::printf("hybrid build (bm25 + encode 2 keys/chunk, d=128): %zu chunks in %.2f s\n",
                corpus().size(), secs);
  }
}

void BM_HybridSearch(benchmark::State& state) {
  auto& r = hybrid();
  const auto qs = queries(500);
  for (auto _ : state) {
    Timing t;
    for (const auto& q : qs) t.measure([&] { benchmark::DoNotOptimize(r.search(q)); });
    report_latency(state, t, "hybrid search (bm25 + dense + intent + rrf + rerank)");
  }
}

void BM_DenseSearch(benchmark::State& state) {
  auto& r = hybrid();
  const auto qs = queries(500);
  SearchOptions opts;
  opts.k = 10;
  for (auto _ : state) {
    Timing t;
    for (const auto& q : qs)
      t.measure([&] { benchmark::DoNotOptimize(r.rank(q, Method::dense, opts)); });
    report_latency(state, t, "dense search top-10 (encode + int8 scan)");
  }
}

BENCHMARK(BM_Bm25Build)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Bm25Search)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HybridBuild)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DenseSearch)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HybridSearch)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace finchat::retrieval

BENCHMARK_MAIN();
