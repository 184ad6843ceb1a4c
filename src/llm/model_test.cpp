#include "llm/model.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include <cmath>

#include "llm/quant.hpp"
#include "llm/test_util.hpp"

namespace finchat::llm {
namespace {

std::shared_ptr<Model> load(const std::string& path) {
  auto f = GgufFile::open(path);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
  auto m = Model::load(*f);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return *m;
}

// Logits of every position of `tokens`, one forward over the whole prompt.
std::vector<std::vector<float>> run_all(const Model& m, const std::vector<int>& tokens, KvType kv,
                                        int threads = 1) {
  ThreadPool pool(threads);
  Workspace ws;
  auto budget = std::make_shared<KvBudget>(size_t{1} << 30);
  const auto& c = m.config();
  KvSequence seq(c.n_layer, c.kv_dim(), 512, kv, budget);
  EXPECT_TRUE(seq.reserve(static_cast<int>(tokens.size())).ok());
  std::vector<BatchRow> rows;
  for (size_t i = 0; i < tokens.size(); ++i)
    rows.push_back({tokens[i], static_cast<int>(i), &seq, true});
  m.forward(rows, ws, pool);
  std::vector<std::vector<float>> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    out.emplace_back(ws.logits.begin() + i * c.n_vocab, ws.logits.begin() + (i + 1) * c.n_vocab);
  }
  return out;
}

double rel_rms(const std::vector<float>& a, const std::vector<float>& b) {
  double e = 0, n = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    e += (a[i] - b[i]) * (a[i] - b[i]);
    n += b[i] * b[i];
  }
  return std::sqrt(e / n);
}

// Straightforward reference transformer written from the Llama equations.
std::vector<std::vector<float>> reference_forward(const GgufFile& f,
                                                  const std::vector<int>& tokens) {
  auto get = [&](const std::string& name) {
    const auto* t = f.tensor(name);
    std::vector<float> v(t->n_elements);
    for (uint64_t r = 0; r < t->rows(); ++r) {
      dequantize_row(t->type, t->data + r * tensor_row_bytes(t->type, t->dims[0]),
                     v.data() + r * t->dims[0], t->dims[0]);
    }
    return v;
  };
  const int d = static_cast<int>(f.get_int_or("llama.embedding_length", 0));
  const int L = static_cast<int>(f.get_int_or("llama.block_count", 0));
  const int nh = static_cast<int>(f.get_int_or("llama.attention.head_count", 0));
  const int nkv = static_cast<int>(f.get_int_or("llama.attention.head_count_kv", nh));
  if (nh <= 0 || nkv <= 0 || nh % nkv != 0) return {};  // not a model this reference runs
  const int ff = static_cast<int>(f.get_int_or("llama.feed_forward_length", 0));
  const float eps =
      static_cast<float>(f.get_float_or("llama.attention.layer_norm_rms_epsilon", 1e-5));
  const int hd = d / nh, T = static_cast<int>(tokens.size());
  auto emb = get("token_embd.weight");
  const int V = static_cast<int>(emb.size() / d);
  auto matvec = [](const std::vector<float>& W, const std::vector<float>& x, int rows) {
    std::vector<float> y(rows, 0.0f);
    const size_t cols = x.size();
    for (int r = 0; r < rows; ++r) {
      double s = 0;
      for (size_t k = 0; k < cols; ++k) s += static_cast<double>(W[r * cols + k]) * x[k];
      y[r] = static_cast<float>(s);
    }
    return y;
  };
  auto norm = [&](const std::vector<float>& x, const std::vector<float>& w) {
    double ss = 0;
    for (float v : x) ss += v * v;
    float s = 1.0f / std::sqrt(static_cast<float>(ss / x.size()) + eps);
    std::vector<float> y(x.size());
    for (size_t i = 0; i < x.size(); ++i) y[i] = x[i] * s * w[i];
    return y;
  };
  auto rope = [&](std::vector<float>& v, int heads, int pos) {
    for (int h = 0; h < heads; ++h) {
      for (int i = 0; i < hd / 2; ++i) {
        double theta = pos * std::pow(10000.0, -2.0 * i / hd);
        float& a = v[h * hd + 2 * i];
        float& b = v[h * hd + 2 * i + 1];
        float a0 = a, b0 = b;
        a = static_cast<float>(a0 * std::cos(theta) - b0 * std::sin(theta));
        b = static_cast<float>(a0 * std::sin(theta) + b0 * std::cos(theta));
      }
    }
  };
  std::vector<std::vector<float>> x(T);
  for (int t = 0; t < T; ++t)
    x[t].assign(emb.begin() + tokens[t] * d, emb.begin() + (tokens[t] + 1) * d);
  for (int l = 0; l < L; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    auto wq = get(b + "attn_q.weight"), wk = get(b + "attn_k.weight"),
         wv = get(b + "attn_v.weight");
    auto wo = get(b + "attn_output.weight"), an = get(b + "attn_norm.weight"),
         fn = get(b + "ffn_norm.weight");
    auto wg = get(b + "ffn_gate.weight"), wu = get(b + "ffn_up.weight"),
         wd = get(b + "ffn_down.weight");
    std::vector<std::vector<float>> K(T), Vv(T), Q(T);
    for (int t = 0; t < T; ++t) {
      auto xn = norm(x[t], an);
      Q[t] = matvec(wq, xn, d);
      K[t] = matvec(wk, xn, nkv * hd);
      Vv[t] = matvec(wv, xn, nkv * hd);
      rope(Q[t], nh, t);
      rope(K[t], nkv, t);
    }
    for (int t = 0; t < T; ++t) {
      std::vector<float> att(d, 0.0f);
      for (int h = 0; h < nh; ++h) {
        const int kh = h / (nh / nkv);
        std::vector<double> s(t + 1);
        double mx = -1e30;
        for (int p = 0; p <= t; ++p) {
          double acc = 0;
          for (int i = 0; i < hd; ++i) acc += Q[t][h * hd + i] * K[p][kh * hd + i];
          s[p] = acc / std::sqrt(static_cast<double>(hd));
          mx = std::max(mx, s[p]);
        }
        double z = 0;
        for (auto& v : s) z += (v = std::exp(v - mx));
        for (int p = 0; p <= t; ++p) {
          for (int i = 0; i < hd; ++i)
            att[h * hd + i] += static_cast<float>(s[p] / z * Vv[p][kh * hd + i]);
        }
      }
      auto o = matvec(wo, att, d);
      for (int i = 0; i < d; ++i) x[t][i] += o[i];
      auto xn = norm(x[t], fn);
      auto g = matvec(wg, xn, ff), u = matvec(wu, xn, ff);
      for (int i = 0; i < ff; ++i) g[i] = g[i] / (1 + std::exp(-g[i])) * u[i];
      auto dn = matvec(wd, g, d);
      for (int i = 0; i < d; ++i) x[t][i] += dn[i];
    }
  }
  auto on = get("output_norm.weight");
  auto out_w = f.tensor("output.weight") ? get("output.weight") : emb;
  std::vector<std::vector<float>> logits;
  logits.reserve(static_cast<size_t>(T));
  for (int t = 0; t < T; ++t) logits.push_back(matvec(out_w, norm(x[t], on), V));
  return logits;
}

