#include "train/fused_adamw.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace finchat::train {
namespace {

// Two small "layers" and a norm-like vector, with a loss that gives every element a gradient.
struct Toy {
  torch::Tensor w1 = torch::randn({16, 8}).requires_grad_(true);
  torch::Tensor w2 = torch::randn({70000}).requires_grad_(true);  // spans several chunks
  torch::Tensor norm = torch::ones({8}).requires_grad_(true);

  torch::Tensor loss(const torch::Tensor& x) const {
    return (torch::matmul(x, w1.t()) * 3).pow(2).mean() + (w2 * w2).sum() * 0.5 +
           (norm - 2).pow(2).sum();
  }
};

Toy make_toy(uint64_t seed) {
  torch::manual_seed(seed);
  return Toy{};
}

AdamWSettings settings() {
  AdamWSettings s;
  s.lr = 0.01;
  s.beta1 = 0.9;
  s.beta2 = 0.95;
  return s;
}

TEST(FusedAdamW, MatchesLibtorchAdamWWithClipping) {
  Toy ours = make_toy(7), ref = make_toy(7);
  FusedAdamW opt({{{ours.w1, ours.w2}, 0.1}, {{ours.norm}, 0.0}}, settings());
  std::vector<torch::optim::OptimizerParamGroup> groups;
  auto base = torch::optim::AdamWOptions(0.01).betas({0.9, 0.95}).eps(1e-8);
  groups.emplace_back(std::vector<torch::Tensor>{ref.w1, ref.w2},
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(base).weight_decay(0.1)));
  groups.emplace_back(std::vector<torch::Tensor>{ref.norm},
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(base).weight_decay(0.0)));
  torch::optim::AdamW torch_opt(groups, base);
  for (int step = 0; step < 20; ++step) {
    auto x = torch::randn({4, 8});
    ours.loss(x).backward();
    const double norm = opt.step(/*max_norm=*/1.0);
    ref.loss(x).backward();
    const double ref_norm = torch::nn::utils::clip_grad_norm_(
        std::vector<torch::Tensor>{ref.w1, ref.w2, ref.norm}, 1.0);
    torch_opt.step();
    torch_opt.zero_grad();
    // torch sums squares in float, we sum in double.
    EXPECT_NEAR(norm, ref_norm, 1e-5 * ref_norm) << "step " << step;
  }
  EXPECT_TRUE(torch::allclose(ours.w1, ref.w1, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(ours.w2, ref.w2, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(ours.norm, ref.norm, 1e-5, 1e-6));
  EXPECT_EQ(opt.steps_taken(), 20);
}

TEST(FusedAdamW, ParametersShareOneBufferAndStepZeroesGradients) {
  Toy toy = make_toy(1);
  const auto before = toy.w1.detach().clone();
  FusedAdamW opt({{{toy.w1, toy.w2, toy.norm}, 0.0}}, settings());
  EXPECT_TRUE(torch::equal(toy.w1, before)) << "adopting must keep the values";
  EXPECT_EQ(toy.w1.storage().data(), toy.w2.storage().data());
  toy.loss(torch::randn({2, 8})).backward();
  EXPECT_GT(toy.w2.grad().abs().sum().item<double>(), 0.0);
  EXPECT_EQ(toy.w2.grad().storage().data(), toy.w1.grad().storage().data())
      << "autograd must accumulate into the flat gradient buffer";
  opt.step(0);
  EXPECT_EQ(toy.w2.grad().abs().sum().item<double>(), 0.0);
  EXPECT_FALSE(torch::equal(toy.w1, before));
}

TEST(FusedAdamW, ClipsToMaxNormAndReportsTheNormBeforeClipping) {
  Toy big = make_toy(3), unclipped = make_toy(3);
  AdamWSettings s = settings();
  s.beta1 = 0;
  s.eps = 1e-12;  // first step's update then depends on the (clipped) gradient's sign only...
  FusedAdamW a({{{big.w2}, 0.0}}, s), b({{{unclipped.w2}, 0.0}}, s);
  (big.w2 * big.w2).sum().backward();
  (unclipped.w2 * unclipped.w2).sum().backward();
  const double expected = (2 * big.w2.detach()).norm().item<double>();
  EXPECT_NEAR(a.grad_norm(), expected, 1e-6 * expected);
  EXPECT_NEAR(a.step(1.0), expected, 1e-6 * expected);
  b.step(0);
  // ...and Adam is scale-invariant, so clipping must not change the first update much, while
  // a zero norm limit means "no clipping", not "zero gradient".
  EXPECT_TRUE(torch::allclose(big.w2, unclipped.w2, 1e-4, 1e-5));
  EXPECT_FALSE(torch::equal(big.w2, make_toy(3).w2));
}

TEST(FusedAdamW, SavedStateResumesTheSameTrajectory) {
  Toy a = make_toy(5), b = make_toy(5);
  FusedAdamW opt_a({{{a.w1, a.w2, a.norm}, 0.1}}, settings());
  auto x = torch::randn({4, 8});
  for (int i = 0; i < 3; ++i) {
    a.loss(x).backward();
    opt_a.step(1.0);
  }
  torch::serialize::OutputArchive out;
  opt_a.save(out);
  std::stringstream buf;
  out.save_to(buf);
  {
    torch::NoGradGuard no_grad;
    b.w1.copy_(a.w1);
    b.w2.copy_(a.w2);
    b.norm.copy_(a.norm);
  }
  FusedAdamW opt_b({{{b.w1, b.w2, b.norm}, 0.1}}, settings());
  torch::serialize::InputArchive in;
  in.load_from(buf);
  opt_b.load(in);
  EXPECT_EQ(opt_b.steps_taken(), 3);
  for (int i = 0; i < 3; ++i) {
    a.loss(x).backward();
    opt_a.step(1.0);
    b.loss(x).backward();
    opt_b.step(1.0);
  }
  EXPECT_TRUE(torch::equal(a.w1, b.w1));
  EXPECT_TRUE(torch::equal(a.w2, b.w2));
}

TEST(FusedAdamW, RejectsStateOfAnotherShape) {
  Toy a = make_toy(5), b = make_toy(5);
  FusedAdamW small({{{a.norm}, 0.0}}, settings()), large({{{b.w1, b.w2}, 0.0}}, settings());
  torch::serialize::OutputArchive out;
  small.save(out);
  std::stringstream buf;
  out.save_to(buf);
  torch::serialize::InputArchive in;
  in.load_from(buf);
  EXPECT_THROW(large.load(in), std::invalid_argument);
}

}  // namespace
}  // namespace finchat::train
