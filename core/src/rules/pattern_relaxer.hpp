// glean/core/src/rules/pattern_relaxer.hpp - rewrites a PCRE2 pattern into a looser Hyperscan one
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glean::rules {

/// The result of relaxing a pattern for Hyperscan.
struct RelaxedPattern {
  std::string pattern;  ///< for Hyperscan in UTF-8 mode without UCP
  std::string changes;  ///< what was loosened, for `glean rules --expand` ("" when nothing)
  /// A cheaper pattern whose matches start where the pattern's do: each top-level branch cut
  /// before its first costly item (a repeated group holding an unbounded repeat, a long repeat),
  /// and stripped of trailing assertions and unbounded class repeats ("\s+\w+" at the end). Every
  /// match (s, e) of the pattern has a match (s, e') of the prefix with e' <= e, which is all the
  /// prefilter needs. Equal to `pattern` when nothing was cut.
  std::string prefix;
  bool truncated = false;
  /// Shorter prefixes, longest first, to fall back on when Hyperscan cannot compile `prefix` with
  /// start-of-match tracking ("Pattern is too large").
  std::vector<std::string> shorter;
  /// A start cover, for patterns that begin with optional parts ("(?:early\s+)?{MONTH}"): every
  /// match starts with a match of one of the pieces, at the same place. Each piece lists candidate
  /// texts, longest first (its own prefixes); empty when there is no such cover.
  std::vector<std::vector<std::string>> cover;
  /// True when the pattern starts with an optional part ("(?:early\s+)?January"): start-of-match
  /// tracking over such a head costs Hyperscan dearly, and the cover is used instead.
  bool starts_optional = false;
  /// True when a literal of 3 characters or more follows the pattern's first open-ended repeat:
  /// Hyperscan anchors its start-of-match tracking on it, which keeps it cheap.
  bool som_anchored = false;
  /// The prefix (or the pattern, when not cut) with a length bound, as several patterns that
  /// together find every match start: open-ended class repeats X+ bounded to a single X, plus,
  /// for each, what precedes it and X{2} (a match with a longer run starts with that). Empty when an
  /// open-ended repeat sits inside a group.
  std::vector<std::string> split;
  /// For an end-window filter over the prefix (or the pattern, when not cut) of a single-branch
  /// pattern that begins with optional items ("(?:about\s{1,8})?{NUMBER}\s{1,8}years"): one
  /// pattern per place a match can start (each optional item made to match something, then the
  /// rest; last, the required rest). Every match of the prefix matches one of them from its start
  /// to its end, so each can have its own length bound: matches without the optional head get a
  /// narrow window. Empty when there is no such head or it cannot be written so.
  std::vector<std::string> starts;
};

/// Rewrites a PCRE2 pattern (UTF + UCP semantics) into one Hyperscan accepts whose matches are a
/// superset of the original's: every (start, end) the original can match, the result can match too.
/// That is what makes the prefilter exact: PCRE2 still decides, Hyperscan only says where to look.
///
/// Loosening steps, each of which can only add matches:
///  - `\B` and lookaround assertions are dropped (an assertion only removes matches), and so is
///    `\b` unless it stands next to an ASCII word character, where Hyperscan's ASCII `\b` is
///    looser than PCRE2's Unicode one (with the caseless K and S excepted: they match non-ASCII
///    letters too);
///  - atomic groups and possessive quantifiers become plain ones; (?|...) becomes (?:...);
///  - `\w \d \s \h \v`, `\p{..}`, `\P{..}` and POSIX classes also accept every non-ASCII character,
///    because Hyperscan runs without UCP (it rejects `\b` under UCP, and its Unicode tables are older
///    than PCRE2's), while ASCII keeps its exact meaning;
///  - extended-mode whitespace and comments are removed; the U, n and J options are dropped.
///
/// Returns nullopt, with `why` set, for constructs that cannot be loosened soundly this way:
/// back-references, subroutine calls, recursion, conditionals, \G, \K, \R, \X, \C, verbs, inline
/// (?x), and negated classes holding negated escapes ([^\W]).
std::optional<RelaxedPattern> relaxForHyperscan(std::string_view pattern, bool extended,
                                                bool caseless, std::string& why);

}  // namespace glean::rules
