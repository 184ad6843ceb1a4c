#include "market/calendar.hpp"

#include <charconv>

namespace finchat::market {

namespace {
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMinuteMs = 60'000;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Day number of the n-th Sunday (n >= 1) of a month.
int64_t nth_sunday(int year, int month, int n) {
  const int64_t first = days_from_civil({year, month, 1});
  const int64_t to_sunday = (7 - weekday(first)) % 7;
  return first + to_sunday + 7 * (n - 1);
}
}  // namespace

// Era-based conversion between civil dates and day counts (proleptic Gregorian).
int64_t days_from_civil(CivilDate d) {
  const int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

int weekday(int64_t days) { return static_cast<int>(((days % 7) + 11) % 7); }

std::string format_date(int64_t days) {
  const CivilDate d = civil_from_days(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

Result<int64_t> parse_date(std::string_view text) {
  auto number = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) return false;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return ec == std::errc{} && end == text.data() + pos + len;
  };
  CivilDate d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !number(0, 4, d.year) ||
      !number(5, 2, d.month) || !number(8, 2, d.day) || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > 31) {
    return Error::invalid("not a YYYY-MM-DD date: '" + std::string(text) + "'", "date");
  }
  const int64_t days = days_from_civil(d);
  if (civil_from_days(days) != d) {
    return Error::invalid("no such date: '" + std::string(text) + "'", "date");
  }
  return days;
}

Result<MarketCalendar> MarketCalendar::create(CalendarConfig config) {
  if (config.open_minute < 0 || config.open_minute >= 24 * 60) {
    return Error::invalid("open_minute must be within the day", "open_minute");
  }
  if (config.close_minute <= config.open_minute || config.close_minute > 24 * 60) {
    return Error::invalid("close_minute must be after open_minute", "close_minute");
  }
  if (config.utc_offset_minutes < -14 * 60 || config.utc_offset_minutes > 14 * 60) {
    return Error::invalid("utc_offset_minutes out of range", "utc_offset_minutes");
  }
  std::set<int64_t> holidays;
  for (const auto& h : config.holidays) {
    auto d = parse_date(h);
    if (!d) return Error::invalid(d.error().message, "holidays");
    holidays.insert(*d);
  }
  return MarketCalendar(std::move(config), std::move(holidays));
}

int64_t MarketCalendar::utc_offset_ms(int64_t utc_ms) const {
  const int64_t standard = config_.utc_offset_minutes * kMinuteMs;
  if (!config_.us_dst) return standard;
  const int year = civil_from_days(floor_div(utc_ms + standard, kDayMs)).year;
  // DST starts 02:00 local standard time and ends 02:00 local daylight time.
  const int64_t start = nth_sunday(year, 3, 2) * kDayMs + 2 * 3'600'000 - standard;
  const int64_t end = nth_sunday(year, 11, 1) * kDayMs + 2 * 3'600'000 - (standard + 3'600'000);
  return (utc_ms >= start && utc_ms < end) ? standard + 3'600'000 : standard;
}

int64_t MarketCalendar::local_day(int64_t utc_ms) const {
  return floor_div(local_ms(utc_ms), kDayMs);
}

bool MarketCalendar::is_trading_day(int64_t day) const {
  const int wd = weekday(day);
  if (config_.weekdays_only && (wd == 0 || wd == 6)) return false;
  return holidays_.count(day) == 0;
}

int64_t MarketCalendar::local_to_utc(int64_t day, int minute) const {
  const int64_t local = day * kDayMs + minute * kMinuteMs;
  // The offset at the local instant; evaluate twice so DST boundaries resolve consistently.
  const int64_t guess = local - config_.utc_offset_minutes * kMinuteMs;
  return local - utc_offset_ms(guess);
}

int64_t MarketCalendar::session_open_ms(int64_t day) const {
  return local_to_utc(day, config_.open_minute);
}
int64_t MarketCalendar::session_close_ms(int64_t day) const {
  return local_to_utc(day, config_.close_minute);
}
int64_t MarketCalendar::day_start_ms(int64_t day) const { return local_to_utc(day, 0); }

bool MarketCalendar::is_open(int64_t utc_ms) const {
  const int64_t day = local_day(utc_ms);
  return is_trading_day(day) && utc_ms >= session_open_ms(day) && utc_ms < session_close_ms(day);
}

int64_t MarketCalendar::next_trading_day(int64_t day) const {
  do {
    ++day;
  } while (!is_trading_day(day));
  return day;
}

int64_t MarketCalendar::previous_trading_day(int64_t day) const {
  do {
    --day;
  } while (!is_trading_day(day));
  return day;
}

int64_t MarketCalendar::latest_session(int64_t utc_ms) const {
  const int64_t day = local_day(utc_ms);
  if (is_trading_day(day) && utc_ms >= session_open_ms(day)) return day;
  return previous_trading_day(day);
}

}  // namespace finchat::market
