// glean/core/src/rules/feature_template.hpp - FeatureTemplate: "$cap", "@lex($cap)" and literal text
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/lexicon.hpp"
#include "rules/source_text.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glean::rules {

/// A feature value computed from a match. Syntax (in a string feature value):
///   `$name`, `${name}`, `$1`   the text of a capture (named or numbered; `$0` is the whole match)
///   `@lex($name)`              the value of that text in lexicon `lex` (`@rs.lex(...)` qualifies)
///   `$$`, `@@`                 a literal `$` or `@`
///   anything else              literal text
/// The feature is left out of the match when a referenced capture did not take part in it or a
/// look-up finds no entry.
class FeatureTemplate {
 public:
  /// Resolves capture names to group numbers.
  using CaptureResolver = std::function<std::optional<std::uint32_t>(std::string_view)>;
  /// Resolves a lexicon name (throws ConfigError at the location when there is none).
  using LexiconResolver = std::function<const Lexicon&(std::string_view, const SourceLocation&)>;

  /// Parses `text`, the value at `where`. Throws ConfigError naming the exact character for a
  /// stray '$', an unknown capture (listing the known ones) or an unknown lexicon.
  FeatureTemplate(std::string_view text, const StringRef& where, std::uint32_t capture_count,
                  const CaptureResolver& captures, const std::vector<std::string>& capture_names,
                  const LexiconResolver& lexicons, std::string_view context);

  /// The value for a match of `subject` with PCRE2's `ovector` (pairs of offsets), or nullopt.
  std::optional<std::string> evaluate(std::string_view subject, const std::size_t* ovector,
                                      std::uint32_t pairs) const;

 private:
  struct Part {
    enum class Kind { Text, Capture, Lookup } kind = Kind::Text;
    std::string text;
    std::uint32_t group = 0;
    const Lexicon* lexicon = nullptr;
  };
  std::vector<Part> parts_;
};

}  // namespace glean::rules
