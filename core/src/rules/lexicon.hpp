// glean/core/src/rules/lexicon.hpp - Lexicon: a word -> value table used in patterns and look-ups
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/error.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace glean::rules {

/// A word -> value table. Keys keep their file order; a case-insensitive lexicon folds keys (simple
/// Unicode lower-casing) for look-ups and matches them case-insensitively inside patterns.
class Lexicon {
 public:
  using Entry = std::pair<std::string, std::string>;

  Lexicon(std::string name, bool case_insensitive, SourceLocation where)
      : name_(std::move(name)), case_insensitive_(case_insensitive), where_(std::move(where)) {}

  const std::string& name() const { return name_; }
  bool caseInsensitive() const { return case_insensitive_; }
  const SourceLocation& where() const { return where_; }
  const std::vector<Entry>& entries() const { return entries_; }

  /// Adds an entry; returns false (and adds nothing) when the (folded) key is already there.
  bool add(std::string key, std::string value);
  /// The index of the entry whose (folded) key equals `key`'s, or nullopt.
  std::optional<std::size_t> indexOf(std::string_view key) const;
  /// The value for `key`, or nullopt.
  std::optional<std::string> lookup(std::string_view key) const;

  /// The lexicon as a PCRE2 sub-pattern: a non-capturing alternation of the escaped keys, longest
  /// first (so "May Day" wins over "May"), wrapped in (?i:...) when the lexicon is case-insensitive.
  std::string alternation() const;

  /// Reads entries from a TSV file: "key<TAB>value" per line (value optional: defaults to the
  /// key), blank lines and lines starting with '#' skipped. Throws ConfigError naming file:line.
  void loadTsv(const std::filesystem::path& file);

 private:
  std::string keyOf(std::string_view key) const;

  std::string name_;
  bool case_insensitive_ = false;
  SourceLocation where_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace glean::rules
