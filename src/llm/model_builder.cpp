#include "llm/model_builder.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>

#include "llm/quant.hpp"

namespace finchat::llm {

Vocab make_simple_spm_vocab(int n_vocab) {
  Vocab v;
  v.model = "llama";
  auto add = [&](const std::string& s, TokenType t) {
    if (v.size() >= n_vocab || v.index.count(s)) return;
    v.index.emplace(s, v.size());
    v.tokens.push_back(s);
    v.scores.push_back(-static_cast<float>(v.tokens.size()));
    v.types.push_back(static_cast<int>(t));
  };
  add("<unk>", TokenType::unknown);
  add("<s>", TokenType::control);
  add("</s>", TokenType::control);
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof(name), "<0x%02X>", b);
    add(name, TokenType::byte);
  }
  const std::string sp = "\xe2\x96\x81";
  add(sp, TokenType::normal);
  for (int c = 33; c < 127; ++c) add(std::string(1, static_cast<char>(c)), TokenType::normal);
  for (int c = 33; c < 127; ++c) add(sp + static_cast<char>(c), TokenType::normal);
  const std::string letters = "etaoinshrdlcumwfgypbvkjxqz";
  for (char a : letters) {
    for (char b : letters) {
      add(std::string{a, b}, TokenType::normal);
      add(sp + a + b, TokenType::normal);
    }
  }
  for (char a : letters) {
    for (char b : letters) {
      for (char c : letters) {
        add(std::string{a, b, c}, TokenType::normal);
        add(sp + a + b + c, TokenType::normal);
      }
    }
  }
  // Pad with unused placeholders if the vocabulary asked for is larger still.
  for (int i = 0; v.size() < n_vocab; ++i)
    add("<unused" + std::to_string(i) + ">", TokenType::unused);
  v.bos = 1;
  v.eos = 2;
  v.unk = 0;
  return v;
}

Result<RandomModelSpec> named_shape(const std::string& name) {
  RandomModelSpec s;
  s.n_vocab = 32000;
  s.tied = true;
  if (name == "15M") {
    s.n_embd = 288;
    s.n_layer = 6;
    s.n_head = 6;
    s.n_head_kv = 6;
    s.n_ff = 768;
  } else if (name == "110M") {
    s.n_embd = 768;
    s.n_layer = 12;
    s.n_head = 12;
    s.n_head_kv = 12;
    s.n_ff = 2048;
  } else {
    return Error::invalid("unknown shape '" + name + "' (use 15M or 110M)", "shape");
  }
  return s;
}

namespace {
std::vector<uint8_t> random_matrix(std::mt19937_64& rng, size_t cols, size_t rows, float stddev,
                                   TensorType type) {
  std::normal_distribution<float> dist(0.0f, stddev);
  std::vector<float> row(cols);
  const size_t rb = tensor_row_bytes(type, cols);
  std::vector<uint8_t> out(rb * rows);
  for (size_t r = 0; r < rows; ++r) {
    for (auto& x : row) x = dist(rng);
    quantize_row(type, row.data(), out.data() + r * rb, cols);
  }
  return out;
}
std::vector<uint8_t> norm_vector(std::mt19937_64& rng, size_t n) {
  std::uniform_real_distribution<float> dist(0.8f, 1.2f);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(rng);
  std::vector<uint8_t> out(n * 4);
  std::memcpy(out.data(), v.data(), out.size());
  return out;
}
}  // namespace

GgufWriter build_random_model(const RandomModelSpec& s, const Vocab& vocab) {
  GgufWriter w;
  const std::string a = s.arch + ".";
  w.set("general.architecture", GgufValue::of_string(s.arch));
  w.set("general.name", GgufValue::of_string("finchat-random"));
  w.set("general.alignment", GgufValue::of_u32(32));
  w.set(a + "context_length", GgufValue::of_u32(s.n_ctx));
  w.set(a + "embedding_length", GgufValue::of_u32(s.n_embd));
  w.set(a + "block_count", GgufValue::of_u32(s.n_layer));
  w.set(a + "feed_forward_length", GgufValue::of_u32(s.n_ff));
  w.set(a + "attention.head_count", GgufValue::of_u32(s.n_head));
  w.set(a + "attention.head_count_kv", GgufValue::of_u32(s.n_head_kv));
  w.set(a + "attention.layer_norm_rms_epsilon", GgufValue::of_f32(s.rms_eps));
  w.set(a + "rope.freq_base", GgufValue::of_f32(s.rope_base));
  vocab_to_gguf(vocab, w);
  if (!s.chat_template.empty())
    w.set("tokenizer.chat_template", GgufValue::of_string(s.chat_template));

  std::mt19937_64 rng(s.seed);
  const size_t d = s.n_embd, ff = s.n_ff,
               kv = static_cast<size_t>(s.n_embd / s.n_head) * s.n_head_kv;
  const float wstd = 1.0f / std::sqrt(static_cast<float>(d));
  auto mat = [&](const std::string& name, size_t cols, size_t rows, float stddev) {
    auto st =
        w.add_tensor(name, s.type, {cols, rows}, random_matrix(rng, cols, rows, stddev, s.type));
    (void)st;  // shapes are consistent by construction
  };
  auto vec = [&](const std::string& name, size_t n) {
    auto st = w.add_tensor(name, TensorType::f32, {n}, norm_vector(rng, n));
    (void)st;
  };
  mat("token_embd.weight", d, s.n_vocab, s.embd_std);
  for (int l = 0; l < s.n_layer; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    vec(b + "attn_norm.weight", d);
    mat(b + "attn_q.weight", d, d, wstd);
    mat(b + "attn_k.weight", d, kv, wstd);
    mat(b + "attn_v.weight", d, kv, wstd);
    if (s.arch == "qwen2") {
      vec(b + "attn_q.bias", d);
      vec(b + "attn_k.bias", kv);
      vec(b + "attn_v.bias", kv);
    }
    mat(b + "attn_output.weight", d, d, wstd);
    vec(b + "ffn_norm.weight", d);
    mat(b + "ffn_gate.weight", d, ff, wstd);
    mat(b + "ffn_up.weight", d, ff, wstd);
    mat(b + "ffn_down.weight", ff, d, 1.0f / std::sqrt(static_cast<float>(ff)));
  }
  vec("output_norm.weight", d);
  if (!s.tied) mat("output.weight", d, s.n_vocab, wstd);
  return w;
}

Status write_random_model(const RandomModelSpec& spec, const std::string& path) {
  if (spec.n_embd % spec.n_head != 0 || spec.n_head % spec.n_head_kv != 0) {
    return Error::invalid("heads must divide the embedding width", "shape");
  }
  if (spec.type != TensorType::f32 && spec.type != TensorType::f16 &&
      (spec.n_embd % 32 || spec.n_ff % 32)) {
    return Error::invalid("quantized models need widths that are multiples of 32", "type");
  }
  return build_random_model(spec, make_simple_spm_vocab(spec.n_vocab)).write(path);
}

}  // namespace finchat::llm
