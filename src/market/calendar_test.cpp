#include "market/calendar.hpp"

#include <gtest/gtest.h>

namespace finchat::market {
namespace {

int64_t utc_ms(const char* date, int h, int m) {
  return (*parse_date(date) * 86400 + h * 3600 + m * 60) * 1000LL;
}

TEST(Calendar, CivilDateRoundTrip) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
  for (int64_t d = -1000; d < 30000; d += 37) EXPECT_EQ(days_from_civil(civil_from_days(d)), d);
  EXPECT_EQ(weekday(0), 4);  // 1970-01-01 was a Thursday
  EXPECT_EQ(format_date(*parse_date("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(parse_date("2023-02-29").ok());
  EXPECT_FALSE(parse_date("2023-13-01").ok());
  EXPECT_FALSE(parse_date("20230101").ok());
}

TEST(Calendar, NewYorkSessionFollowsDaylightSaving) {
  MarketCalendar cal;
  // Winter: 09:30 EST = 14:30 UTC. Summer: 09:30 EDT = 13:30 UTC.
  EXPECT_EQ(cal.session_open_ms(*parse_date("2026-01-05")), utc_ms("2026-01-05", 14, 30));
  EXPECT_EQ(cal.session_open_ms(*parse_date("2026-07-06")), utc_ms("2026-07-06", 13, 30));
  EXPECT_EQ(cal.session_close_ms(*parse_date("2026-07-06")), utc_ms("2026-07-06", 20, 0));
  // 2026 DST: starts 2026-03-08, ends 2026-11-01.
  EXPECT_EQ(cal.utc_offset_ms(utc_ms("2026-03-08", 6, 59)), -5 * 3600000LL);
  EXPECT_EQ(cal.utc_offset_ms(utc_ms("2026-03-08", 7, 0)), -4 * 3600000LL);
  EXPECT_EQ(cal.utc_offset_ms(utc_ms("2026-11-01", 5, 59)), -4 * 3600000LL);
  EXPECT_EQ(cal.utc_offset_ms(utc_ms("2026-11-01", 6, 0)), -5 * 3600000LL);
}

TEST(Calendar, OpenOnlyDuringWeekdaySessions) {
  MarketCalendar cal;
  EXPECT_TRUE(cal.is_open(utc_ms("2026-01-05", 14, 30)));
  EXPECT_FALSE(cal.is_open(utc_ms("2026-01-05", 14, 29)));
  EXPECT_FALSE(cal.is_open(utc_ms("2026-01-05", 21, 0)));
  EXPECT_FALSE(cal.is_open(utc_ms("2026-01-03", 15, 0)));  // Saturday
  // Before Monday's open the latest session is the previous Friday.
  EXPECT_EQ(format_date(cal.latest_session(utc_ms("2026-01-05", 12, 0))), "2026-01-02");
  EXPECT_EQ(format_date(cal.latest_session(utc_ms("2026-01-05", 15, 0))), "2026-01-05");
}

TEST(Calendar, HolidaysAndCustomHours) {
  CalendarConfig c;
  c.holidays = {"2026-01-19"};
  c.open_minute = 10 * 60;
  auto cal = MarketCalendar::create(c);
  ASSERT_TRUE(cal.ok());
  EXPECT_FALSE(cal->is_trading_day(*parse_date("2026-01-19")));
  EXPECT_EQ(format_date(cal->next_trading_day(*parse_date("2026-01-16"))), "2026-01-20");
  EXPECT_FALSE(cal->is_open(utc_ms("2026-01-20", 14, 45)));
  EXPECT_TRUE(cal->is_open(utc_ms("2026-01-20", 15, 0)));

  CalendarConfig bad;
  bad.holidays = {"2026-02-30"};
  auto err = MarketCalendar::create(bad);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.error().field, "holidays");
  CalendarConfig inverted;
  inverted.close_minute = inverted.open_minute;
  EXPECT_EQ(MarketCalendar::create(inverted).error().field, "close_minute");
}

}  // namespace
}  // namespace finchat::market
