#include "core/text.hpp"

#include <gtest/gtest.h>

namespace finchat::core {
namespace {

TEST(Text, LowerChangesAsciiLettersOnly) {
  EXPECT_EQ(lower("Q3 EPS $1.37, Up 9.4%"), "q3 eps $1.37, up 9.4%");
  EXPECT_EQ(lower("Zürich ÄB"), "zürich Äb");  // UTF-8 bytes are left alone
  EXPECT_EQ(lower(""), "");
}

}  // namespace
}  // namespace finchat::core
