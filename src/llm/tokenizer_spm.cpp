// SentencePiece-style BPE: merge adjacent pieces by score, fall back to <0xXX> byte tokens.
#include <array>
#include <cstdio>
#include <queue>

#include "llm/tokenizer.hpp"

namespace finchat::llm {
namespace {

constexpr std::string_view kSpace = "\xe2\x96\x81";  // U+2581 "▁"

class SpmTokenizer : public Tokenizer {
 public:
  explicit SpmTokenizer(Vocab v) : Tokenizer(std::move(v)) {
    byte_ids_.fill(-1);
    for (int b = 0; b < 256; ++b) {
      char name[8];
      std::snprintf(name, sizeof(name), "<0x%02X>", b);
      auto it = vocab_.index.find(name);
      if (it != vocab_.index.end()) byte_ids_[b] = it->second;
    }
  }

  std::string token_bytes(int id) const override {
    if (id < 0 || id >= vocab_.size()) return {};
    const int type = vocab_.types[id];
    if (type == static_cast<int>(TokenType::control) ||
        type == static_cast<int>(TokenType::unknown)) {
      return {};
    }
    const std::string& t = vocab_.tokens[id];
    if (type == static_cast<int>(TokenType::byte) && t.size() == 6) {
      return std::string(1, static_cast<char>(std::stoi(t.substr(3, 2), nullptr, 16)));
    }
    std::string out;
    for (size_t i = 0; i < t.size();) {
      if (t.compare(i, kSpace.size(), kSpace) == 0) {
        out += ' ';
        i += kSpace.size();
      } else {
        out += t[i++];
      }
    }
    return out;
  }

 protected:
  void encode_text(std::string_view text, bool at_start, std::vector<int>& out) const override {
    std::string s;
    if (at_start && vocab_.add_space_prefix) s += kSpace;
    for (char c : text) {
      if (c == ' ')
        s += kSpace;
      else
        s += c;
    }
    encode_pieces(s, out);
  }

 private:
  struct Symbol {
    size_t start, len;
    int prev, next;
  };
  struct Candidate {
    float score;
    int left;
    size_t len;  // merged length when queued; stale entries are skipped
    bool operator<(const Candidate& o) const {
      // Highest score first, then leftmost.
      return score < o.score || (score == o.score && left > o.left);
    }
  };

  void encode_pieces(const std::string& s, std::vector<int>& out) const {
    std::vector<Symbol> sym;
    for (size_t i = 0; i < s.size();) {
      uint32_t cp;
      int len = utf8_decode(s, i, cp);
      int idx = static_cast<int>(sym.size());
      sym.push_back({i, static_cast<size_t>(len), idx - 1, idx + 1});
      i += len;
    }
    if (sym.empty()) return;
    sym.back().next = -1;
    std::priority_queue<Candidate> queue;
    auto try_pair = [&](int left) {
      if (left < 0 || sym[left].next < 0) return;
      const Symbol& a = sym[left];
      const Symbol& b = sym[a.next];
      auto it = vocab_.index.find(s.substr(a.start, a.len + b.len));
      if (it == vocab_.index.end()) return;
      const int type = vocab_.types[it->second];
      if (type != static_cast<int>(TokenType::normal) &&
          type != static_cast<int>(TokenType::user_defined))
        return;
      queue.push({vocab_.scores[it->second], left, a.len + b.len});
    };
    for (int i = 0; i + 1 < static_cast<int>(sym.size()); ++i) try_pair(i);
    while (!queue.empty()) {
      Candidate c = queue.top();
      queue.pop();
      Symbol& a = sym[c.left];
      if (a.len == 0 || a.next < 0 || a.len + sym[a.next].len != c.len) continue;
      Symbol& b = sym[a.next];
      a.len += b.len;
      b.len = 0;
      a.next = b.next;
      if (a.next >= 0) sym[a.next].prev = c.left;
      try_pair(a.prev);
      try_pair(c.left);
    }
    for (int i = 0; i >= 0; i = sym[i].next) {
      const Symbol& x = sym[i];
      auto it = vocab_.index.find(s.substr(x.start, x.len));
      if (it != vocab_.index.end()) {
        out.push_back(it->second);
        continue;
      }
      for (size_t k = 0; k < x.len; ++k) {
        int b = byte_ids_[static_cast<unsigned char>(s[x.start + k])];
        if (b >= 0) {
          out.push_back(b);
        } else if (vocab_.unk >= 0) {
          out.push_back(vocab_.unk);
          break;
        }
      }
    }
  }

  std::array<int, 256> byte_ids_;
};

}  // namespace

std::unique_ptr<Tokenizer> make_spm_tokenizer(Vocab v) {
  return std::make_unique<SpmTokenizer>(std::move(v));
}

}  // namespace finchat::llm
