#include "llm/tokenizer.hpp"

#include <algorithm>

namespace finchat::llm {

bool Vocab::is_control(int id) const {
  return id >= 0 && id < size() &&
         (types[id] == static_cast<int>(TokenType::control) ||
          types[id] == static_cast<int>(TokenType::user_defined));
}

namespace {
Error vocab_error(const GgufFile& f, const std::string& what, const std::string& key) {
  return Error::invalid("tokenizer in " + f.path() + ": " + what, key);
}
}  // namespace

Result<Vocab> vocab_from_gguf(const GgufFile& f) {
  Vocab v;
  v.model = f.get_string_or("tokenizer.ggml.model", "");
  if (v.model != "llama" && v.model != "gpt2") {
    return vocab_error(f, "unsupported tokenizer.ggml.model '" + v.model + "'",
                       "tokenizer.ggml.model");
  }
  const auto* toks = f.find("tokenizer.ggml.tokens");
  if (!toks || toks->type != GgufType::array || toks->elem_type != GgufType::string ||
      toks->items.empty()) {
    return vocab_error(f, "tokenizer.ggml.tokens must be a non-empty string array",
                       "tokenizer.ggml.tokens");
  }
  const size_t n = toks->items.size();
  v.tokens.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    v.tokens.push_back(toks->items[i].s);
    v.index.emplace(v.tokens.back(), static_cast<int>(i));
  }
  v.scores.assign(n, 0.0f);
  if (const auto* sc = f.find("tokenizer.ggml.scores")) {
    if (sc->type != GgufType::array || sc->items.size() != n) {
      return vocab_error(f, "tokenizer.ggml.scores must match the token count",
                         "tokenizer.ggml.scores");
    }
    for (size_t i = 0; i < n; ++i) v.scores[i] = static_cast<float>(sc->items[i].as_double());
  }
  v.types.assign(n, static_cast<int>(TokenType::normal));
  if (const auto* ty = f.find("tokenizer.ggml.token_type")) {
    if (ty->type != GgufType::array || ty->items.size() != n) {
      return vocab_error(f, "tokenizer.ggml.token_type must match the token count",
                         "tokenizer.ggml.token_type");
    }
    for (size_t i = 0; i < n; ++i) v.types[i] = static_cast<int>(ty->items[i].as_int());
  }
  if (const auto* mg = f.find("tokenizer.ggml.merges")) {
    if (mg->type != GgufType::array || mg->elem_type != GgufType::string) {
      return vocab_error(f, "tokenizer.ggml.merges must be a string array",
                         "tokenizer.ggml.merges");
    }
    for (const auto& m : mg->items) v.merges.push_back(m.s);
  }
  if (v.model == "gpt2" && v.merges.empty()) {
    return vocab_error(f, "gpt2 tokenizer needs tokenizer.ggml.merges", "tokenizer.ggml.merges");
  }
  auto id_key = [&](const char* key, int fallback) -> Result<int> {
    int64_t id = f.get_int_or(key, fallback);
    if (id < -1 || id >= static_cast<int64_t>(n))
      return vocab_error(f, std::string(key) + " out of range", key);
    return static_cast<int>(id);
  };
  const bool spm = v.model == "llama";
  struct {
    const char* key;
    int* out;
    int fallback;
  } ids[] = {
      {"tokenizer.ggml.bos_token_id", &v.bos, spm ? 1 : -1},
      {"tokenizer.ggml.eos_token_id", &v.eos, spm ? 2 : -1},
      {"tokenizer.ggml.unknown_token_id", &v.unk, spm ? 0 : -1},
      {"tokenizer.ggml.padding_token_id", &v.pad, -1},
      {"tokenizer.ggml.eot_token_id", &v.eot, -1},
  };
  for (auto& e : ids) {
    auto r = id_key(e.key, e.fallback);
    if (!r) return r.error();
    *e.out = (*r < static_cast<int>(n)) ? *r : -1;
  }
  // Chat models often mark the end of a turn with a token other than eos.
  if (v.eot < 0) {
    for (const char* t : {"<|im_end|>", "<|eot_id|>", "<|end|>"}) {
      auto it = v.index.find(t);
      if (it != v.index.end()) {
        v.eot = it->second;
        break;
      }
    }
  }
  auto flag = [&](const char* key, bool fallback) {
    const auto* b = f.find(key);
    return b && b->type == GgufType::boolean ? b->u != 0 : fallback;
  };
  v.add_bos = flag("tokenizer.ggml.add_bos_token", spm);
  v.add_eos = flag("tokenizer.ggml.add_eos_token", false);
  v.add_space_prefix = flag("tokenizer.ggml.add_space_prefix", spm);
  v.pre = f.get_string_or("tokenizer.ggml.pre", "default");
  return v;
}

