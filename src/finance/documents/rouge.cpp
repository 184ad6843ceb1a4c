#include "finance/documents/rouge.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "nlp/text.hpp"

namespace finchat::documents {

namespace {

RougeScore make_score(double overlap, double cand, double ref) {
  RougeScore s;
  s.precision = cand > 0 ? overlap / cand : 0;
  s.recall = ref > 0 ? overlap / ref : 0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

std::map<std::vector<std::string>, int> ngrams(const std::vector<std::string>& t, int n) {
  std::map<std::vector<std::string>, int> out;
  for (size_t i = 0; i + size_t(n) <= t.size(); ++i) {
    ++out[std::vector<std::string>(t.begin() + long(i), t.begin() + long(i) + n)];
  }
  return out;
}

}  // namespace

std::vector<std::string> rouge_tokens(const std::string& text, bool stem) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    out.push_back(stem && cur.size() > 3 ? nlp::porter2_stem(cur) : cur);
    cur.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += char(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

RougeScore rouge_n(const std::vector<std::string>& candidate,
                   const std::vector<std::string>& reference, int n) {
  const auto c = ngrams(candidate, n), r = ngrams(reference, n);
  double overlap = 0, nc = 0, nr = 0;
  for (const auto& [g, k] : c) {
    nc += k;
    auto it = r.find(g);
    if (it != r.end()) overlap += std::min(k, it->second);
  }
  for (const auto& [g, k] : r) nr += k;
  return make_score(overlap, nc, nr);
}

RougeScore rouge_l(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<int> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return make_score(prev[b.size()], double(a.size()), double(b.size()));
}

RougeResult rouge(const std::string& candidate, const std::string& reference, bool stem) {
  const auto c = rouge_tokens(candidate, stem), r = rouge_tokens(reference, stem);
  return {rouge_n(c, r, 1), rouge_n(c, r, 2), rouge_l(c, r)};
}

}  // namespace finchat::documents