const std::vector<int> kPrompt = {1, 17, 400, 23, 999, 5, 250, 77, 3, 610, 42, 8};

TEST(Model, MatchesReferenceImplementation) {
  for (bool tied : {true, false}) {
    auto spec = testing::tiny_spec();
    spec.tied = tied;
    auto path = testing::write_tiny(tied ? "ref_tied.gguf" : "ref_untied.gguf", spec);
    auto m = load(path);
    EXPECT_EQ(m->config().tied_output, tied);
    auto got = run_all(*m, kPrompt, KvType::f32);
    auto ref = reference_forward(m->file(), kPrompt);
    for (size_t t = 0; t < kPrompt.size(); ++t)
      EXPECT_LT(rel_rms(got[t], ref[t]), 1e-4) << "position " << t;
  }
}

TEST(Model, IncrementalDecodeMatchesFullRecompute) {
  auto m = load(testing::write_tiny("kv.gguf", testing::tiny_spec(TensorType::q8_0)));
  for (KvType kv : {KvType::f32, KvType::f16}) {
    auto full = run_all(*m, kPrompt, kv);
    ThreadPool pool(2);
    Workspace ws;
    const auto& c = m->config();
    KvSequence seq(c.n_layer, c.kv_dim(), 64, kv, nullptr);
    // Prefill half, then one token at a time.
    const size_t half = kPrompt.size() / 2;
    ASSERT_TRUE(seq.reserve(static_cast<int>(kPrompt.size())).ok());
    std::vector<BatchRow> rows;
    for (size_t i = 0; i < half; ++i)
      rows.push_back({kPrompt[i], static_cast<int>(i), &seq, i + 1 == half});
    m->forward(rows, ws, pool);
    EXPECT_LT(rel_rms(ws.logits, full[half - 1]), 1e-5);
    for (size_t i = half; i < kPrompt.size(); ++i) {
      m->forward({{kPrompt[i], static_cast<int>(i), &seq, true}}, ws, pool);
      EXPECT_LT(rel_rms(ws.logits, full[i]), kv == KvType::f32 ? 1e-5 : 2e-3) << "position " << i;
    }
    EXPECT_EQ(seq.size(), static_cast<int>(kPrompt.size()));
  }
}

