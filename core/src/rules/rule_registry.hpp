// glean/core/src/rules/rule_registry.hpp - RuleRegistry: compiled rule sets cached by file
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/compiled_rule_set.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace glean::rules {

/// Loads rule files once and shares them: the host's HostServices::loadRules calls load(). Safe to
/// call from several threads. A cached rule set is reused while none of its files (the rule file,
/// its includes, its lexicon TSVs) changed on disk; otherwise load() compiles it again, which is
/// what `--watch` relies on. A file that fails to compile throws and leaves the cache as it was.
class RuleRegistry {
 public:
  explicit RuleRegistry(CompileOptions options = {}) : options_(std::move(options)) {}

  /// The compiled rule set of `file`. Throws ConfigError naming file:line:col.
  std::shared_ptr<const CompiledRuleSet> load(const std::filesystem::path& file);

  /// True when a cached rule set's files changed since it was compiled (or it is not cached).
  bool stale(const std::filesystem::path& file) const;

  /// Turns profiling on for every rule set loaded now or later.
  void setProfiling(bool on);
  /// Every loaded rule set's counters, slowest first.
  std::vector<RuleProfile> profile() const;
  /// The rule sets now cached.
  std::vector<std::shared_ptr<const CompiledRuleSet>> loaded() const;

  void clear();

 private:
  struct Stamp {
    std::filesystem::path path;
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
  };
  struct Entry {
    std::shared_ptr<const CompiledRuleSet> rules;
    std::vector<Stamp> stamps;
  };
  static std::vector<Stamp> stampsOf(const CompiledRuleSet& rules);
  static bool changed(const std::vector<Stamp>& stamps);

  CompileOptions options_;
  mutable std::mutex mutex_;
  std::map<std::filesystem::path, Entry> cache_;  // canonical path -> entry
  bool profiling_ = false;
};

}  // namespace glean::rules
