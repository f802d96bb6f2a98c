// glean/plugins/dates/date_spec.hpp - DateSpec: what a date rule's features ask the stage to compute
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "time_point.hpp"

#include <glean/features.hpp>

#include <climits>
#include <optional>
#include <string>
#include <string_view>

namespace glean_dates {

constexpr int kUnset = INT_MIN;
/// An amount or offset written as "X": a number the text does not give ("several years").
constexpr int kUnknown = INT_MIN + 1;

enum class TimexType : std::uint8_t { Date, Time, Duration, Set };
const char* timexTypeName(TimexType type);

/// Which occurrence of a value without a year (or a weekday without a date) is meant, relative to
/// the reference: the one in the reference's own year/week (`Same`), the latest one before it
/// (`Past`), the earliest after it (`Future`), the closest (`Nearest`), or those allowing the
/// reference's own (`PastOrSame`, `FutureOrSame`). `Auto` leaves it to the stage's policy.
enum class Direction : std::uint8_t { Auto, Same, Past, Future, Nearest, PastOrSame, FutureOrSame };
std::optional<Direction> parseDirection(std::string_view name);

/// What a relative expression counts from: the document anchor, the last date mentioned, or
/// `Period`: the last date mentioned when it is a period (a month, season, quarter or half), at
/// its own precision ("sales fell from a year ago" after "the third quarter": that quarter a year
/// back), else the anchor.
enum class RelativeTo : std::uint8_t { Default, Anchor, Previous, Period };

/// The calendar fields of one point. Every int is kUnset when the rule did not give it.
struct Fields {
  int year = kUnset;
  int year_digits = 0;  ///< how many digits the year was written with (2: "'98", "98")
  int month = kUnset;
  int day = kUnset;
  int week = kUnset;     ///< ISO week number
  int weekday = kUnset;  ///< 1 = Monday ... 7 = Sunday
  int quarter = kUnset;
  int half = kUnset;
  std::optional<Season> season;
  int decade = kUnset;  ///< as written: 199 or 1990 ("the 1990s"), 90 ("the '90s": century from the reference)
  int century = kUnset;  ///< ordinal as written: 20 for "the 20th century" (the 1900s)
  bool weekend = false;
  std::string part_of_day;  ///< MO, AF, EV, NI, DT
  int hour = kUnset;
  int minute = kUnset;
  int second = kUnset;
  int ampm = -1;  ///< -1 not given, 0 am, 1 pm
  std::string zone;
  int num1 = kUnset;  ///< numeric dates ("8/5/2010"): the first and second number, month/day order
  int num2 = kUnset;  ///< decided by the stage's numeric_order...
  int day_first = -1;  ///< ...unless the rule says: 1 day first ("05.08.2010"), 0 month first
  int nth = kUnset;    ///< with weekday and month: the nth such weekday (-1: the last), "the fourth Thursday of November"

  /// True when any calendar field is set.
  bool any() const;
  /// True when the point carries its own year (year, decade or century).
  bool hasYear() const { return year != kUnset || decade != kUnset || century != kUnset; }
  /// True when a clock time or part of day is given.
  bool hasTime() const { return hour != kUnset || !part_of_day.empty(); }
};

/// The interpretation of one rule match's features (see rules/dates/README.md for the vocabulary).
struct DateSpec {
  TimexType type = TimexType::Date;
  bool type_given = false;
  std::string literal;  ///< `value` given as is (PRESENT_REF, P1D, ...)
  Fields fields;
  Fields end;            ///< `end_*` fields of a range
  bool range = false;
  int offset = kUnset;   ///< steps of `unit` from the reference; kUnknown for "X"
  int offset_sign = 0;   ///< with kUnknown: -1 back ("years ago"), +1 ahead, 0 not said
  std::optional<Grain> unit;
  std::optional<Grain> granularity;
  Direction direction = Direction::Auto;
  bool cues = true;  ///< `cues = false`: the stage's direction cues do not apply to this match
  /// Set by the stage from a cue word before the match ("will", "said"): for a weekday it decides
  /// the direction; for a yearless date it weighs the nearest occurrence toward past or future.
  Direction cue = Direction::Auto;
  RelativeTo relative_to = RelativeTo::Default;
  double amount = 0;           ///< durations and sets; NaN-free: `amount_known` tells
  bool amount_given = false;
  bool amount_known = true;    ///< false for "X" ("several years")
  double end_amount = 0;
  bool end_amount_given = false;
  bool end_amount_known = true;
  std::string mod;
  std::string quant;
  std::string freq;
  bool age = false;
};

/// Reads a rule match's features into a DateSpec. Returns false, with `error` set, when a feature
/// holds something the stage cannot interpret (an unknown unit, a non-number day): a rule bug.
/// Unknown feature names are ignored, so rules may carry features of their own.
bool parseDateSpec(const glean::Features& features, DateSpec& spec, std::string& error);

}  // namespace glean_dates
