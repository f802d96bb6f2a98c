// glean/plugins/dates/time_point.hpp - TimePoint: a DATE/TIME value at a grain, and its TIMEX3 form
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calendar.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace glean_dates {

/// How precise a value is, coarsest first. The order matters: finer grains compare greater.
enum class Grain : std::uint8_t {
  Millennium,
  Century,
  Decade,
  Year,
  Half,
  Quarter,
  Season,
  Month,
  Week,
  Weekend,
  Day,
  PartOfDay,
  Hour,
  Minute,
  Second,
};

/// The canonical name of a grain as rule files write it ("year", "part-of-day", ...).
const char* grainName(Grain grain);
/// Parses a grain or unit name: the canonical names, plus a few aliases ("fortnight" is not a grain
/// and returns nullopt; durations handle it). Case-sensitive: rule files give canonical names.
std::optional<Grain> parseGrain(std::string_view name);

/// Seasons in TIMEX3 order of a year: spring, summer, fall, winter (winter starts in December and
/// belongs to the year of its December).
enum class Season : std::uint8_t { Spring, Summer, Fall, Winter };
const char* seasonCode(Season season);  ///< "SP", "SU", "FA", "WI"
std::optional<Season> parseSeason(std::string_view code);

/// A calendar value: the first day of the granule it names, the grain, and for times the clock.
/// Dates whose year is unknown (no anchor) keep `year_known` false and print as "XXXX-...".
struct TimePoint {
  CivilDate date;  ///< first day of the granule (for a week its Monday, a weekend its Saturday)
  Grain grain = Grain::Day;
  bool year_known = true;
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::string part_of_day;  ///< "MO", "AF", "EV", "NI", "DT" when grain is PartOfDay
  std::string zone;         ///< "Z", "+05:30", ... appended to times; empty when not given

  /// The granule's first and one-past-last day (days since the epoch).
  std::int64_t firstDay() const;
  std::int64_t endDay() const;
};

/// Moves `date` to the first day of the granule of `grain` that contains it.
CivilDate truncate(const CivilDate& date, Grain grain);

/// `point` moved `count` steps of `unit` (months clamp the day: Jan 31 + 1 month = Feb 28), keeping
/// its grain; times move by the clock. Callers coarsen the result to the grain they want.
TimePoint shift(const TimePoint& point, Grain unit, int count);

/// `point` at a coarser grain (its granule's first day); unchanged when `grain` is not coarser.
TimePoint coarsen(const TimePoint& point, Grain grain);

/// Renders TIMEX3 forms of values.
struct TimexFormat {
  /// Decades as "199X" instead of TimeML's "199".
  bool x_decades = false;
  /// Time zones on clock times ("T08:49Z"); TempEval's gold writes local times without them.
  bool zones = true;
};

/// The TIMEX3 value of a point: "2009", "2009-H1", "2009-Q3", "2009-SU", "2009-01", "2009-W03",
/// "2009-W03-WE", "2009-01-10", "2009-01-10TMO", "2009-01-10T08:49", "199", "19".
std::string formatPoint(const TimePoint& point, const TimexFormat& format = {});

/// Parses an ISO 8601 date or date-time as found in metadata ("2010-08-05", "1998-02-06T22:19:00",
/// "2016-05-27T08:49Z", "2009-03", "2009"). Returns nullopt for anything else.
std::optional<TimePoint> parseIsoPoint(std::string_view text);

}  // namespace glean_dates
