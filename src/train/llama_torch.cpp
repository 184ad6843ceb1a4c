#include "train/llama_torch.hpp"

#include <cmath>

namespace finchat::train {

LlamaTorchImpl::LlamaTorchImpl(const ModelShape& s) : shape_(s) {
  auto reg = [&](const std::string& gguf_name, const std::vector<int64_t>& dims) {
    // Module parameter names may not contain '.', so dots become '_'.
    std::string key = gguf_name;
    for (auto& ch : key) ch = ch == '.' ? '_' : ch;
    auto t = register_parameter(key, torch::zeros(dims));
    named_.emplace_back(gguf_name, t);
    return t;
  };
  const int64_t d = s.dim, kv = s.kv_dim(), ff = s.ff;
  tok_embd_ = reg("token_embd.weight", {s.vocab, d});
  for (int l = 0; l < s.n_layers; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    Layer L;
    L.prefix = b;
    L.attn_norm = reg(b + "attn_norm.weight", {d});
    L.wq = reg(b + "attn_q.weight", {d, d});
    L.wk = reg(b + "attn_k.weight", {kv, d});
    L.wv = reg(b + "attn_v.weight", {kv, d});
    L.wo = reg(b + "attn_output.weight", {d, d});
    L.ffn_norm = reg(b + "ffn_norm.weight", {d});
    L.gate = reg(b + "ffn_gate.weight", {ff, d});
    L.up = reg(b + "ffn_up.weight", {ff, d});
    L.down = reg(b + "ffn_down.weight", {d, ff});
    layers_.push_back(L);
  }
  out_norm_ = reg("output_norm.weight", {d});
}

void LlamaTorchImpl::init_weights(uint64_t seed) {
  torch::NoGradGuard no_grad;
  torch::manual_seed(seed);
  const double out_std = 0.02 / std::sqrt(2.0 * shape_.n_layers);
  for (auto& [name, t] : named_) {
    if (t.dim() == 1) {
      t.fill_(1.0);
    } else {
      const bool out_proj = name.find("attn_output") != std::string::npos ||
                            name.find("ffn_down") != std::string::npos;
      t.normal_(0.0, out_proj ? out_std : 0.02);
    }
  }
}

torch::Tensor LlamaTorchImpl::rms_norm(const torch::Tensor& x, const torch::Tensor& w) const {
  auto ms = x.pow(2).mean(-1, /*keepdim=*/true);
  return x * torch::rsqrt(ms + shape_.rms_eps) * w;
}

// x [B, T, H, hd]: pairs (2i, 2i+1) rotate by pos * base^(-2i/hd), as the engine does.
torch::Tensor LlamaTorchImpl::rope(const torch::Tensor& x, const torch::Tensor& cos,
                                   const torch::Tensor& sin) const {
  auto sizes = x.sizes().vec();
  auto pairs = x.reshape({sizes[0], sizes[1], sizes[2], sizes[3] / 2, 2});
  auto x0 = pairs.select(-1, 0), x1 = pairs.select(-1, 1);
  auto r0 = x0 * cos - x1 * sin;
  auto r1 = x0 * sin + x1 * cos;
  return torch::stack({r0, r1}, -1).reshape(sizes);
}

torch::Tensor LlamaTorchImpl::forward(const torch::Tensor& tokens) {
  const int64_t B = tokens.size(0), T = tokens.size(1);
  const int64_t H = shape_.n_heads, Hkv = shape_.n_kv_heads, hd = shape_.head_dim();
  const auto dev = tok_embd_.device();
  auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(dev);
  // Same float32 formula as the engine: inv_freq = base^(-2i/hd), theta = pos * inv_freq.
  auto idx = torch::arange(0, hd / 2, opts);
  auto inv_freq = torch::pow(torch::tensor(shape_.rope_base, opts), -2.0 * idx / hd);
  auto theta = torch::arange(0, T, opts).unsqueeze(1) * inv_freq.unsqueeze(0);  // [T, hd/2]
  auto cos = theta.cos().view({1, T, 1, hd / 2}), sin = theta.sin().view({1, T, 1, hd / 2});
  auto mask = torch::full({T, T}, -INFINITY, opts).triu(1);

  auto x = tok_embd_.index_select(0, tokens.reshape({-1})).view({B, T, shape_.dim});
  const double scale = 1.0 / std::sqrt(static_cast<double>(hd));
  const int64_t d = shape_.dim, kv = shape_.kv_dim();
  for (auto& L : layers_) {
    auto h = rms_norm(x, L.attn_norm);
    torch::Tensor q, k, v;
    if (adapters_.empty()) {  // one GEMM for q, k and v instead of three
      auto qkv = torch::matmul(h, torch::cat({L.wq, L.wk, L.wv}, 0).t());
      q = qkv.narrow(-1, 0, d);
      k = qkv.narrow(-1, d, kv);
      v = qkv.narrow(-1, d + kv, kv);
    } else {
      q = project(h, L.wq, adapter(L, "attn_q"));
      k = project(h, L.wk, adapter(L, "attn_k"));
      v = project(h, L.wv, adapter(L, "attn_v"));
    }
    q = rope(q.reshape({B, T, H, hd}), cos, sin);
    k = rope(k.reshape({B, T, Hkv, hd}), cos, sin);
    v = v.reshape({B, T, Hkv, hd});
    if (Hkv != H) {  // query head h reads kv head h / group
      k = k.repeat_interleave(H / Hkv, 2);
      v = v.repeat_interleave(H / Hkv, 2);
    }
    q = q.transpose(1, 2).reshape({B * H, T, hd});
    k = k.transpose(1, 2).reshape({B * H, T, hd});
    v = v.transpose(1, 2).reshape({B * H, T, hd});
    // mask + scale * q k^T in the GEMM itself.
    auto att = torch::softmax(torch::baddbmm(mask, q, k.transpose(1, 2), 1.0, scale), -1);
    auto o = torch::bmm(att, v).view({B, H, T, hd}).transpose(1, 2).reshape({B, T, d});
    x = x + project(o, L.wo, adapter(L, "attn_output"));
    auto f = rms_norm(x, L.ffn_norm);
    torch::Tensor g, u;
    if (adapters_.empty()) {  // gate and up in one GEMM
      auto gu = torch::matmul(f, torch::cat({L.gate, L.up}, 0).t());
      g = gu.narrow(-1, 0, shape_.ff);
      u = gu.narrow(-1, shape_.ff, shape_.ff);
    } else {
      g = project(f, L.gate, adapter(L, "ffn_gate"));
      u = project(f, L.up, adapter(L, "ffn_up"));
    }
    x = x + project(torch::silu(g) * u, L.down, adapter(L, "ffn_down"));
  }
  return torch::matmul(rms_norm(x, out_norm_), tok_embd_.t());
}

std::vector<std::pair<std::string, torch::Tensor>> LlamaTorchImpl::gguf_tensors() { return named_; }

int64_t LlamaTorchImpl::n_params() {
  int64_t n = 0;
  for (auto& [name, t] : named_) n += t.numel();
  return n;
}

torch::Tensor LlamaTorchImpl::project(const torch::Tensor& x, const torch::Tensor& w,
                                      const Adapter* ad) const {
  auto y = torch::matmul(x, w.t());
  if (ad == nullptr) return y;
  const double scale = lora_.alpha / lora_.rank;
  return y + torch::matmul(torch::matmul(x, ad->a.t()), ad->b.t()) * scale;
}

const LlamaTorchImpl::Adapter* LlamaTorchImpl::adapter(const Layer& l, const char* weight) const {
  if (adapters_.empty()) return nullptr;
  auto it = adapter_of_.find(l.prefix + weight + ".weight");
  return it == adapter_of_.end() ? nullptr : &adapters_[it->second];
}

void LlamaTorchImpl::add_lora(const LoraOptions& o, uint64_t seed) {
  if (o.rank <= 0 || has_lora()) return;
  lora_ = o;
  torch::NoGradGuard no_grad;
  for (auto& [name, t] : named_) t.set_requires_grad(false);
  auto gen = at::detail::createCPUGenerator(seed);
  std::vector<std::string> targets = {"attn_q", "attn_k", "attn_v", "attn_output"};
  if (o.mlp) targets.insert(targets.end(), {"ffn_gate", "ffn_up", "ffn_down"});
  for (const auto& L : layers_) {
    for (const auto& w : targets) {
      const std::string target = L.prefix + w + ".weight";
      torch::Tensor base;
      for (auto& [name, t] : named_) {
        if (name == target) base = t;
      }
      const int64_t out = base.size(0), in = base.size(1);
      std::string key = target;
      for (auto& ch : key) ch = ch == '.' ? '_' : ch;
      Adapter ad;
      ad.target = target;
      auto a0 = torch::randn({o.rank, in}, gen, torch::TensorOptions().dtype(torch::kFloat32)) /
                std::sqrt(static_cast<double>(o.rank));
      ad.a = register_parameter(key + "_lora_a", a0.to(base.device()));
      ad.b = register_parameter(key + "_lora_b", torch::zeros({out, o.rank}, base.options()));
      adapter_of_[target] = adapters_.size();
      adapters_.push_back(ad);
    }
  }
}

std::vector<std::pair<std::string, torch::Tensor>> LlamaTorchImpl::lora_tensors() {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (auto& ad : adapters_) {
    out.emplace_back(ad.target + ".lora_a", ad.a);
    out.emplace_back(ad.target + ".lora_b", ad.b);
  }
  return out;
}

std::vector<std::pair<std::string, torch::Tensor>> LlamaTorchImpl::trainable_tensors() {
  return has_lora() ? lora_tensors() : named_;
}

void LlamaTorchImpl::merge_lora() {
  if (!has_lora()) return;
  torch::NoGradGuard no_grad;
  const double scale = lora_.alpha / lora_.rank;
  for (auto& ad : adapters_) {
    for (auto& [name, t] : named_) {
      if (name == ad.target) t.add_(torch::matmul(ad.b, ad.a) * scale);
    }
  }
  for (const auto& ad : adapters_) {
    std::string key = ad.target;
    for (auto& ch : key) ch = ch == '.' ? '_' : ch;
    parameters_.erase(key + "_lora_a");
    parameters_.erase(key + "_lora_b");
  }
  adapters_.clear();
  adapter_of_.clear();
  for (auto& [name, t] : named_) t.set_requires_grad(true);
  lora_ = LoraOptions{};
}

bool decays(const std::string& name) { return name.find("norm") == std::string::npos; }

}  // namespace finchat::train
