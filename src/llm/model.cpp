#include "llm/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "llm/quant.hpp"

namespace finchat::llm {

namespace {

const ArchSpec kArchs[] = {
    {"llama", false, false},
    {"mistral", false, false},
    {"qwen2", true, true},
};

Error model_error(const GgufFile& f, const std::string& what, const std::string& field = {}) {
  return Error::invalid("model " + f.path() + ": " + what, field);
}

Result<Weight> get_weight(const GgufFile& f, const std::string& name, size_t cols, size_t rows) {
  const auto* t = f.tensor(name);
  if (!t) return model_error(f, "missing tensor '" + name + "'", name);
  if (t->dims.size() != 2 || t->dims[0] != cols || t->dims[1] != rows) {
    return model_error(f,
                       "tensor '" + name + "' has shape [" + std::to_string(t->dims[0]) + ", " +
                           std::to_string(t->dims.size() > 1 ? t->dims[1] : 1) + "], expected [" +
                           std::to_string(cols) + ", " + std::to_string(rows) + "]",
                       name);
  }
  Weight w;
  w.data = t->data;
  w.type = t->type;
  w.cols = cols;
  w.rows = rows;
  w.row_bytes = tensor_row_bytes(t->type, cols);
  return w;
}

Result<std::vector<float>> get_vector(const GgufFile& f, const std::string& name, size_t n) {
  const auto* t = f.tensor(name);
  if (!t) return model_error(f, "missing tensor '" + name + "'", name);
  if (t->n_elements != n || t->dims[0] != n) {
    return model_error(f, "tensor '" + name + "' should have " + std::to_string(n) + " elements",
                       name);
  }
  std::vector<float> out(n);
  dequantize_row(t->type, t->data, out.data(), n);
  return out;
}

void rms_norm(const float* x, const float* w, float* out, int n, float eps) {
  double ss = 0;
  for (int i = 0; i < n; ++i) ss += static_cast<double>(x[i]) * x[i];
  float scale = 1.0f / std::sqrt(static_cast<float>(ss / n) + eps);
  for (int i = 0; i < n; ++i) out[i] = x[i] * scale * w[i];
}

void rope(float* v, int n_heads, int head_dim, int pos, const std::vector<float>& inv_freq,
          bool neox) {
  for (int h = 0; h < n_heads; ++h) {
    float* x = v + h * head_dim;
    for (int i = 0; i < head_dim / 2; ++i) {
      float theta = static_cast<float>(pos) * inv_freq[i];
      float c = std::cos(theta), s = std::sin(theta);
      int a = neox ? i : 2 * i, b = neox ? i + head_dim / 2 : 2 * i + 1;
      float x0 = x[a], x1 = x[b];
      x[a] = x0 * c - x1 * s;
      x[b] = x0 * s + x1 * c;
    }
  }
}

}  // namespace

const ArchSpec* find_arch(const std::string& name) {
  for (const auto& a : kArchs) {
    if (name == a.name) return &a;
  }
  return nullptr;
}

Result<std::shared_ptr<Model>> Model::load(const std::shared_ptr<GgufFile>& file) {
  const GgufFile& f = *file;
  std::shared_ptr<Model> m(new Model());
  m->file_ = file;
  auto& c = m->cfg_;
  c.arch = f.get_string_or("general.architecture", "");
  const ArchSpec* spec = find_arch(c.arch);
  if (!spec)
    return model_error(f, "unsupported architecture '" + c.arch + "'", "general.architecture");
  const std::string p = c.arch + ".";
  auto need = [&](const std::string& key, int& out, int lo, int hi) -> Status {
    auto v = f.get_int(p + key);
    if (!v) return v.error();
    if (*v < lo || *v > hi) return model_error(f, p + key + " out of range", p + key);
    out = static_cast<int>(*v);
    return {};
  };
  if (auto s = need("embedding_length", c.n_embd, 1, 1 << 16); !s) return s.error();
  if (auto s = need("block_count", c.n_layer, 1, 1024); !s) return s.error();
  if (auto s = need("feed_forward_length", c.n_ff, 1, 1 << 20); !s) return s.error();
  if (auto s = need("attention.head_count", c.n_head, 1, 1024); !s) return s.error();
  c.n_head_kv = static_cast<int>(f.get_int_or(p + "attention.head_count_kv", c.n_head));
  if (c.n_head_kv < 1 || c.n_head % c.n_head_kv != 0) {
    return model_error(f, "head_count_kv must divide head_count", p + "attention.head_count_kv");
  }
  if (c.n_embd % c.n_head != 0)
    return model_error(f, "embedding_length not divisible by head_count");
  c.head_dim = c.n_embd / c.n_head;
  if (c.head_dim % 2 != 0) return model_error(f, "head dimension must be even");
  c.n_ctx_train =
      static_cast<int>(std::clamp<int64_t>(f.get_int_or(p + "context_length", 2048), 1, 1 << 20));
  c.rms_eps = static_cast<float>(f.get_float_or(p + "attention.layer_norm_rms_epsilon", 1e-5));
  c.rope_base = static_cast<float>(f.get_float_or(p + "rope.freq_base", 10000.0));
  if (!(c.rms_eps > 0) || !(c.rope_base > 0)) return model_error(f, "bad rms epsilon or rope base");
  c.qkv_bias = spec->qkv_bias;
  c.rope_neox = spec->rope_neox;

  const auto* emb = f.tensor("token_embd.weight");
  if (!emb || emb->dims.size() != 2) return model_error(f, "missing tensor 'token_embd.weight'");
  c.n_vocab = static_cast<int>(emb->dims[1]);
  auto tok = get_weight(f, "token_embd.weight", c.n_embd, c.n_vocab);
  if (!tok) return tok.error();
  m->tok_embd_ = *tok;
  c.tied_output = f.tensor("output.weight") == nullptr;
  if (c.tied_output) {
    m->output_ = m->tok_embd_;
  } else {
    auto out = get_weight(f, "output.weight", c.n_embd, c.n_vocab);
    if (!out) return out.error();
    m->output_ = *out;
  }
  auto on = get_vector(f, "output_norm.weight", c.n_embd);
  if (!on) return on.error();
  m->output_norm_ = std::move(on).value();

  const size_t d = c.n_embd, kv = c.kv_dim(), ff = c.n_ff;
  m->layers_.resize(c.n_layer);
  for (int l = 0; l < c.n_layer; ++l) {
    auto& L = m->layers_[l];
    const std::string b = "blk." + std::to_string(l) + ".";
    struct {
      const char* name;
      Weight* w;
      size_t cols, rows;
    } mats[] = {
        {"attn_q.weight", &L.wq, d, d},      {"attn_k.weight", &L.wk, d, kv},
        {"attn_v.weight", &L.wv, d, kv},     {"attn_output.weight", &L.wo, d, d},
        {"ffn_gate.weight", &L.gate, d, ff}, {"ffn_up.weight", &L.up, d, ff},
        {"ffn_down.weight", &L.down, ff, d},
    };
    for (auto& mt : mats) {
      auto w = get_weight(f, b + mt.name, mt.cols, mt.rows);
      if (!w) return w.error();
      *mt.w = *w;
    }
    struct {
      const char* name;
      std::vector<float>* v;
      size_t n;
      bool needed;
    } vecs[] = {
        {"attn_norm.weight", &L.attn_norm, d, true}, {"ffn_norm.weight", &L.ffn_norm, d, true},
        {"attn_q.bias", &L.bq, d, c.qkv_bias},       {"attn_k.bias", &L.bk, kv, c.qkv_bias},
        {"attn_v.bias", &L.bv, kv, c.qkv_bias},
    };
    for (auto& vt : vecs) {
      if (!vt.needed) continue;
      auto v = get_vector(f, b + vt.name, vt.n);
      if (!v) return v.error();
      *vt.v = std::move(v).value();
    }
  }
  m->rope_inv_freq_.resize(c.head_dim / 2);
  for (int i = 0; i < c.head_dim / 2; ++i) {
    m->rope_inv_freq_[i] = std::pow(c.rope_base, -2.0f * static_cast<float>(i) / c.head_dim);
  }
  m->pack_weights();
  return m;
}

void Model::pack_weights() {
  // tok_embd_ stays unpacked: embedding lookups read single rows of the original.
  std::vector<Weight*> ws = {&output_};
  for (auto& L : layers_) {
    for (Weight* w : {&L.wq, &L.wk, &L.wv, &L.wo, &L.gate, &L.up, &L.down}) ws.push_back(w);
  }
  const KernelTable& k = best_kernels();
  for (Weight* w : ws) {
    const bool q4 = w->type == TensorType::q4_0 && k.dot_q4_0x16;
    const bool q8 = w->type == TensorType::q8_0 && k.dot_q8_0x16;
    if (!(q4 || q8) || w->rows % kPackRows != 0) continue;
    const size_t group_bytes = q4 ? q4_0x16_group_bytes(w->cols) : q8_0x16_group_bytes(w->cols);
    AlignedBytes& buf = packed_.emplace_back(w->rows / kPackRows * group_bytes);
    for (size_t g = 0; g < w->rows / kPackRows; ++g) {
      uint8_t* out = buf.data() + g * group_bytes;
      if (q4)
        pack_q4_0x16(w->row(g * kPackRows), w->row_bytes, w->cols, out);
      else
        pack_q8_0x16(w->row(g * kPackRows), w->row_bytes, w->cols, out);
    }
    w->packed = buf.data();
  }
}

size_t Model::weight_bytes_per_token() const {
  size_t total = output_.row_bytes * output_.rows + tok_embd_.row_bytes;
  for (const auto& L : layers_) {
    for (const Weight* w : {&L.wq, &L.wk, &L.wv, &L.wo, &L.gate, &L.up, &L.down}) {
      total += w->row_bytes * w->rows;
    }
  }
  return total;
}

void Model::embed_rows(const std::vector<BatchRow>& rows, float* out) const {
  for (size_t r = 0; r < rows.size(); ++r) {
    int tok = std::clamp(rows[r].token, 0, cfg_.n_vocab - 1);
    dequantize_row(tok_embd_.type, tok_embd_.row(tok), out + r * cfg_.n_embd, cfg_.n_embd);
  }
}

void Model::attention(const std::vector<BatchRow>& rows, int layer, Workspace& ws,
                      ThreadPool& pool) const {
  const int hd = cfg_.head_dim, nh = cfg_.n_head, group = cfg_.n_head / cfg_.n_head_kv;
  const int d = cfg_.n_embd;
  const int n_rows = static_cast<int>(rows.size());
  const KernelTable& kt = *kernels_;
  int max_ctx = 0;
  for (const auto& r : rows) max_ctx = std::max(max_ctx, r.pos + 1);
  const size_t per_task = static_cast<size_t>(max_ctx) + hd;
  ws.tmp.resize(per_task * n_rows * nh);
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  pool.run(n_rows * nh, [&](int task) {
    const int r = task / nh, h = task % nh;
    const BatchRow& row = rows[r];
    const KvSequence& seq = *row.seq;
    const bool f16 = seq.type() == KvType::f16;
    const auto dot = f16 ? kt.dot_f16 : kt.dot_f32;
    const auto axpy = f16 ? kt.axpy_f16 : kt.axpy_f32;
    const size_t off = static_cast<size_t>(h / group) * hd * seq.elem_size();
    const float* q = ws.q.data() + static_cast<size_t>(r) * d + h * hd;
    float* scores = ws.tmp.data() + per_task * task;
    float* acc = scores + max_ctx;
    const int n = row.pos + 1;
    float mx = -INFINITY;
    for (int p = 0; p < n; ++p) {
      dot(seq.k_row(layer, p) + off, q, 0, 1, hd, &scores[p], 1);
      scores[p] *= scale;
      mx = std::max(mx, scores[p]);
    }
    float sum = 0;
    for (int p = 0; p < n; ++p) {
      scores[p] = std::exp(scores[p] - mx);
      sum += scores[p];
    }
    std::fill(acc, acc + hd, 0.0f);
    const float inv = 1.0f / sum;
    for (int p = 0; p < n; ++p) axpy(scores[p] * inv, seq.v_row(layer, p) + off, acc, hd);
    std::memcpy(ws.att.data() + static_cast<size_t>(r) * d + h * hd, acc, hd * sizeof(float));
  });
}

void Model::forward(const std::vector<BatchRow>& rows, Workspace& ws, ThreadPool& pool,
                    bool keep_hidden) const {
  const int n = static_cast<int>(rows.size());
  const int d = cfg_.n_embd, kvd = cfg_.kv_dim(), ff = cfg_.n_ff;
  const KernelTable& kt = *kernels_;
  ws.x.resize(static_cast<size_t>(n) * d);
  ws.xn.resize(static_cast<size_t>(n) * d);
  ws.q.resize(static_cast<size_t>(n) * d);
  ws.att.resize(static_cast<size_t>(n) * d);
  ws.k.resize(static_cast<size_t>(n) * kvd);
  ws.v.resize(static_cast<size_t>(n) * kvd);
  ws.ffa.resize(static_cast<size_t>(n) * ff);
  ws.ffb.resize(static_cast<size_t>(n) * ff);
  embed_rows(rows, ws.x.data());

  for (int l = 0; l < cfg_.n_layer; ++l) {
    const auto& L = layers_[l];
    pool.run(n, [&](int r) {
      rms_norm(&ws.x[r * d], L.attn_norm.data(), &ws.xn[r * d], d, cfg_.rms_eps);
    });
    matmul(L.wq, ws.xn.data(), n, ws.q.data(), pool, kt, ws.act);
    // The activation layout depends on the type and on whether the kernel is a packed one.
    const bool same_q = L.wk.type == L.wq.type && !L.wk.packed == !L.wq.packed;
    matmul(L.wk, ws.xn.data(), n, ws.k.data(), pool, kt, ws.act, same_q);
    matmul(L.wv, ws.xn.data(), n, ws.v.data(), pool, kt, ws.act, L.wv.type == L.wk.type);
    // Rows touch disjoint positions of their caches, so they run in parallel.
    pool.run(n, [&](int r) {
      float* q = &ws.q[static_cast<size_t>(r) * d];
      float* k = &ws.k[static_cast<size_t>(r) * kvd];
      float* v = &ws.v[static_cast<size_t>(r) * kvd];
      if (cfg_.qkv_bias) {
        for (int i = 0; i < d; ++i) q[i] += L.bq[i];
        for (int i = 0; i < kvd; ++i) {
          k[i] += L.bk[i];
          v[i] += L.bv[i];
        }
      }
      rope(q, cfg_.n_head, cfg_.head_dim, rows[r].pos, rope_inv_freq_, cfg_.rope_neox);
      rope(k, cfg_.n_head_kv, cfg_.head_dim, rows[r].pos, rope_inv_freq_, cfg_.rope_neox);
      rows[r].seq->store(l, rows[r].pos, k, v, kt.to_f16);
    });
    attention(rows, l, ws, pool);
    matmul(L.wo, ws.att.data(), n, ws.xn.data(), pool, kt, ws.act);
    for (size_t i = 0; i < ws.x.size(); ++i) ws.x[i] += ws.xn[i];

    pool.run(n, [&](int r) {
      rms_norm(&ws.x[r * d], L.ffn_norm.data(), &ws.xn[r * d], d, cfg_.rms_eps);
    });
    matmul(L.gate, ws.xn.data(), n, ws.ffa.data(), pool, kt, ws.act);
    matmul(L.up, ws.xn.data(), n, ws.ffb.data(), pool, kt, ws.act, L.up.type == L.gate.type);
    // In slices rather than per row, so a single decode row is split between threads too.
    const size_t total = static_cast<size_t>(n) * ff, slice = 1024;
    pool.run(static_cast<int>((total + slice - 1) / slice), [&](int c) {
      for (size_t i = c * slice; i < std::min(total, (c + 1) * slice); ++i) {
        float g = ws.ffa[i];
        ws.ffa[i] = g / (1.0f + std::exp(-g)) * ws.ffb[i];  // SiLU(gate) * up
      }
    });
    matmul(L.down, ws.ffa.data(), n, ws.xn.data(), pool, kt, ws.act);
    for (size_t i = 0; i < ws.x.size(); ++i) ws.x[i] += ws.xn[i];
  }
  for (const auto& row : rows) {
    row.seq->set_size(std::max(row.seq->size(), row.pos + 1));
  }

  for (int r = 0; r < n; ++r) {
    rms_norm(&ws.x[r * d], output_norm_.data(), &ws.xn[r * d], d, cfg_.rms_eps);
  }
  if (keep_hidden) ws.hidden.assign(ws.xn.begin(), ws.xn.end());
  // Only rows that want logits go through the (large) output matrix.
  std::vector<int> want;
  for (int r = 0; r < n; ++r) {
    if (rows[r].want_logits) want.push_back(r);
  }
  ws.logits.resize(want.size() * cfg_.n_vocab);
  if (want.empty()) return;
  std::vector<float> sel(want.size() * d);
  for (size_t i = 0; i < want.size(); ++i) {
    std::memcpy(&sel[i * d], &ws.xn[static_cast<size_t>(want[i]) * d], d * sizeof(float));
  }
  matmul(output_, sel.data(), static_cast<int>(want.size()), ws.logits.data(), pool, kt, ws.act);
}

}  // namespace finchat::llm
