// glean/core/src/rules/pattern_expander.hpp - expands {MACRO} and {@lexicon} references in patterns
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/error.hpp"
#include "rules/lexicon.hpp"
#include "rules/rule_file.hpp"
#include "rules/source_text.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glean::rules {

/// A pattern after expansion, with a map from each expanded byte back to where it was written, so a
/// PCRE2 error offset becomes the file:line:col of the faulty character (in a rule or in a macro).
class ExpandedPattern {
 public:
  /// A run of the expanded text that was copied from one string value, or generated (the (?:...)
  /// around a macro, a lexicon's alternation) for a reference.
  struct Segment {
    std::size_t begin = 0;  ///< in the expanded text
    std::size_t end = 0;
    StringRef origin;            ///< the string it was copied from (or holding the reference)
    std::size_t origin_offset = 0;  ///< byte offset in that string where the run starts
    bool generated = false;      ///< origin_offset is the reference's offset; the run is not text
    std::string macro;           ///< the macro it came from ("" for the rule's own pattern)
    SourceLocation used_at;      ///< where that macro was referenced (outermost use)
  };

  const std::string& text() const { return text_; }
  const std::vector<Segment>& segments() const { return segments_; }
  /// True when any macro or lexicon was expanded.
  bool expanded() const { return expanded_; }

  /// The segment holding expanded byte `offset` (the last one for the end of the text).
  const Segment* segmentAt(std::size_t offset) const;
  /// Where expanded byte `offset` was written.
  SourceLocation locate(std::size_t offset) const;

  /// Two lines: the expanded text (shortened around `offset` when long) and a caret under `offset`.
  std::string caretDisplay(std::size_t offset) const;

 private:
  friend class PatternExpander;
  void append(std::string_view text, const StringRef& origin, std::size_t origin_offset,
              bool generated, const std::string& macro, const SourceLocation& used_at);

  std::string text_;
  std::vector<Segment> segments_;
  bool expanded_ = false;
};

/// Resolves macro and lexicon names across a rule file and its includes, and expands patterns.
///
/// Name resolution: `{NAME}` finds the macro in the pattern's own file first, then in the files it
/// includes (directly or not); a name defined by two different included files is ambiguous and must
/// be qualified as `{ruleset.NAME}`. The same goes for lexicons (`{@name}`, `@name($cap)`). A macro's
/// own references resolve from the file that defines it.
class PatternExpander {
 public:
  /// `files` in load order; `includes[i]` lists the indices of the files file i includes.
  PatternExpander(const std::vector<RuleFile>& files,
                  const std::vector<std::vector<std::size_t>>& includes);

  /// Expands a rule's pattern. Throws ConfigError at the reference for an unknown, ambiguous or
  /// cyclic name.
  ExpandedPattern expandRule(std::size_t file, const RuleDef& rule) const;

  /// The lexicon a name refers to from `file`. Throws ConfigError at `where` when there is none or
  /// the name is ambiguous; `context` says where the reference is ("rule 'x'").
  const Lexicon& lexicon(std::size_t file, std::string_view name, const SourceLocation& where,
                         std::string_view context) const;
  /// The same, but nullptr instead of an error (for RuleSet::lookup).
  const Lexicon* findLexicon(std::size_t file, std::string_view name) const;

 private:
  struct Ref {
    std::size_t file;
    std::size_t index;  // into macros or lexicons of that file
  };
  enum class Kind { Macro, Lexicon };

  // Throws (when `where` is given) or returns nullopt.
  std::optional<Ref> resolve(std::size_t file, std::string_view name, Kind kind,
                             const SourceLocation* where, std::string_view context) const;
  void expandInto(ExpandedPattern& out, std::size_t file, std::string_view text,
                  const StringRef& origin, bool extended, const std::string& macro,
                  const SourceLocation& used_at, std::vector<std::pair<std::size_t, std::string>>& chain,
                  std::string_view context) const;

  const std::vector<RuleFile>& files_;
  std::vector<std::vector<std::size_t>> visible_;  // transitive includes of each file
};

}  // namespace glean::rules