// Documented tolerance: relative RMS logit error vs F32 below 5% for Q8_0, 40% for Q4_0
// on random weights (real models are smoother), and the argmax mostly agrees.
TEST(Model, QuantizedLogitsTrackF32) {
  auto f32 = testing::write_tiny("qa_f32.gguf", testing::tiny_spec());
  auto ref = run_all(*load(f32), kPrompt, KvType::f32);
  for (auto [type, tol] : {std::pair{TensorType::q8_0, 0.05}, std::pair{TensorType::q4_0, 0.40}}) {
    auto path = testing::temp_path(std::string("qa_") + tensor_type_name(type) + ".gguf");
    ASSERT_TRUE(quantize_model_file(f32, path, type).ok());
    auto got = run_all(*load(path), kPrompt, KvType::f32);
    int agree = 0;
    for (size_t t = 0; t < kPrompt.size(); ++t) {
      EXPECT_LT(rel_rms(got[t], ref[t]), tol) << tensor_type_name(type) << " position " << t;
      auto am = [](const std::vector<float>& v) {
        return std::max_element(v.begin(), v.end()) - v.begin();
      };
      agree += am(got[t]) == am(ref[t]);
    }
    EXPECT_GE(agree, static_cast<int>(kPrompt.size()) * 3 / 4) << tensor_type_name(type);
  }
}

TEST(Model, SimdAndScalarKernelsAgreeEndToEnd) {
  for (TensorType type : {TensorType::q8_0, TensorType::q4_0, TensorType::f16}) {
    auto spec = testing::tiny_spec(type);
    auto path = testing::write_tiny(std::string("simd_") + tensor_type_name(type) + ".gguf", spec);
    auto m = load(path);
    auto fast = run_all(*m, kPrompt, KvType::f32, 2);
    m->set_kernels(&scalar_kernels());
    auto slow = run_all(*m, kPrompt, KvType::f32, 1);
    for (size_t t = 0; t < kPrompt.size(); ++t)
      EXPECT_LT(rel_rms(fast[t], slow[t]), 1e-4) << tensor_type_name(type);
  }
}

TEST(Model, Qwen2ArchitectureUsesBiasesAndNeoxRope) {
  auto spec = testing::tiny_spec();
  spec.arch = "qwen2";
  auto m = load(testing::write_tiny("qwen2.gguf", spec));
  EXPECT_TRUE(m->config().qkv_bias);
  EXPECT_TRUE(m->config().rope_neox);
  auto logits = run_all(*m, kPrompt, KvType::f32);
  for (float v : logits.back()) ASSERT_TRUE(std::isfinite(v));
}

TEST(Model, RejectsMissingTensorsAndUnknownArch) {
  auto spec = testing::tiny_spec();
  GgufWriter w = build_random_model(spec, make_simple_spm_vocab(spec.n_vocab));
  w.set("general.architecture", GgufValue::of_string("gpt-neox"));
  auto bytes = w.to_bytes();
  auto f = GgufFile::from_bytes(bytes.data(), bytes.size());
  ASSERT_TRUE(f.ok());
  auto m = Model::load(*f);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("unsupported architecture"), std::string::npos);

  GgufWriter w2;
  w2.set("general.architecture", GgufValue::of_string("llama"));
  w2.set("llama.embedding_length", GgufValue::of_u32(64));
  auto b2 = w2.to_bytes();
  auto f2 = GgufFile::from_bytes(b2.data(), b2.size());
  ASSERT_TRUE(f2.ok());
  auto m2 = Model::load(*f2);
  ASSERT_FALSE(m2.ok());
  EXPECT_NE(m2.error().message.find("block_count"), std::string::npos);
}

// Back-to-back runs with changing task counts: a worker still leaving one run must never
// claim a task of the next, so every task runs exactly once and run() returns only after
// all of them. (A late claim once ran a task twice and let run() return early.)
TEST(ThreadPoolTest, EveryTaskRunsExactlyOnceAcrossBackToBackRuns) {
  ThreadPool pool(3);
  std::vector<std::atomic<int>> hits(64);
  for (int round = 0; round < 20000; ++round) {
    const int n = 2 + round % 61;
    for (int i = 0; i < n; ++i) hits[i].store(0);
    pool.run(n, [&](int i) { hits[i].fetch_add(1); });
    for (int i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << "round " << round << " task " << i;
  }
}

}  // namespace
}  // namespace finchat::llm
