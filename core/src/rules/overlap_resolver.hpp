// glean/core/src/rules/overlap_resolver.hpp - vetoes and overlap resolution between rule matches
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace glean::rules {

/// A match a rule proposed, before vetoes and overlaps are settled. Offsets are document offsets.
struct RawMatch {
  std::uint32_t rule = 0;  ///< index into the rule set's rules
  std::size_t begin = 0;
  std::size_t end = 0;
  /// Where the match's capture offsets (document offsets, PCRE2's pairs) start in the caller's
  /// pool: features are computed from them for the winners only.
  std::uint32_t captures = 0;
};

/// What the resolver needs to know about a rule.
struct RuleRank {
  int priority = 0;
  std::uint32_t order = 0;  ///< position in the rule set (includes first, then file order)
  std::string name;         ///< "ruleset:rule-id"
};

struct Resolution {
  /// Indices into the candidates, ordered by begin (then longer first, then rule order).
  std::vector<std::size_t> winners;
  /// Per candidate: empty when it won, else why it lost (filled only when asked for).
  std::vector<std::string> reasons;
  /// Per veto match: how many candidates it suppressed.
  std::vector<std::size_t> suppressed;
};

/// Applies the vetoes (a candidate overlapping any veto match is dropped), then, unless
/// `keep_overlaps`, picks winners greedily by priority (higher first), then length (longer), then
/// position (leftmost), then rule order (earlier): a candidate wins when it overlaps no earlier
/// winner. Deterministic for any input order. `explain` fills the reasons.
Resolution resolveOverlaps(const std::vector<RawMatch>& vetoes,
                           const std::vector<RawMatch>& candidates,
                           const std::vector<RuleRank>& rules, bool keep_overlaps, bool explain);

}  // namespace glean::rules
