// glean/plugins/dates/direction_cues.hpp - DirectionCues: tense words that say past or future
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "date_spec.hpp"

#include <glean/rules.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glean_dates {

/// Words before a date that tell which occurrence a weekday or a yearless date means ("will meet
/// on Friday" is the coming Friday, "met on Friday" the last one). The words and the direction
/// each gives come from the rule file's `direction_cues` lexicon (word -> past, future, ...), so
/// another language brings its own; the stage only looks them up, nearest first, within the
/// sentence.
class DirectionCues {
 public:
  /// Reads lexicon `direction_cues` of `rules` (none: cues off). Throws std::invalid_argument for
  /// an entry whose value is not a direction name.
  void load(const glean::RuleSet& rules, std::int64_t window);

  /// The direction the nearest cue word among the `window` words before `begin` gives, stopping
  /// at the end of the previous sentence; nullopt when there is none.
  std::optional<Direction> directionBefore(std::string_view text, std::size_t begin) const;

  std::size_t size() const { return words_.size(); }

 private:
  /// Cue words are at most this long (bytes): a lookup lower-cases into a buffer of this size.
  static constexpr std::size_t kMaxCue = 64;
  struct Cue {
    std::string word;  // lower-cased
    Direction direction;
  };
  std::optional<Direction> find(std::string_view word) const;

  std::vector<Cue> words_;  // sorted by word
  std::size_t window_ = 0;
  std::size_t longest_ = 0;
};

}  // namespace glean_dates
