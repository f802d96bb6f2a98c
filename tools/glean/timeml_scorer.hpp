// glean/tools/glean/timeml_scorer.hpp - TimemlScorer: TempEval-3 TIMEX3 scores of TimeML files
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "timeml.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace glean::cli {

/// Counts behind the TempEval-3 temporal-expression figures.
struct TimexCounts {
  std::size_t gold = 0;      ///< gold TIMEX3 in <TEXT> (the DCT is not scored)
  std::size_t system = 0;    ///< system TIMEX3 in <TEXT>
  std::size_t relaxed = 0;   ///< aligned pairs: gold and system overlap
  std::size_t strict = 0;    ///< aligned pairs with the same extent
  std::size_t value_ok = 0;  ///< aligned pairs with the same value (exact string)
  std::size_t type_ok = 0;   ///< aligned pairs with the same type

  void add(const TimexCounts& o);
};

/// The figures as the TE3 scorer reports them (percentages, 0..100).
struct TimexScores {
  double strict_p = 0, strict_r = 0, strict_f1 = 0;
  double relaxed_p = 0, relaxed_r = 0, relaxed_f1 = 0;
  double value_accuracy = 0, type_accuracy = 0;  ///< over the relaxed matches
  double value_f1 = 0, type_f1 = 0;              ///< accuracy x relaxed F1
};
TimexScores scoresOf(const TimexCounts& c);

/// One difference between gold and system, for error listings.
struct TimexDifference {
  std::string file;
  std::string kind;  ///< "missed", "spurious", "extent", "value", "type"
  std::string gold;  ///< "'text' TYPE value" or empty
  std::string system;
  std::string context;  ///< the sentence-ish surroundings of the gold (or system) span
};

/// Compares the TIMEX3 tags of one document: pairs are aligned one to one, each gold timex with
/// the unaligned system timex that overlaps it most (sharing at least one non-space character).
/// Both texts must be equal (they come from the same input). Gold timexes whose text is blank
/// are skipped, as the TE3 scorer does.
TimexCounts compareTimexes(const TimemlDocument& gold, const TimemlDocument& system,
                           const std::string& file, std::vector<TimexDifference>* differences);

/// Scores a folder (or file) of system TimeML files against gold files. System files pair with
/// gold files by name ("x.tml", "x.tml.TE3input" and "x" are the same), else by identical text.
struct ScoreReport {
  TimexCounts total;
  std::vector<std::pair<std::string, TimexCounts>> per_file;
  std::vector<std::string> missing;  ///< gold files without a system file (their gold counts as missed)
  std::vector<TimexDifference> differences;
};
/// Throws std::runtime_error for unreadable or malformed files and for texts that differ.
ScoreReport scoreTimeml(const std::filesystem::path& gold, const std::filesystem::path& system,
                        bool collect_differences);

}  // namespace glean::cli
