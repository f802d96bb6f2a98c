// glean/plugins/segmenter/rule_types.hpp - the rule types and features layout files speak in
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/features.hpp>

#include <string_view>

namespace glean_segmenter {

// Rule types of layout files (rules/layout/README.md documents each).
inline constexpr std::string_view kDetect = "Detect";
inline constexpr std::string_view kTitle = "Title";
inline constexpr std::string_view kMetaField = "MetaField";
inline constexpr std::string_view kHeaderLine = "HeaderLine";
inline constexpr std::string_view kNavigation = "Navigation";
inline constexpr std::string_view kHeading = "Heading";
inline constexpr std::string_view kHeadingContinuation = "HeadingContinuation";
inline constexpr std::string_view kListItem = "ListItem";
inline constexpr std::string_view kFootnote = "Footnote";
inline constexpr std::string_view kFootnoteRef = "FootnoteRef";

// Rule types of sentence files (rules/sentences/README.md).
inline constexpr std::string_view kNoBreak = "NoBreak";
inline constexpr std::string_view kBreak = "Break";

/// A boolean rule feature: a TOML boolean, or the text "true".
inline bool flag(const glean::Features& f, std::string_view key) {
  const glean::FeatureValue* v = f.find(key);
  if (v == nullptr) return false;
  if (const bool* b = std::get_if<bool>(v)) return *b;
  if (const auto* s = std::get_if<std::string>(v)) return *s == "true";
  if (const auto* i = std::get_if<std::int64_t>(v)) return *i != 0;
  return false;
}

}  // namespace glean_segmenter
