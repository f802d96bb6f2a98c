// glean/core/src/rules/text_util.hpp - UTF-8 helpers the rule engine needs (validation, folding)
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glean::rules {

/// The offset of the first byte of `text` that does not start a valid UTF-8 sequence, or nullopt.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

/// The number of code points in `text` (valid UTF-8); a column counter, as toml++ counts columns.
std::size_t countCodePoints(std::string_view text);

/// Appends the UTF-8 encoding of `cp` (a valid code point) to `out`.
void appendUtf8(std::string& out, char32_t cp);

/// Simple Unicode lower-casing of every code point (C.UTF-8 tables), used to fold lexicon keys.
std::string foldCase(std::string_view text);

/// `text` as a PCRE2 literal: every ASCII character that is not a letter or digit is escaped with a
/// backslash (safe in both PCRE2 and Hyperscan, and in extended mode, where spaces would vanish).
std::string escapeRegexLiteral(std::string_view text);

/// The candidates closest to `word` (edit distance at most 2, or a third of its length), best
/// first; used for "did you mean" hints.
std::vector<std::string> closestMatches(std::string_view word,
                                        const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" for the closest candidate, or an empty string.
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

/// `'a', 'b', 'c'`: a list for messages.
std::string quotedList(const std::vector<std::string>& items);

}  // namespace glean::rules
