// glean/plugins/segmenter/meta_schema.hpp - MetaSchema: the document metadata keys and their types
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/features.hpp>
#include <glean/rules.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glean_segmenter {

/// What a metadata value must look like.
enum class MetaKind {
  Text,      ///< any text (whitespace collapsed)
  Integer,   ///< a decimal integer ("2009"; "202 3" from PDF text counts as 2023)
  Date,      ///< ISO 8601 calendar date: YYYY-MM-DD, YYYY-MM or YYYY, checked against the calendar
  DateTime,  ///< YYYY-MM-DDThh:mm[:ss][Z]
};

/// The metadata keys a layout may set, read from the rule file's `meta_keys` lexicon
/// (key -> text | integer | date | datetime). A rule feature whose name is one of these keys sets
/// that metadata entry; every other feature stays on its annotation only.
class MetaSchema {
 public:
  /// Reads the lexicon; throws std::invalid_argument naming a bad kind.
  explicit MetaSchema(const glean::RuleSet& rules);

  /// The kind of `key`, or nullopt when the key is not document metadata.
  std::optional<MetaKind> kindOf(std::string_view key) const;

  /// Normalizes `value` for `kind`; nullopt (and `problem` set) when it does not fit.
  static std::optional<glean::FeatureValue> normalize(MetaKind kind, std::string_view value,
                                                      std::string& problem);

 private:
  std::vector<std::pair<std::string, MetaKind>> keys_;
};

}  // namespace glean_segmenter
