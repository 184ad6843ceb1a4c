// Byte-level BPE (GPT-2 style): bytes map to printable code points, a hand-written
// pre-tokenizer splits words, then merges apply by rank.
#include <array>
#include <climits>
#include <unordered_map>

#include "llm/tokenizer.hpp"

namespace finchat::llm {
namespace {

// Approximate Unicode classes; exact for ASCII and Latin-1, letters for most other scripts.
bool is_space(uint32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000;
}
bool is_digit(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) || (c >= 0xff10 && c <= 0xff19);
}
bool is_punct_nonascii(uint32_t c) {
  return (c >= 0xa1 && c <= 0xbf && c != 0xaa && c != 0xb5 && c != 0xba) || c == 0xd7 ||
         c == 0xf7 || (c >= 0x2010 && c <= 0x206f) || (c >= 0x20a0 && c <= 0x20cf) ||
         (c >= 0x2190 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
         (c >= 0xff01 && c <= 0xff0f) || (c >= 0x1f000 && c <= 0x1faff);
}
bool is_letter(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return !is_space(c) && !is_digit(c) && !is_punct_nonascii(c);
}

struct Cp {
  uint32_t c;
  size_t off, len;
};

// Splits text into pre-tokens by the GPT-2 or Llama-3 pattern.
std::vector<std::string_view> pre_tokenize(std::string_view text, bool llama3) {
  std::vector<Cp> cps;
  for (size_t i = 0; i < text.size();) {
    uint32_t c;
    int len = utf8_decode(text, i, c);
    cps.push_back({c, i, static_cast<size_t>(len)});
    i += len;
  }
  std::vector<std::string_view> out;
  const size_t n = cps.size();
  auto emit = [&](size_t a, size_t b) {
    size_t end = b < n ? cps[b].off : text.size();
    out.push_back(text.substr(cps[a].off, end - cps[a].off));
  };
  auto lower = [](uint32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; };
  size_t i = 0;
  while (i < n) {
    const uint32_t c = cps[i].c;
    // Contractions: 's 't 're 've 'm 'll 'd (case-insensitive for Llama-3).
    if (c == '\'' && i + 1 < n) {
      auto m = [&](size_t k, char ch) {
        return i + k < n &&
               (llama3 ? lower(cps[i + k].c) : cps[i + k].c) == static_cast<uint32_t>(ch);
      };
      size_t len = 0;
      if (m(1, 's') || m(1, 't') || m(1, 'm') || m(1, 'd')) len = 2;
      if ((m(1, 'r') && m(2, 'e')) || (m(1, 'v') && m(2, 'e')) || (m(1, 'l') && m(2, 'l'))) len = 3;
      if (len) {
        emit(i, i + len);
        i += len;
        continue;
      }
    }
    size_t j = i;
    if (llama3) {
      // [^\r\n\p{L}\p{N}]?\p{L}+
      size_t k = i;
      if (!is_letter(c) && !is_digit(c) && c != '\r' && c != '\n' && i + 1 < n &&
          is_letter(cps[i + 1].c))
        k = i + 1;
      if (is_letter(cps[k].c)) {
        j = k;
        while (j < n && is_letter(cps[j].c)) ++j;
        emit(i, j);
        i = j;
        continue;
      }
      if (is_digit(c)) {  // \p{N}{1,3}
        while (j < n && j < i + 3 && is_digit(cps[j].c)) ++j;
        emit(i, j);
        i = j;
        continue;
      }
    } else {
      size_t k = (c == ' ' && i + 1 < n) ? i + 1 : i;
      if (is_letter(cps[k].c)) {
        j = k;
        while (j < n && is_letter(cps[j].c)) ++j;
        emit(i, j);
        i = j;
        continue;
      }
      if (is_digit(cps[k].c)) {
        j = k;
        while (j < n && is_digit(cps[j].c)) ++j;
        emit(i, j);
        i = j;
        continue;
      }
    }
    // ' ?[^\s\p{L}\p{N}]+' (Llama-3 also takes trailing newlines)
    {
      size_t k = (c == ' ' && i + 1 < n) ? i + 1 : i;
      auto other = [&](uint32_t x) { return !is_space(x) && !is_letter(x) && !is_digit(x); };
      if (other(cps[k].c)) {
        j = k;
        while (j < n && other(cps[j].c)) ++j;
        if (llama3) {
          while (j < n && (cps[j].c == '\r' || cps[j].c == '\n')) ++j;
        }
        emit(i, j);
        i = j;
        continue;
      }
    }
    // Whitespace runs.
    j = i;
    while (j < n && is_space(cps[j].c)) ++j;
    if (llama3) {
      // \s*[\r\n]+ : end the run after its last newline, if any.
      size_t last_nl = SIZE_MAX;
      for (size_t k = i; k < j; ++k) {
        if (cps[k].c == '\r' || cps[k].c == '\n') last_nl = k;
      }
      if (last_nl != SIZE_MAX) {
        emit(i, last_nl + 1);
        i = last_nl + 1;
        continue;
      }
    }
    // \s+(?!\S): leave the last space to prefix the following word.
    if (j < n && j - i > 1) --j;
    if (j == i) j = i + 1;
    emit(i, j);
    i = j;
  }
  return out;
}

class BpeTokenizer : public Tokenizer {
 public:
  explicit BpeTokenizer(Vocab v) : Tokenizer(std::move(v)) {
    // GPT-2 byte <-> code point table: printable bytes map to themselves.
    int extra = 0;
    for (int b = 0; b < 256; ++b) {
      bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
      uint32_t cp = printable ? static_cast<uint32_t>(b) : static_cast<uint32_t>(256 + extra++);
      byte_to_cp_[b] = cp;
      cp_to_byte_[cp] = static_cast<uint8_t>(b);
    }
    for (size_t r = 0; r < vocab_.merges.size(); ++r) {
      ranks_.emplace(vocab_.merges[r], static_cast<int>(r));
    }
    llama3_ = vocab_.pre == "llama-bpe" || vocab_.pre == "llama3";
  }

  std::string token_bytes(int id) const override {
    if (id < 0 || id >= vocab_.size()) return {};
    const std::string& t = vocab_.tokens[id];
    if (vocab_.types[id] == static_cast<int>(TokenType::control)) return {};
    if (vocab_.types[id] == static_cast<int>(TokenType::user_defined)) return t;
    std::string out;
    for (size_t i = 0; i < t.size();) {
      uint32_t cp;
      i += utf8_decode(t, i, cp);
      auto it = cp_to_byte_.find(cp);
      if (it != cp_to_byte_.end()) out += static_cast<char>(it->second);
    }
    return out;
  }

 protected:
  void encode_text(std::string_view text, bool, std::vector<int>& out) const override {
    for (std::string_view word : pre_tokenize(text, llama3_)) encode_word(word, out);
  }

 private:
  void encode_word(std::string_view word, std::vector<int>& out) const {
    std::vector<std::string> parts;
    for (unsigned char b : word) {
      std::string s;
      utf8_append(s, byte_to_cp_[b]);
      parts.push_back(std::move(s));
    }
    // Repeatedly merge the lowest-ranked adjacent pair (words are short).
    for (;;) {
      int best = INT_MAX;
      size_t at = 0;
      for (size_t i = 0; i + 1 < parts.size(); ++i) {
        auto it = ranks_.find(parts[i] + " " + parts[i + 1]);
        if (it != ranks_.end() && it->second < best) {
          best = it->second;
          at = i;
        }
      }
      if (best == INT_MAX) break;
      parts[at] += parts[at + 1];
      parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(at) + 1);
    }
    for (const auto& p : parts) {
      auto it = vocab_.index.find(p);
      if (it != vocab_.index.end()) {
        out.push_back(it->second);
      } else if (vocab_.unk >= 0) {
        out.push_back(vocab_.unk);
      }
    }
  }

  std::array<uint32_t, 256> byte_to_cp_{};
  std::unordered_map<uint32_t, uint8_t> cp_to_byte_;
  std::unordered_map<std::string, int> ranks_;
  bool llama3_ = false;
};

}  // namespace

std::vector<std::string_view> bpe_pre_tokenize(std::string_view text, bool llama3) {
  return pre_tokenize(text, llama3);
}

std::unique_ptr<Tokenizer> make_bpe_tokenizer(Vocab v) {
  return std::make_unique<BpeTokenizer>(std::move(v));
}

}  // namespace finchat::llm
