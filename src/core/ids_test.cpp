#include "core/clock.hpp"
#include "core/ids.hpp"

#include <gtest/gtest.h>

namespace finchat {
namespace {

TEST(IdsTest, UuidV7ShapeAndOrdering) {
  auto a = new_uuid_v7(1000);
  auto b = new_uuid_v7(2000);
  EXPECT_TRUE(is_uuid(a));
  EXPECT_EQ(a[14], '7');
  EXPECT_LT(a, b);
  EXPECT_NE(new_uuid_v7(5), new_uuid_v7(5));
  EXPECT_FALSE(is_uuid("not-a-uuid"));
}

TEST(ClockTest, ManualClockAdvances) {
  ManualClock c(1000);
  c.advance(std::chrono::seconds(2));
  EXPECT_EQ(c.now_ms(), 3000);
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
}

}  // namespace
}  // namespace finchat
