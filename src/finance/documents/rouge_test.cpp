#include "finance/documents/rouge.hpp"

#include <gtest/gtest.h>

namespace finchat::documents {
namespace {

TEST(Rouge, HandComputedCase) {
  const auto r = rouge("The cat sat on the mat.", "the cat is on the mat", false);
  EXPECT_NEAR(r.rouge1.f1, 5.0 / 6.0, 1e-12);  // the x2, cat, on, mat
  EXPECT_NEAR(r.rouge2.f1, 3.0 / 5.0, 1e-12);  // the cat, on the, the mat
  EXPECT_NEAR(r.rougeL.f1, 5.0 / 6.0, 1e-12);  // LCS: the cat on the mat
}

TEST(Rouge, AsymmetricLengthsAndLcs) {
  // cand 3 tokens, ref 4 tokens, overlap 2 -> P=2/3, R=1/2, F=4/7.
  const auto r = rouge("a b x", "b a c d", false);
  EXPECT_NEAR(r.rouge1.f1, 4.0 / 7.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.rouge2.f1, 0.0);
  EXPECT_NEAR(r.rougeL.precision, 1.0 / 3.0, 1e-12);  // LCS length 1
  EXPECT_NEAR(r.rougeL.recall, 1.0 / 4.0, 1e-12);
}

TEST(Rouge, StemmingOption) {
  EXPECT_DOUBLE_EQ(rouge("revenues rose", "revenue rising", false).rouge1.f1, 0.0);
  EXPECT_DOUBLE_EQ(rouge("revenues rose", "revenue rising", true).rouge1.f1, 0.5);
  EXPECT_DOUBLE_EQ(rouge("", "x", true).rouge1.f1, 0.0);
}

}  // namespace
}  // namespace finchat::documents
