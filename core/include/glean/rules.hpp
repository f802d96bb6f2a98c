// glean/core/include/glean/rules.hpp - the rule engine as a plugin sees it
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/document.hpp"
#include "glean/features.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glean {

/// One match that survived overlap resolution and vetoes.
struct RuleMatch {
  std::size_t begin = 0;  ///< the span in Document::text()
  std::size_t end = 0;
  std::string type;   ///< the annotation type the rule emits
  std::string rule;   ///< "ruleset:rule-id"
  int priority = 0;   ///< the rule's priority (higher wins an overlap)
  Features features;  ///< from named captures, lexicon look-ups and literals
};

/// How to apply a rule set to a document.
struct MatchOptions {
  /// Keep every match instead of resolving overlaps (vetoes still apply).
  bool keep_overlaps = false;
  /// Only run the rules that emit one of these types (empty: all rules).
  std::vector<std::string> types;
  /// Only look inside [begin, end) of the document (offsets stay document offsets).
  std::size_t begin = 0;
  std::size_t end = static_cast<std::size_t>(-1);
};

/// A compiled rule file (with its includes), shared read-only by all threads.
///
/// Obtain one with HostServices::loadRules. Every method is safe to call concurrently; per-thread
/// scratch (PCRE2 match data, JIT stacks) is kept by the engine. A rule that exceeds its match
/// limit on a document records a DocumentIssue naming the rule and yields no match there; the
/// other rules still run.
class RuleSet {
 public:
  virtual ~RuleSet() = default;

  /// The ruleset's name from its header.
  virtual const std::string& name() const = 0;

  /// Runs the rules over the document (each inside its scope), applies vetoes, resolves overlaps
  /// (priority, then longest, then leftmost, then rule order) and returns the winners ordered by
  /// begin. When the document is traced, every candidate is recorded with its fate.
  virtual std::vector<RuleMatch> match(Document& doc, const MatchOptions& options = {}) const = 0;

  /// match(), then adds every winner to the document as an annotation with its provenance.
  /// Returns the number of annotations added.
  virtual std::size_t annotate(Document& doc, const MatchOptions& options = {}) const = 0;

  /// The value of `key` in lexicon `lexicon` (folded as the lexicon says), or nullopt.
  virtual std::optional<std::string> lookup(std::string_view lexicon,
                                            std::string_view key) const = 0;

  /// Every entry of a lexicon as (key, value) pairs, in file order; empty when there is no such
  /// lexicon.
  virtual std::vector<std::pair<std::string, std::string>> lexicon(
      std::string_view lexicon) const = 0;

  /// The annotation types the rules emit (for Stage::provides).
  virtual std::vector<std::string> emittedTypes() const = 0;
  /// The annotation types the rules are scoped to (for Stage::needs).
  virtual std::vector<std::string> scopeTypes() const = 0;

  /// "file:line" of a rule given as "ruleset:rule-id" or "rule-id"; empty when unknown.
  virtual std::string ruleSource(std::string_view rule) const = 0;
};

}  // namespace glean
