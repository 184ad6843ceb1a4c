#include <gtest/gtest.h>

#include "kg/fuzzy.hpp"

namespace finchat::kg {
namespace {

TEST(EditDistance, CountsInsertDeleteSubstituteAndSwap) {
  EXPECT_EQ(bounded_edit_distance("novatek", "novatek", 2), 0);
  EXPECT_EQ(bounded_edit_distance("novatec", "novatek", 2), 1);
  EXPECT_EQ(bounded_edit_distance("qubitorn", "qubitron", 2), 1);  // adjacent swap
  EXPECT_EQ(bounded_edit_distance("novatk", "novatek", 2), 1);
  EXPECT_EQ(bounded_edit_distance("novateek", "novatek", 2), 1);
  EXPECT_EQ(bounded_edit_distance("kitten", "sitting", 5), 3);
  EXPECT_EQ(bounded_edit_distance("abcdef", "uvwxyz", 2), 3);  // capped at max + 1
  EXPECT_EQ(bounded_edit_distance("a", "abcdefgh", 2), 3);
  EXPECT_EQ(bounded_edit_distance("", "", 0), 0);
}

TEST(EditDistance, AllowedTyposScaleWithLength) {
  EXPECT_EQ(allowed_typos(4), 0);
  EXPECT_EQ(allowed_typos(5), 1);
  EXPECT_EQ(allowed_typos(8), 1);
  EXPECT_EQ(allowed_typos(9), 2);
}

TEST(FuzzyIndex, FindsCloseKeysWithTheSameFirstLetter) {
  FuzzyIndex index;
  index.add(1, "novatek");
  index.add(2, "qubitron");
  index.add(3, "nova");
  index.add(4, "hollowell aerospace");
  auto hits = index.search("novatec");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, 1u);
  EXPECT_EQ(hits[0].distance, 1);
  EXPECT_TRUE(index.search("nova").empty());     // too short to fuzz
  EXPECT_TRUE(index.search("movatek").empty());  // first letter differs
  auto two = index.search("holowel aerospace");
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].distance, 2);
}

}  // namespace
}  // namespace finchat::kg
