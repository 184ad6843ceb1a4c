#include "llm/sampler.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace finchat::llm {
namespace {

std::vector<float> logits() { return {1.0f, 3.0f, 2.5f, 0.5f, -1.0f, 2.9f}; }

TEST(Sampler, GreedyPicksArgmaxAndRespectsMask) {
  SamplingParams p;
  p.temperature = 0;
  Sampler s(p);
  auto l = logits();
  EXPECT_EQ(s.sample(l, {}), 1);
  std::vector<uint8_t> mask = {1, 0, 1, 1, 1, 0};
  l = logits();
  EXPECT_EQ(s.sample(l, {}, &mask), 2);
  std::vector<uint8_t> none(6, 0);
  l = logits();
  EXPECT_EQ(s.sample(l, {}, &none), -1);
}

TEST(Sampler, SameSeedSameSequenceDifferentSeedDiffers) {
  auto draw = [](uint64_t seed) {
    SamplingParams p;
    p.temperature = 1.5f;
    p.top_k = 0;
    p.top_p = 1.0f;
    p.min_p = 0;
    p.seed = seed;
    Sampler s(p);
    std::vector<int> out;
    for (int i = 0; i < 64; ++i) {
      auto l = logits();
      out.push_back(s.sample(l, {}));
    }
    return out;
  };
  EXPECT_EQ(draw(42), draw(42));
  EXPECT_NE(draw(42), draw(43));
}

TEST(Sampler, FrequenciesFollowSoftmax) {
  SamplingParams p;
  p.temperature = 1.0f;
  p.top_k = 0;
  p.top_p = 1.0f;
  p.min_p = 0;
  p.seed = 9;
  Sampler s(p);
  std::vector<int> count(6, 0);
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    auto l = logits();
    ++count[s.sample(l, {})];
  }
  auto l = logits();
  double z = 0;
  for (float v : l) z += std::exp(v);
  for (int i = 0; i < 6; ++i)
    EXPECT_NEAR(count[i] / static_cast<double>(n), std::exp(l[i]) / z, 0.015) << i;
}

TEST(Sampler, TopKTopPAndMinPTruncate) {
  auto only = [](SamplingParams p, std::vector<int> allowed) {
    p.temperature = 1.0f;
    Sampler s(p);
    for (int i = 0; i < 500; ++i) {
      auto l = logits();
      int t = s.sample(l, {});
      if (std::find(allowed.begin(), allowed.end(), t) == allowed.end()) return false;
    }
    return true;
  };
  SamplingParams k;
  k.top_k = 2;
  k.top_p = 1;
  k.min_p = 0;
  EXPECT_TRUE(only(k, {1, 5}));
  SamplingParams pp;
  pp.top_k = 0;
  pp.top_p = 0.3f;  // token 1 alone holds ~0.3 of the mass
  pp.min_p = 0;
  EXPECT_TRUE(only(pp, {1, 5}));
  SamplingParams mp;
  mp.top_k = 0;
  mp.top_p = 1;
  mp.min_p = 0.5f;  // keeps tokens with p >= 0.5 * p(1): logits >= 3 - ln 2
  EXPECT_TRUE(only(mp, {1, 2, 5}));
}

TEST(Sampler, PenaltiesDiscourageRepeats) {
  SamplingParams p;
  p.temperature = 0;
  p.repeat_penalty = 1.5f;
  Sampler s(p);
  auto l = logits();
  EXPECT_EQ(s.sample(l, {1}), 5);  // 3.0 / 1.5 = 2.0 < 2.9
  SamplingParams q;
  q.temperature = 0;
  q.presence_penalty = 1.0f;
  Sampler s2(q);
  l = logits();
  EXPECT_EQ(s2.sample(l, {1, 5}), 2);
}

}  // namespace
}  // namespace finchat::llm
