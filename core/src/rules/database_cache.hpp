// glean/core/src/rules/database_cache.hpp - DatabaseCache: compiled prefilter databases on disk
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace glean::rules {

/// Keeps compiled prefilter databases on disk, so that a rule set compiles Hyperscan patterns
/// once, not on every run (a large rule set takes seconds). An entry is a blob chosen by the
/// caller, stored under a key that is compared in full on reading (so a hash collision cannot
/// return a wrong database). The folder is $GLEAN_CACHE_DIR, else $XDG_CACHE_HOME/glean, else
/// ~/.cache/glean; GLEAN_CACHE_DIR=off disables the cache. Every failure (no such folder, a
/// truncated file) simply means "not cached".
class DatabaseCache {
 public:
  /// The folder entries go to, or nullopt when caching is off or there is no home.
  static std::optional<std::filesystem::path> folder();

  /// The blob stored under `key`, or nullopt.
  static std::optional<std::string> load(const std::string& key);
  /// Stores `blob` under `key` (atomically: a temporary file renamed into place).
  static void store(const std::string& key, const std::string& blob);
};

}  // namespace glean::rules