void vocab_to_gguf(const Vocab& v, GgufWriter& w) {
  w.set("tokenizer.ggml.model", GgufValue::of_string(v.model));
  w.set("tokenizer.ggml.tokens", GgufValue::of_strings(v.tokens));
  w.set("tokenizer.ggml.scores", GgufValue::of_f32s(v.scores));
  std::vector<int32_t> types(v.types.begin(), v.types.end());
  w.set("tokenizer.ggml.token_type", GgufValue::of_i32s(types));
  if (!v.merges.empty()) w.set("tokenizer.ggml.merges", GgufValue::of_strings(v.merges));
  if (v.bos >= 0) w.set("tokenizer.ggml.bos_token_id", GgufValue::of_u32(v.bos));
  if (v.eos >= 0) w.set("tokenizer.ggml.eos_token_id", GgufValue::of_u32(v.eos));
  if (v.unk >= 0) w.set("tokenizer.ggml.unknown_token_id", GgufValue::of_u32(v.unk));
  if (v.pad >= 0) w.set("tokenizer.ggml.padding_token_id", GgufValue::of_u32(v.pad));
  w.set("tokenizer.ggml.add_bos_token", GgufValue::of_bool(v.add_bos));
  w.set("tokenizer.ggml.add_space_prefix", GgufValue::of_bool(v.add_space_prefix));
  if (v.model == "gpt2") w.set("tokenizer.ggml.pre", GgufValue::of_string(v.pre));
}

Result<std::unique_ptr<Tokenizer>> make_tokenizer(Vocab v) {
  std::unique_ptr<Tokenizer> t =
      v.model == "gpt2" ? make_bpe_tokenizer(std::move(v)) : make_spm_tokenizer(std::move(v));
  const auto& vv = t->vocab_;
  for (int i = 0; i < vv.size(); ++i) {
    if (vv.is_control(i) && !vv.tokens[i].empty()) t->special_ids_.push_back(i);
  }
  std::stable_sort(t->special_ids_.begin(), t->special_ids_.end(),
                   [&](int a, int b) { return vv.tokens[a].size() > vv.tokens[b].size(); });
  return t;
}

Result<std::unique_ptr<Tokenizer>> Tokenizer::create(Vocab vocab) {
  return make_tokenizer(std::move(vocab));
}

std::vector<int> Tokenizer::encode(std::string_view text, bool add_bos, bool parse_special) const {
  std::vector<int> out;
  if (add_bos && vocab_.bos >= 0) out.push_back(vocab_.bos);
  size_t start = 0;
  bool at_start = true;
  if (parse_special && !special_ids_.empty()) {
    size_t i = 0;
    while (i < text.size()) {
      int hit = -1;
      for (int id : special_ids_) {
        const auto& s = vocab_.tokens[id];
        if (text.compare(i, s.size(), s) == 0) {
          hit = id;
          break;
        }
      }
      if (hit < 0) {
        ++i;
        continue;
      }
      if (i > start) encode_text(text.substr(start, i - start), at_start, out);
      out.push_back(hit);
      at_start = false;
      i += vocab_.tokens[hit].size();
      start = i;
    }
  }
  if (start < text.size()) encode_text(text.substr(start), at_start, out);
  if (vocab_.add_eos && vocab_.eos >= 0 && add_bos) out.push_back(vocab_.eos);
  return out;
}

std::string Tokenizer::decode(const std::vector<int>& ids) const {
  std::string out;
  for (int id : ids) out += token_bytes(id);
  return out;
}

// ---- UTF-8 helpers -----------------------------------------------------------

static int utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xe) return 3;
  if ((c >> 3) == 0x1e) return 4;
  return 0;  // continuation or invalid lead byte
}

int utf8_decode(std::string_view s, size_t i, uint32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = utf8_len(c);
  if (len <= 1 || i + len > s.size()) {
    cp = c;
    return 1;
  }
  cp = c & (0xff >> (len + 1));
  for (int k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) {
      cp = c;
      return 1;
    }
    cp = (cp << 6) | (cc & 0x3f);
  }
  return len;
}

void utf8_append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

size_t utf8_complete_prefix(std::string_view s) {
  // Look back at most 3 bytes for a lead byte whose sequence is cut off.
  size_t n = s.size();
  for (size_t back = 1; back <= 3 && back <= n; ++back) {
    auto c = static_cast<unsigned char>(s[n - back]);
    if ((c & 0xc0) == 0x80) continue;  // continuation byte, keep looking
    int len = utf8_len(c);
    if (len > static_cast<int>(back)) return n - back;
    return n;
  }
  return n;
}

std::string Utf8Stream::push(std::string_view bytes) {
  pending_.append(bytes);
  size_t k = utf8_complete_prefix(pending_);
  std::string out = pending_.substr(0, k);
  pending_.erase(0, k);
  return out;
}

std::string Utf8Stream::flush() {
  std::string out;
  out.swap(pending_);
  return out;
}

}  // namespace finchat::llm
