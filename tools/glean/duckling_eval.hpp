// glean/tools/glean/duckling_eval.hpp - DucklingEval: Duckling's expected times as TIMEX3 values
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace glean::cli {

/// What a Duckling example expects, as the TIMEX3 features that reproduce it.
struct ExpectedTimex {
  std::string kind;   ///< datetime, interval, open_interval, null
  std::string grain;  ///< Duckling's grain ("day", "hour"...), empty for null
  /// The acceptable `value`s (a part of day may be evening or night); empty when the ends decide.
  std::vector<std::string> values;
  std::string begin;  ///< for intervals compared end to end
  std::string end;
};

/// The mapping from Duckling's `expected` (start/end instants at a grain, end exclusive) to TIMEX3:
///  - datetime: the start written at its grain: year 2013, quarter 2013-Q1, month 2013-02,
///    week 2013-W07 (ISO week of the start), day 2013-02-12, hour 2013-02-12T15:00, minute
///    2013-02-12T15:30, second 2013-02-12T15:30:10 (a trailing time zone on ours is ignored);
///  - interval: a part of day (hour grain within one day: 00/04-12 morning MO, 12-19/20 afternoon
///    AF, 18-24 evening EV or night NI) is 2013-02-12TMO; a weekend (Friday 18:00 to Monday) is
///    2013-W07-WE; anything else is a range whose begin is the start and whose end is the
///    exclusive end minus one grain, both at the grain (our `begin` and `end`);
///  - open_interval: the bound at its grain as the value ("since 2014" -> 2014);
///  - null: no TIMEX3 at all.
/// A datetime at the reference instant itself ("now", second grain) is TIMEX3's PRESENT_REF.
/// Returns nullopt for an `expected` it cannot read.
std::optional<ExpectedTimex> expectedTimex(const nlohmann::json& expected, const std::string& ref);

/// True when an annotation with these features reproduces `e` (value, or begin and end).
bool reproduces(const ExpectedTimex& e, const std::string& value, const std::string& begin,
                const std::string& end);

}  // namespace glean::cli
