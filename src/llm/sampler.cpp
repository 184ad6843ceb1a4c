#include "llm/sampler.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace finchat::llm {

Sampler::Sampler(SamplingParams p) : p_(p), rng_(p.seed) {}

double Sampler::uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }

int Sampler::sample(std::vector<float>& logits, const std::vector<int>& history,
                    const std::vector<uint8_t>* allowed) {
  const int n = static_cast<int>(logits.size());
  if (p_.repeat_penalty != 1.0f || p_.presence_penalty != 0.0f) {
    std::unordered_set<int> seen;
    size_t from = history.size() > static_cast<size_t>(std::max(0, p_.repeat_last_n))
                      ? history.size() - static_cast<size_t>(std::max(0, p_.repeat_last_n))
                      : 0;
    for (size_t i = from; i < history.size(); ++i) seen.insert(history[i]);
    for (int t : seen) {
      if (t < 0 || t >= n) continue;
      float& l = logits[t];
      if (p_.repeat_penalty > 0) l = l > 0 ? l / p_.repeat_penalty : l * p_.repeat_penalty;
      l -= p_.presence_penalty;
    }
  }
  std::vector<int> cand;
  cand.reserve(n);
  for (int i = 0; i < n; ++i) {
    if ((!allowed || (*allowed)[i]) && std::isfinite(logits[i])) cand.push_back(i);
  }
  if (cand.empty()) return -1;
  auto by_logit = [&](int a, int b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  };
  if (p_.temperature <= 0) return *std::min_element(cand.begin(), cand.end(), by_logit);

  if (p_.top_k > 0 && static_cast<int>(cand.size()) > p_.top_k) {
    std::partial_sort(cand.begin(), cand.begin() + p_.top_k, cand.end(), by_logit);
    cand.resize(p_.top_k);
  } else {
    std::sort(cand.begin(), cand.end(), by_logit);
  }
  std::vector<double> prob(cand.size());
  const double mx = logits[cand[0]];
  double sum = 0;
  for (size_t i = 0; i < cand.size(); ++i) {
    prob[i] = std::exp((logits[cand[i]] - mx) / p_.temperature);
    sum += prob[i];
  }
  for (auto& q : prob) q /= sum;
  size_t keep = cand.size();
  if (p_.min_p > 0) {
    const double floor = prob[0] * p_.min_p;
    while (keep > 1 && prob[keep - 1] < floor) --keep;
  }
  if (p_.top_p < 1.0f) {
    double cum = 0;
    for (size_t i = 0; i < keep; ++i) {
      cum += prob[i];
      if (cum >= p_.top_p) {
        keep = i + 1;
        break;
      }
    }
  }
  double total = 0;
  for (size_t i = 0; i < keep; ++i) total += prob[i];
  double r = uniform() * total;
  for (size_t i = 0; i < keep; ++i) {
    r -= prob[i];
    if (r <= 0) return cand[i];
  }
  return cand[keep - 1];
}

}  // namespace finchat::llm
