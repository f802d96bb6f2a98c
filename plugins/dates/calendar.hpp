// glean/plugins/dates/calendar.hpp - proleptic Gregorian calendar arithmetic on civil dates
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace glean_dates {

/// A day of the proleptic Gregorian calendar. Plain value type; no time zone.
struct CivilDate {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

/// Days since 1970-01-01 (negative before). Exact for every year the int range allows.
std::int64_t daysFromCivil(const CivilDate& date);
/// The inverse of daysFromCivil.
CivilDate civilFromDays(std::int64_t days);

bool isLeapYear(int year);
/// 28..31; 0 for a month outside 1..12.
int daysInMonth(int year, int month);
/// True when the date exists (February 30 does not).
bool isValidDate(int year, int month, int day);

/// ISO 8601 weekday: 1 = Monday ... 7 = Sunday.
int isoWeekday(const CivilDate& date);

/// An ISO 8601 week: the week-numbering year (may differ from the calendar year near New Year)
/// and the week number 1..53.
struct IsoWeek {
  int year = 0;
  int week = 0;
};
IsoWeek isoWeek(const CivilDate& date);
/// The Monday of ISO week `week` of ISO year `year`.
CivilDate mondayOfIsoWeek(int year, int week);

CivilDate addDays(const CivilDate& date, std::int64_t days);
/// Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28).
CivilDate addMonths(const CivilDate& date, int months);

/// Floor division that rounds toward negative infinity (for month and quarter arithmetic).
constexpr int floorDiv(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
constexpr int floorMod(int a, int b) { return a - floorDiv(a, b) * b; }

}  // namespace glean_dates
