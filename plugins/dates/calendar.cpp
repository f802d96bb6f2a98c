// glean/plugins/dates/calendar.cpp - proleptic Gregorian calendar arithmetic on civil dates
// SPDX-License-Identifier: Apache-2.0
#include "calendar.hpp"

namespace glean_dates {

// The era-based day count (400-year cycles of 146097 days) keeps every step in integers and is
// exact for negative years too.
std::int64_t daysFromCivil(const CivilDate& date) {
  std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                        // [0, 399]
  const std::int64_t mp = (date.month + 9) % 12;                                 // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;                    // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && isLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool isValidDate(int year, int month, int day) {
  return day >= 1 && day <= daysInMonth(year, month);
}

int isoWeekday(const CivilDate& date) {
  // 1970-01-01 was a Thursday (4).
  std::int64_t d = daysFromCivil(date);
  auto w = static_cast<int>(((d % 7) + 7 + 3) % 7);  // 0 = Monday
  return w + 1;
}

CivilDate mondayOfIsoWeek(int year, int week) {
  // Week 1 is the week holding January 4.
  CivilDate jan4{year, 1, 4};
  std::int64_t monday1 = daysFromCivil(jan4) - (isoWeekday(jan4) - 1);
  return civilFromDays(monday1 + 7 * static_cast<std::int64_t>(week - 1));
}

IsoWeek isoWeek(const CivilDate& date) {
  // The ISO week belongs to the year that holds its Thursday.
  std::int64_t d = daysFromCivil(date);
  std::int64_t thursday = d - (isoWeekday(date) - 1) + 3;
  CivilDate t = civilFromDays(thursday);
  std::int64_t jan1 = daysFromCivil({t.year, 1, 1});
  return {t.year, static_cast<int>((thursday - jan1) / 7 + 1)};
}

CivilDate addDays(const CivilDate& date, std::int64_t days) {
  return civilFromDays(daysFromCivil(date) + days);
}

CivilDate addMonths(const CivilDate& date, int months) {
  int index = date.year * 12 + (date.month - 1) + months;
  CivilDate out{floorDiv(index, 12), floorMod(index, 12) + 1, date.day};
  int last = daysInMonth(out.year, out.month);
  if (out.day > last) out.day = last;
  return out;
}

}  // namespace glean_dates
