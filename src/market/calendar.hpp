#pragma once
// Exchange calendar: local time (fixed offset plus optional US daylight-saving rules), trading
// days (weekdays minus configured holidays) and regular session hours. Defaults are NYSE-like:
// 09:30-16:00 America/New_York. Holidays are not built in; list them in the config.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace finchat::market {

struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const CivilDate&) const = default;
};

int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(int64_t days);
int weekday(int64_t days);                          // 0 = Sunday
std::string format_date(int64_t days);              // YYYY-MM-DD
Result<int64_t> parse_date(std::string_view text);  // YYYY-MM-DD -> days

struct CalendarConfig {
  int utc_offset_minutes = -300;  // standard time offset (New York: UTC-5)
  bool us_dst = true;             // apply US DST (2nd Sunday March - 1st Sunday November)
  int open_minute = 9 * 60 + 30;  // local minutes after midnight
  int close_minute = 16 * 60;
  bool weekdays_only = true;
  std::vector<std::string> holidays;  // YYYY-MM-DD
};

class MarketCalendar {
 public:
  static Result<MarketCalendar> create(CalendarConfig config);
  MarketCalendar() : MarketCalendar(CalendarConfig{}, {}) {}

  int64_t utc_offset_ms(int64_t utc_ms) const;
  int64_t local_ms(int64_t utc_ms) const { return utc_ms + utc_offset_ms(utc_ms); }
  int64_t local_day(int64_t utc_ms) const;  // local date as days since epoch
  bool is_trading_day(int64_t day) const;
  bool is_open(int64_t utc_ms) const;
  int64_t session_open_ms(int64_t day) const;       // UTC ms
  int64_t session_close_ms(int64_t day) const;      // UTC ms
  int64_t day_start_ms(int64_t day) const;          // UTC ms of local midnight
  int64_t next_trading_day(int64_t day) const;      // strictly after
  int64_t previous_trading_day(int64_t day) const;  // strictly before
  // The session at or before utc_ms (today's if it has opened, else the previous one).
  int64_t latest_session(int64_t utc_ms) const;
  int session_minutes() const { return config_.close_minute - config_.open_minute; }
  const CalendarConfig& config() const { return config_; }

 private:
  MarketCalendar(CalendarConfig config, std::set<int64_t> holidays)
      : config_(std::move(config)), holidays_(std::move(holidays)) {}
  int64_t local_to_utc(int64_t day, int minute) const;

  CalendarConfig config_;
  std::set<int64_t> holidays_;
};

}  // namespace finchat::market
