#pragma once
// Token sampling: penalties, then greedy or temperature + top-k/top-p/min-p, seeded.
#include <cstdint>
#include <random>
#include <vector>

namespace finchat::llm {

struct SamplingParams {
  float temperature = 0.8f;       // <= 0 means greedy
  int top_k = 40;                 // <= 0 disables
  float top_p = 0.95f;            // >= 1 disables
  float min_p = 0.05f;            // <= 0 disables
  float repeat_penalty = 1.0f;    // > 1 discourages tokens seen in the last repeat_last_n
  float presence_penalty = 0.0f;  // subtracted once from any token already seen
  int repeat_last_n = 64;
  uint64_t seed = 0;
};

class Sampler {
 public:
  explicit Sampler(SamplingParams p);
  // `allowed` (optional) masks tokens out when 0. `history` is all tokens so far.
  // Returns -1 when no token is allowed.
  int sample(std::vector<float>& logits, const std::vector<int>& history,
             const std::vector<uint8_t>* allowed = nullptr);
  const SamplingParams& params() const { return p_; }

 private:
  double uniform();
  SamplingParams p_;
  std::mt19937_64 rng_;
};

}  // namespace finchat::llm
